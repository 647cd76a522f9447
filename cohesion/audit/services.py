"""Writing the audit trail. Services call ``audit_record`` inside their own transaction, so the
event is stored exactly when the change is: a rolled-back change leaves no event, and no
change goes unrecorded. One explicit call rather than model signals: a signal cannot know the
actor or the intent (an import's revision versus its undo), and bulk writes send none."""

from django.db import models

from cohesion.audit.models import AuditEvent
from cohesion.audit.registry import audit_action_get


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return actor.get_username()[:150]


def audit_record(
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    municipality=None,
    programme=None,
    process=None,
    target: models.Model | None = None,
    target_label: str = "",
    before=None,
    after=None,
) -> AuditEvent:
    """Record one state change. ``action`` must have been declared with ``audit_action``;
    ``before`` and ``after`` are JSON-able dicts of what changed (dates and decimals allowed).
    ``process``: a change within a municipality's process, recorded under the process's
    municipality and programme (read from it; the trail knows no process model)."""
    if audit_action_get(action) is None:
        raise ValueError(f"undeclared audit action {action!r}")
    if process is not None:
        municipality, programme = process.municipality_id, process.programme_id
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        action=action,
        actor=user,
        actor_label=(actor_label or _actor_label(actor))[:150],
        municipality_id=_pk(municipality),
        programme_id=_pk(programme),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:200],
        before=before,
        after=after,
    )


def _pk(obj) -> int | None:
    if obj is None:
        return None
    return obj if isinstance(obj, int) else obj.pk
