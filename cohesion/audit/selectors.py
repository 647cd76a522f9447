from django.db.models import Q, QuerySet

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import user_managed_programme_ids, user_roles_by_municipality
from cohesion.audit.models import AuditEvent

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
