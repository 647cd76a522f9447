from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerGroup(models.Model):
    """The municipalities a municipality compares itself with, picked by hand."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="peer_group"
    )
    peers = models.ManyToManyField("municipalities.Municipality", related_name="+", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")

    def __str__(self) -> str:
        return f"peers of {self.municipality_id}"
