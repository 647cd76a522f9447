"""Who is asked to the workshop and who comes: the quota table of the room's mix, and one
invitation per stakeholder with its answer (RSVP by link, no account) and its check-in."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope


class QuotaAttribute(models.TextChoices):
    """What a quota counts, each read off the stakeholder record."""

    TARGET_GROUP = "target_group", _("target group")
    ORIGIN = "origin", _("origin group")
    IMMIGRATION_HISTORY = "immigration_history", _("immigration history")
    GENDER = "gender", _("gender")
    AGE_BAND = "age_band", _("age band")
    DEPARTMENT = "department", _("department")
    ORGANISATION_KIND = "organisation_kind", _("kind of organisation")


class Quota(models.Model):
    """A row of the quota table: between ``minimum`` and ``maximum`` people of the room have
    ``value`` for ``attribute``."""

    class Source(models.TextChoices):
        STATISTICS = "statistics", _("the municipality's statistics")
        METHOD = "method", _("the method")
        MANUAL = "manual", _("entered by hand")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="quotas"
    )
    attribute = models.CharField(_("attribute"), max_length=30, choices=QuotaAttribute.choices)
    value = models.CharField(_("value"), max_length=120)
    minimum = models.PositiveIntegerField(_("minimum"))
    maximum = models.PositiveIntegerField(_("maximum"))
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    # Where the figure came from, in words (e.g. "14.2 % foreign residents, 2024").
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attribute", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "attribute", "value"], name="unique_quota_value"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("maximum")), name="quota_min_not_above_max"
            ),
        ]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self) -> str:
        return f"{self.get_attribute_display()} = {self.value}: {self.minimum}–{self.maximum}"

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope


def invitation_key() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        LETTER = "letter", _("printed letter")

    class Answer(models.TextChoices):
        PENDING = "pending", _("no answer yet")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="invitations"
    )
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder", on_delete=models.CASCADE, related_name="invitations"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The secret in the RSVP link and the check-in QR code: whoever holds the letter answers.
    key = models.CharField(max_length=64, unique=True, default=invitation_key, editable=False)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "stakeholder"], name="unique_invitation_per_stakeholder"
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.stakeholder} – {self.get_answer_display()}"

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope


class RoomPlan(models.Model):
    """The planned size of the workshop's room, against which the quotas are counted."""

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="room_plan"
    )
    room_size = models.PositiveIntegerField(_("planned room size"), default=40)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("room plan")
        verbose_name_plural = _("room plans")

    def __str__(self) -> str:
        return f"{self.process_id}: {self.room_size}"

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope


class DistanceRecord(models.Model):
    """The room's overall distance from the quotas after a change (an invitation, an answer, a
    check-in, a quota): the gap view shows the value before and after the latest change."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        CONFIRMED = "confirmed", _("confirmed")
        ATTENDED = "attended", _("attended")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="distance_records"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    distance = models.FloatField(null=True)
    shortfall = models.PositiveIntegerField(default=0)
    # What changed, in the audit trail's words (e.g. "invitations.create").
    change = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["process", "status", "-id"])]
        verbose_name = _("distance record")
        verbose_name_plural = _("distance records")

    def __str__(self) -> str:
        return f"{self.process_id} {self.status}: {self.distance}"
