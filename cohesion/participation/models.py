from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceConsent(models.Model):
    """That a device agreed to the privacy notice, and to which version: recorded when the
    device's first contribution sets its cookie, with the notice shown beside the button that
    sends it (GDPR Art. 7(1): the platform can show that consent was given). Keyed by the
    device hash only; erased with the device's contributions."""

    device_hash = models.CharField(max_length=64, unique=True, editable=False)
    notice_version = models.PositiveSmallIntegerField(editable=False)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent to the privacy notice")
        verbose_name_plural = _("consents to the privacy notice")

    def __str__(self) -> str:
        return f"consent {self.pk} (notice {self.notice_version})"
