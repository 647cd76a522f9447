"""The system as the actor of a service: the demo loader and management commands act as the
installation itself, which may do anything and is recorded in the audit trail without a name.

Passing ``actor=SYSTEM`` is explicit at every call; no service treats a missing actor as the
system, so a view that forgets the user fails instead of gaining every permission."""


class SystemActor:
    is_authenticated = False
    is_anonymous = False
    is_superuser = False
    pk = None

    def has_perm(self, perm: str, obj=None) -> bool:
        return True

    def get_username(self) -> str:
        return ""

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def user_or_none(actor):
    """The person to store in a user foreign key: the actor when it is someone logged in, None
    for the system."""
    return actor if actor.is_authenticated else None
