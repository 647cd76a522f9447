"""What the audit trail can record: each app declares its actions with a label in the reader's
language (in its own ``audit_actions.py`` or services module), so the trail page names every
event without knowing the apps."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class AuditAction:
    name: str  # "<app>.<thing>_<verb>", e.g. "opinions.statement_moderate"
    label: Promise


_ACTIONS: dict[str, AuditAction] = {}


def audit_action(name: str, label: Promise) -> str:
    """Declare an action; returns its name for the services to record. Declaring the same name
    twice with another label is a programming error."""
    known = _ACTIONS.get(name)
    if known is not None and str(known.label) != str(label):
        raise ValueError(f"audit action {name!r} is declared twice")
    _ACTIONS[name] = AuditAction(name=name, label=label)
    return name


def audit_action_get(name: str) -> AuditAction | None:
    return _ACTIONS.get(name)


def audit_actions() -> list[AuditAction]:
    return sorted(_ACTIONS.values(), key=lambda action: action.name)
