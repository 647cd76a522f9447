"""A drawn panel and what it was drawn from, so the organiser can show every volunteer's chance
afterwards and anyone can check the draw again with the same seed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LotteryDraw(models.Model):
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="lottery_draws"
    )
    seats = models.PositiveIntegerField(_("seats"))
    seed = models.BigIntegerField(_("seed"))
    # [{"id": …, attribute: value, …}, …] in the uploaded order
    pool = models.JSONField(_("volunteer pool"))
    # [{"attribute", "value", "min", "max"}, …]
    quotas = models.JSONField(_("quotas"))
    probabilities = models.JSONField(_("selection probabilities"))  # {id: p}
    selected = models.JSONField(_("selected volunteers"))  # [id, …]
    min_probability = models.FloatField(_("smallest selection probability"))
    method = models.CharField(_("method"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")

    def __str__(self) -> str:
        return f"{self.seats} / {len(self.pool)}"
