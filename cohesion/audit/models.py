from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change, written by the service that made it, in the same transaction: who,
    when, what, and before and after where it matters (as Zulip's RealmAuditLog).

    Scoped to a municipality and/or a programme so that each person sees only their part:
    coordinators their municipality's events, programme managers their programme's. Rows are
    never changed; the actor's name is kept as text so the trail outlives a deleted account.
    """

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The user name, "participant 12", or empty for the system (a command, the worker).
    actor_label = models.CharField(max_length=150, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    programme = models.ForeignKey(
        "processes.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What was changed: a model label and primary key, and its name at the time.
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "-occurred_at"], name="audit_by_municipality"),
            models.Index(fields=["programme", "-occurred_at"], name="audit_by_programme"),
            models.Index(fields=["target_type", "target_id"], name="audit_by_target"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action}"
