import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import user_or_none
from cohesion.core.realtime import broadcast_on_commit, event_build, process_group_name
from cohesion.processes.capabilities import guard_verdicts
from cohesion.processes.models import PhaseTransition, Process, Programme
from cohesion.processes.phases import FIRST_PHASE, PHASES_BY_SLUG, phase_after
from cohesion.processes.realtime import PHASE_CHANGED

PROGRAMME_CREATE = audit_action("processes.programme_create", gettext_lazy("programme created"))
PROCESS_START = audit_action("processes.process_start", gettext_lazy("process started"))
PROCESS_ADVANCE = audit_action(
    "processes.process_advance", gettext_lazy("process moved on to the next phase")
)
PROCESS_ADVANCE_UNDO = audit_action(
    "processes.process_advance_undo", gettext_lazy("move to the next phase undone")
)


def programme_create(
    *, actor, name: str, slug: str, description: str = "", managers=()
) -> Programme:
    if not actor.has_perm("processes.add_programme"):
        raise PermissionDenied
    with transaction.atomic():
        programme = Programme(name=name, slug=slug, description=description)
        programme.full_clean()
        programme.save()
        programme.managers.set(managers)
        audit_record(
            action=PROGRAMME_CREATE,
            actor=actor,
            programme=programme,
            target=programme,
            after={"name": name, "slug": slug},
        )
    return programme


def process_start(
    *, actor, programme: Programme, municipality, started_on: datetime.date | None = None
) -> Process:
    if not actor.has_perm("processes.start_process", programme):
        raise PermissionDenied
    with transaction.atomic():
        process = Process.objects.create(
            programme=programme,
            municipality=municipality,
            started_on=started_on or timezone.localdate(),
            current_phase_slug=FIRST_PHASE.slug,
        )
        PhaseTransition.objects.create(
            process=process,
            to_phase_slug=FIRST_PHASE.slug,
            kind=PhaseTransition.Kind.START,
            actor=user_or_none(actor),
        )
        audit_record(
            action=PROCESS_START,
            actor=actor,
            municipality=municipality,
            programme=programme,
            target=process,
            after={"phase": FIRST_PHASE.slug},
        )
    return process


def _locked_as_seen(process: Process, expected_phase_slug: str) -> Process:
    """The process, locked for the change, if it is still in the phase the actor saw; if
    someone else changed it in the meantime, nothing changes and the actor is told."""
    locked = (
        Process.objects.select_for_update()
        .select_related("municipality", "programme")
        .get(pk=process.pk)
    )
    if locked.current_phase_slug != expected_phase_slug:
        raise ValidationError(
            _("The process is already in the phase “%(phase)s”. Nothing was changed."),
            params={"phase": locked.current_phase.title},
            code="stale",
        )
    return locked


def _move(*, process: Process, actor, to_slug: str, kind: str, action: str) -> Process:
    from_slug = process.current_phase_slug
    PhaseTransition.objects.create(
        process=process,
        from_phase_slug=from_slug,
        to_phase_slug=to_slug,
        kind=kind,
        actor=user_or_none(actor),
    )
    process.current_phase_slug = to_slug
    process.save(update_fields=["current_phase_slug", "updated_at"])
    audit_record(
        action=action,
        actor=actor,
        process=process,
        target=process,
        before={"phase": from_slug},
        after={"phase": to_slug},
    )
    version = PhaseTransition.objects.filter(process=process).count()
    broadcast_on_commit(
        group=process_group_name(process.pk),
        event=event_build(PHASE_CHANGED, phase=to_slug, version=version),
    )
    return process


def process_advance(*, process: Process, actor, expected_phase_slug: str) -> Process:
    """Move the process on to its next phase, if every guard concerned allows it.

    ``expected_phase_slug`` is the phase the actor saw: if someone else moved the process on in
    the meantime, nothing changes and the actor is told, instead of skipping a phase.
    """
    if not actor.has_perm("processes.advance_process", process):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked_as_seen(process, expected_phase_slug)
        next_phase = phase_after(locked.current_phase)
        if next_phase is None:
            raise ValidationError(
                _("This is the last phase; the process cannot move further."), code="last"
            )
        refusals = [
            verdict.reason
            for verdict in guard_verdicts(
                process=locked, from_phase=locked.current_phase, to_phase=next_phase
            )
            if not verdict.allows
        ]
        if refusals:
            raise ValidationError(refusals, code="guard")
        return _move(
            process=locked,
            actor=actor,
            to_slug=next_phase.slug,
            kind=PhaseTransition.Kind.ADVANCE,
            action=PROCESS_ADVANCE,
        )


def process_advance_undo(*, process: Process, actor, expected_phase_slug: str) -> Process:
    """Move the process back to the phase it came from, when its latest transition was a move
    on (a mistaken click): only the latest, and an undo is not undone again (move on instead).

    Guards are not asked: the process was in that phase a moment ago, and going back changes
    nothing that a guard protects.
    """
    if not actor.has_perm("processes.advance_process", process):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked_as_seen(process, expected_phase_slug)
        latest = locked.transitions.order_by("-happened_at", "-pk").first()
        if latest is None or latest.kind != PhaseTransition.Kind.ADVANCE:
            raise ValidationError(
                _("Only a move on to the next phase can be undone. Nothing was changed."),
                code="not_undoable",
            )
        return _move(
            process=locked,
            actor=actor,
            to_slug=PHASES_BY_SLUG[latest.from_phase_slug].slug,
            kind=PhaseTransition.Kind.UNDO,
            action=PROCESS_ADVANCE_UNDO,
        )
