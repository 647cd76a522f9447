from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality
from cohesion.audit.models import AuditEvent
from cohesion.audit.registry import audit_action_get

# A page of the trail: enough to read, bounded so one request never reads the whole table.
AUDIT_PAGE_SIZE = 50


def audit_events_visible_to(*, user) -> QuerySet[AuditEvent]:
    """Coordinators see their municipalities' events, programme managers their programmes'
    (including the events of the municipalities that run a process in them); nobody else any."""
    if not user.is_authenticated:
        return AuditEvent.objects.none()
    coordinated = [
        municipality_id
        for municipality_id, roles in user_roles_by_municipality(user=user).items()
        if Role.COORDINATOR in roles
    ]
    managed = list(user_managed_programme_ids(user=user))
    if not coordinated and not managed:
        return AuditEvent.objects.none()
    scope = Q(municipality_id__in=coordinated) | Q(programme_id__in=managed)
    if managed:
        scope |= Q(municipality__processes__programme_id__in=managed)
    return (
        AuditEvent.objects.filter(scope)
        .distinct()
        .select_related("municipality", "programme")
        .order_by("-occurred_at", "-pk")
    )


def audit_events_of(*, target) -> QuerySet[AuditEvent]:
    """The trail of one object (an import, a statement), oldest first."""
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("occurred_at", "pk")


@dataclass(frozen=True)
class AuditEntry:
    """An event as the trail page shows it: the action's label in the reader's language and the
    fields that changed, old and new side by side."""

    event: AuditEvent
    label: str
    changes: list[tuple[str, object, object]]


def _changes(before, after) -> list[tuple[str, object, object]]:
    before = before if isinstance(before, dict) else ({} if before is None else {"": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"": after})
    keys = list(dict.fromkeys([*before, *after]))
    return [(key, before.get(key), after.get(key)) for key in keys]


def audit_entries(events) -> list[AuditEntry]:
    entries = []
    for event in events:
        action = audit_action_get(event.action)
        entries.append(
            AuditEntry(
                event=event,
                label=str(action.label) if action else event.action,
                changes=_changes(event.before, event.after),
            )
        )
    return entries
