from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.accounts.models import Membership, Role, User
from cohesion.accounts.selectors import (
    user_forget_cached_roles,
    user_managed_programme_ids,
    user_roles_by_municipality,
)
from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)

LOGIN_SUCCEEDED = audit_action("accounts.login_succeed", gettext_lazy("Logged in"))
LOGIN_FAILED = audit_action("accounts.login_fail", gettext_lazy("Failed log-in"))
MEMBERSHIP_GRANTED = audit_action("accounts.membership_grant", gettext_lazy("Role given"))
MEMBERSHIP_REVOKED = audit_action("accounts.membership_revoke", gettext_lazy("Role taken away"))

# The longest user name a failed attempt is recorded with (the field's own length): what an
# attacker types is stored bounded, and never the password.
ATTEMPTED_USERNAME_MAX = User._meta.get_field("username").max_length


def language_validate(language: str) -> str:
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            _("“%(code)s” is not a language Cohesion offers."), params={"code": language}
        )
    return language


def user_create(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    email: str = "",
) -> User:
    if language:
        language_validate(language)
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            language=language,
            email=email,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
    return user


def user_set_language(*, user: User, language: str) -> None:
    """Remember the interface language on the account (the cookie remembers it for guests)."""
    language_validate(language)
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _scopes_of(user: User | None) -> list[dict]:
    """Where an event about this person belongs in the trail: each municipality in which they
    hold a role, else each programme they manage, else nowhere in particular."""
    if user is None:
        return [{}]
    municipalities = sorted(user_roles_by_municipality(user=user))
    if municipalities:
        return [{"municipality": pk} for pk in municipalities]
    programmes = sorted(user_managed_programme_ids(user=user))
    return [{"programme": pk} for pk in programmes] or [{}]


def login_record_success(*, user: User, address: str | None) -> None:
    """A person logged in (called by the log-in view, which knows the address)."""
    with transaction.atomic():
        for scope in _scopes_of(user):
            audit_record(
                action=LOGIN_SUCCEEDED,
                actor=user,
                target=user,
                after={"address": address or ""},
                **scope,
            )


def login_record_failure(*, username: str, address: str | None, locked_out: bool) -> None:
    """A log-in was refused: the user name tried and the address, never the password. When the
    name is a person's, the event goes to their municipalities' trails, so that a coordinator
    sees someone guessing a colleague's password."""
    attempted = (username or "")[:ATTEMPTED_USERNAME_MAX]
    user = User.objects.filter(username=attempted).first() if attempted else None
    with transaction.atomic():
        for scope in _scopes_of(user):
            audit_record(
                action=LOGIN_FAILED,
                actor_label=attempted,
                target=user,
                target_label=attempted,
                after={"username": attempted, "address": address or "", "locked_out": locked_out},
                **scope,
            )


def _check_may_manage_memberships(actor, municipality) -> None:
    # The demo and commands pass SYSTEM, which may; a missing actor fails here.
    if not actor.has_perm("accounts.manage_memberships", municipality):
        raise PermissionDenied


def membership_grant(*, user: User, municipality, role: str, actor) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    _check_may_manage_memberships(actor, municipality)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, municipality=municipality, role=role
        )
        if created:
            audit_record(
                action=MEMBERSHIP_GRANTED,
                actor=actor,
                municipality=municipality,
                target=user,
                after={"role": role},
            )
    user_forget_cached_roles(user=user)
    return membership


def membership_revoke(*, user: User, municipality, role: str, actor) -> bool:
    """Take a role away; False when the person did not hold it."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    _check_may_manage_memberships(actor, municipality)
    with transaction.atomic():
        deleted, _detail = Membership.objects.filter(
            user=user, municipality=municipality, role=role
        ).delete()
        if deleted:
            audit_record(
                action=MEMBERSHIP_REVOKED,
                actor=actor,
                municipality=municipality,
                target=user,
                before={"role": role},
            )
    user_forget_cached_roles(user=user)
    return bool(deleted)
