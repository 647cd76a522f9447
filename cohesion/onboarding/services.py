"""Onboarding without an administrator (adding a municipality, staff invitations) and the
mayor's commitment. Every change checks its permission, runs in one transaction, is audited
inside it, and sends its mail after commit."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import user_with_email
from cohesion.accounts.services import language_validate, membership_grant, user_create
from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import SYSTEM, user_or_none
from cohesion.onboarding.models import Commitment, CommitmentOverride, StaffInvitation
from cohesion.processes.services import process_start

MUNICIPALITY_ADD = audit_action(
    "onboarding.municipality_add", gettext_lazy("Municipality added to the programme")
)
INVITATION_CREATE = audit_action(
    "onboarding.staff_invitation_create", gettext_lazy("Colleague invited")
)
INVITATION_RESEND = audit_action(
    "onboarding.staff_invitation_resend", gettext_lazy("Invitation sent again")
)
INVITATION_REVOKE = audit_action(
    "onboarding.staff_invitation_revoke", gettext_lazy("Invitation revoked")
)
INVITATION_ACCEPT = audit_action(
    "onboarding.staff_invitation_accept", gettext_lazy("Invitation accepted")
)
COMMITMENT_RECORD = audit_action(
    "onboarding.commitment_record", gettext_lazy("Mayor's commitment recorded")
)
COMMITMENT_OVERRIDE = audit_action(
    "onboarding.commitment_override",
    gettext_lazy("Process let on without the mayor's commitment"),
)

# Roles a coordinator may give to colleagues; a coordinator is invited by a programme manager.
COLLEAGUE_ROLES = frozenset({Role.MODERATOR, Role.WORKING_GROUP_MEMBER, Role.HELPER})

PDF_MAGIC = b"%PDF-"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_may_invite(actor, process, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    perm = (
        "onboarding.invite_coordinator"
        if role not in COLLEAGUE_ROLES
        else "onboarding.invite_colleague"
    )
    if not actor.has_perm(perm, process):
        raise PermissionDenied


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid e-mail address."), code="email") from None
    # The domain is case-insensitive; the local part is kept as typed.
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _accept_url(site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("onboarding:accept", args=[token])


def _mail_invitation(*, invitation: StaffInvitation, link: str, inviter_name: str) -> None:
    """The invitation in the invitee's language, with the link (sent after commit)."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "role": invitation.get_role_display(),
            "municipality": invitation.municipality.name,
            "programme": invitation.programme.name,
            "link": link,
            "inviter": inviter_name or str(settings.PRODUCT_NAME),
            "expires_on": timezone.localtime(invitation.expires_at).date(),
        }
        subject = _("Invitation to the integration process in %(municipality)s") % {
            "municipality": invitation.municipality.name
        }
        body = render_to_string("onboarding/invitation_mail.txt", context)
    send_mail(
        subject=subject,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.STAFF_INVITATION_DAYS)


def _schedule_mail(invitation: StaffInvitation, *, token: str, site_url: str, actor) -> None:
    link = _accept_url(site_url, token)
    inviter = "" if actor is SYSTEM else (actor.get_full_name() or actor.get_username())
    transaction.on_commit(
        lambda: _mail_invitation(invitation=invitation, link=link, inviter_name=inviter)
    )


def staff_invitation_create(
    *, actor, process, email: str, role: str, language: str, site_url: str
) -> StaffInvitation:
    """Invite a person by e-mail to a role in the process's municipality. ``site_url`` is the
    address the link in the mail starts with (the request's, e.g. https://cohesion.example.org)."""
    _check_may_invite(actor, process, role)
    email = _clean_email(email)
    language_validate(language)
    token, hashed = _new_token()
    with transaction.atomic():
        already = StaffInvitation.objects.filter(
            process=process,
            email__iexact=email,
            role=role,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exists()
        if already:
            raise ValidationError(
                _("%(email)s already has an open invitation for this role; send it again instead.")
                % {"email": email},
                code="duplicate",
            )
        invitation = StaffInvitation.objects.create(
            municipality_id=process.municipality_id,
            programme_id=process.programme_id,
            process=process,
            email=email,
            role=role,
            language=language,
            token_hash=hashed,
            created_by=user_or_none(actor),
            expires_at=_expiry(),
        )
        audit_record(
            action=INVITATION_CREATE,
            actor=actor,
            process=process,
            target=invitation,
            after={"email": email, "role": role, "language": language},
        )
        _schedule_mail(invitation, token=token, site_url=site_url, actor=actor)
    return invitation


def staff_invitation_resend(
    *, actor, invitation: StaffInvitation, site_url: str
) -> StaffInvitation:
    """A fresh link (only the token's hash is kept, so the old link cannot be sent again; it
    stops working) and a fresh expiry."""
    _check_may_invite(actor, invitation.process, invitation.role)
    token, hashed = _new_token()
    with transaction.atomic():
        locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None or locked.revoked_at is not None:
            raise ValidationError(
                _("This invitation was already accepted or revoked."), code="closed"
            )
        locked.token_hash = hashed
        locked.expires_at = _expiry()
        locked.save(update_fields=["token_hash", "expires_at"])
        audit_record(
            action=INVITATION_RESEND,
            actor=actor,
            process=invitation.process,
            target=locked,
            after={"email": locked.email, "role": locked.role},
        )
        _schedule_mail(locked, token=token, site_url=site_url, actor=actor)
    return locked


def staff_invitation_revoke(*, actor, invitation: StaffInvitation) -> StaffInvitation:
    _check_may_invite(actor, invitation.process, invitation.role)
    with transaction.atomic():
        locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError(
                _("This invitation was already accepted; take the role away instead."),
                code="accepted",
            )
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            audit_record(
                action=INVITATION_REVOKE,
                actor=actor,
                process=invitation.process,
                target=locked,
                before={"email": locked.email, "role": locked.role},
            )
    return locked


class InvitationUnusable(Exception):
    """The link is wrong (404) or no longer valid: expired, revoked or used (410)."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def _locked_open_invitation(token: str) -> StaffInvitation:
    invitation = (
        StaffInvitation.objects.select_for_update(of=("self",))
        .select_related("process", "municipality", "programme", "created_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("unknown")
    if not invitation.is_open:
        raise InvitationUnusable(invitation.status)
    return invitation


def staff_invitation_accept(
    *,
    token: str,
    user=None,
    username: str = "",
    password: str = "",
    first_name: str = "",
    last_name: str = "",
) -> tuple[StaffInvitation, object]:
    """Accept an invitation: with ``user`` (an account the person just proved to own, by
    logging in) or by creating an account with the person's own user name and password.

    The role is given in the name of whoever invited, who must still be allowed to give it: a
    coordinator who lost the role meanwhile no longer lets anyone in. Raises
    InvitationUnusable for a wrong, expired, revoked or used link, ValidationError for a bad
    user name or password; nothing is written then."""
    with transaction.atomic():
        invitation = _locked_open_invitation(token)
        inviter = invitation.created_by if invitation.created_by_id else SYSTEM
        if inviter is not SYSTEM:
            try:
                _check_may_invite(inviter, invitation.process, invitation.role)
            except PermissionDenied:
                raise InvitationUnusable("revoked") from None
        if user is not None and user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _("This invitation is for another e-mail address."), code="other_email"
            )
        if user is None:
            if user_with_email(email=invitation.email) is not None:
                raise ValidationError(
                    _("An account with this e-mail address exists already: log in to accept."),
                    code="existing",
                )
            candidate = _user_model()(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=invitation.email,
            )
            password_validation.validate_password(password, user=candidate)
            user = user_create(
                username=username,
                password=password,
                first_name=first_name,
                last_name=last_name,
                language=invitation.language,
                email=invitation.email,
            )
        membership_grant(
            user=user, municipality=invitation.municipality, role=invitation.role, actor=inviter
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        audit_record(
            action=INVITATION_ACCEPT,
            actor=user,
            process=invitation.process,
            target=invitation,
            after={"email": invitation.email, "role": invitation.role, "user": user.get_username()},
        )
    return invitation, user


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def staff_invitation_get_open(*, token: str) -> StaffInvitation:
    """The invitation a link names, if it can still be accepted (the accept page reads it
    before the person fills the form); raises InvitationUnusable otherwise."""
    invitation = (
        StaffInvitation.objects.select_related("process", "municipality", "programme")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("unknown")
    if not invitation.is_open:
        raise InvitationUnusable(invitation.status)
    return invitation


# Invitations nobody accepted are kept this long after they expired or were revoked (the team
# page no longer lists them); then the address goes. The audit trail keeps its own record.
UNACCEPTED_KEEP_DAYS = 30


def staff_invitations_prune(*, now=None) -> int:
    """Delete invitations that expired or were revoked more than UNACCEPTED_KEEP_DAYS ago
    without being accepted; returns how many went (the worker's daily upkeep)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=UNACCEPTED_KEEP_DAYS)
    stale = StaffInvitation.objects.filter(accepted_at__isnull=True).filter(
        Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff)
    )
    deleted, _detail = stale.delete()
    return deleted


def municipality_add(
    *, actor, programme, municipality, coordinator_email: str, language: str, site_url: str
):
    """Add a municipality from the registry to the programme (its process starts in phase 1)
    and invite its coordinator, in one step: either both happen or neither."""
    if not actor.has_perm("onboarding.add_municipality", programme):
        raise PermissionDenied
    email = _clean_email(coordinator_email)
    language_validate(language)
    with transaction.atomic():
        if programme.processes.filter(municipality=municipality).exists():
            raise ValidationError(
                _("%(name)s already takes part in this programme.") % {"name": municipality.name},
                code="exists",
            )
        process = process_start(actor=actor, programme=programme, municipality=municipality)
        audit_record(
            action=MUNICIPALITY_ADD,
            actor=actor,
            process=process,
            target=process,
            after={"ags": municipality.ags, "coordinator": email},
        )
        invitation = staff_invitation_create(
            actor=actor,
            process=process,
            email=email,
            role=Role.COORDINATOR,
            language=language,
            site_url=site_url,
        )
    return process, invitation


def _check_letter(letter: UploadedFile | None) -> None:
    if letter is None:
        return
    limit = settings.COMMITMENT_LETTER_MAX_MB * 1024 * 1024
    if letter.size is None or letter.size > limit:
        raise ValidationError(
            _("The letter is larger than %(mb)s MB.") % {"mb": settings.COMMITMENT_LETTER_MAX_MB},
            code="size",
        )
    letter.seek(0)
    head = letter.read(len(PDF_MAGIC))
    letter.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(_("The letter is not a PDF file."), code="not_pdf")


def _commitment_state(commitment: Commitment | None) -> dict | None:
    if commitment is None:
        return None
    return {
        "signatory_name": commitment.signatory_name,
        "office": commitment.office,
        "given_on": commitment.given_on.isoformat(),
        "given_as": commitment.given_as,
        "letter": bool(commitment.letter),
    }


def commitment_record(
    *,
    actor,
    process,
    signatory_name: str,
    office: str,
    given_on: datetime.date,
    given_as: str,
    letter: UploadedFile | None = None,
) -> Commitment:
    """Record (or correct) the mayor's or deputy mayor's commitment; a new letter replaces the
    old one, no letter keeps it."""
    if not actor.has_perm("onboarding.record_commitment", process):
        raise PermissionDenied
    _check_letter(letter)
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().filter(process=process).first()
        before = _commitment_state(commitment)
        if commitment is None:
            commitment = Commitment(process=process)
        old_letter = commitment.letter.name if commitment.letter else ""
        commitment.signatory_name = (signatory_name or "").strip()
        commitment.office = office
        commitment.given_on = given_on
        commitment.given_as = given_as
        commitment.recorded_by = user_or_none(actor)
        if letter is not None:
            commitment.letter.save("letter.pdf", letter, save=False)
        try:
            commitment.full_clean(exclude=["process"])
        except ValidationError:
            if letter is not None and commitment.letter:
                commitment.letter.storage.delete(commitment.letter.name)
            raise
        commitment.save()
        audit_record(
            action=COMMITMENT_RECORD,
            actor=actor,
            process=process,
            target=commitment,
            before=before,
            after=_commitment_state(commitment),
        )
        if letter is not None and old_letter:
            storage = commitment.letter.storage
            transaction.on_commit(lambda: storage.delete(old_letter))
    return commitment


def commitment_override(*, actor, process, reason: str) -> CommitmentOverride:
    """A programme manager lets the process into the workshop without the commitment; the
    written reason is required and kept in the audit trail."""
    if not actor.has_perm("onboarding.override_commitment", process):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) > 4000:
        raise ValidationError(_("Keep the reason under 4,000 characters."), code="reason_long")
    if len(reason) < 10:
        raise ValidationError(
            _("Write the reason for letting the process go on without the commitment."),
            code="reason",
        )
    with transaction.atomic():
        override = CommitmentOverride.objects.select_for_update().filter(process=process).first()
        before = {"reason": override.reason} if override else None
        if override is None:
            override = CommitmentOverride(process=process)
        override.reason = reason
        override.decided_by = user_or_none(actor)
        override.save()
        audit_record(
            action=COMMITMENT_OVERRIDE,
            actor=actor,
            process=process,
            target=override,
            before=before,
            after={"reason": override.reason},
        )
    return override
