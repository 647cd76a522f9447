from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohesion.accounts.models import Membership, Role, User
from cohesion.accounts.selectors import user_forget_cached_roles

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def language_validate(language: str) -> str:
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            _("“%(code)s” is not a language Cohesion offers."), params={"code": language}
        )
    return language


def user_create(
    *, username: str, password: str, first_name: str = "", last_name: str = "", language: str = ""
) -> User:
    if language:
        language_validate(language)
    with transaction.atomic():
        user = User(
            username=username, first_name=first_name, last_name=last_name, language=language
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


def membership_grant(*, user: User, municipality, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            user=user, municipality=municipality, role=role
        )
    user_forget_cached_roles(user=user)
    return membership
