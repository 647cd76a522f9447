"""Onboarding a municipality without an administrator, and the mayor's commitment (phase 1).

A staff invitation carries only the SHA-256 of its token: the link in the e-mail holds the token
itself, so a copy of the database cannot be turned into working links."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Role
from cohesion.core.scope import Scope


class StaffInvitation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")
        ACCEPTED = "accepted", _("accepted")

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey("processes.Programme", on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="staff_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.municipality_id}"

    @property
    def permission_scope(self) -> Scope:
        return Scope(
            municipality_id=self.municipality_id, programme_ids=frozenset({self.programme_id})
        )

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.OPEN

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


def _letter_path(instance, filename: str) -> str:
    # A random name: the uploader's file name says nothing the server needs and may say too much.
    return f"commitments/{uuid.uuid4().hex}.pdf"


class Commitment(models.Model):
    """The mayor's or deputy mayor's commitment to take part in person (the method's condition
    of eligibility)."""

    class Office(models.TextChoices):
        MAYOR = "mayor", _("mayor")
        DEPUTY_MAYOR = "deputy_mayor", _("deputy mayor")

    class Form(models.TextChoices):
        SIGNED_LETTER = "signed_letter", _("signed letter")
        COUNCIL_DECISION = "council_decision", _("council decision")
        EMAIL = "email", _("e-mail")
        IN_PERSON = "in_person", _("in person")
        OTHER = "other", _("other")

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="commitment"
    )
    signatory_name = models.CharField(_("name of the signatory"), max_length=200)
    office = models.CharField(_("office"), max_length=20, choices=Office.choices)
    given_on = models.DateField(_("date given"))
    given_as = models.CharField(_("how it was given"), max_length=20, choices=Form.choices)
    letter = models.FileField(_("signed letter (PDF)"), upload_to=_letter_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.signatory_name} ({self.get_office_display()})"

    @property
    def permission_scope(self) -> Scope:
        return Scope(
            municipality_id=self.process.municipality_id,
            programme_ids=frozenset({self.process.programme_id}),
        )


class CommitmentOverride(models.Model):
    """A programme manager lets the process go on without the commitment, with a written
    reason (the audit trail keeps every change of it)."""

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="commitment_override"
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("override of the commitment")
        verbose_name_plural = _("overrides of the commitment")

    def __str__(self) -> str:
        return f"{self.process_id}: {self.reason[:40]}"
