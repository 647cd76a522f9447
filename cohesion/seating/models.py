from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SeatingPlan(models.Model):
    """A seating of the workshop's people at mixed tables over several rounds: who was seated
    (a snapshot, so the plan stays as printed when invitations change) and where."""

    class Source(models.TextChoices):
        EXPECTED = "expected", _("Everyone who confirmed or came")
        ATTENDED = "attended", _("Only those who came (checked in)")
        UPLOAD = "upload", _("A CSV file")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="seating_plans"
    )
    tables = models.PositiveIntegerField(_("tables"))
    rounds = models.PositiveIntegerField(_("rounds"))
    seed = models.PositiveIntegerField(_("seed"), default=0)
    source = models.CharField(_("people"), max_length=10, choices=Source.choices)
    # [{"id", "name", "target_group", "department", "origin", "language", "keep_with"}, …]
    people = models.JSONField(default=list)
    # {"rounds": [[{"table": 1, "people": [ids…]}, …], …]}, as the command prints it
    result = models.JSONField(default=dict)
    repeated_encounters = models.PositiveIntegerField(default=0)
    spread_violations = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("seating plan")
        verbose_name_plural = _("seating plans")

    def __str__(self) -> str:
        return f"{self.tables} × {self.rounds}"

    @property
    def permission_scope(self):
        return self.process.permission_scope
