import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.core.realtime import broadcast, process_group_name
from cohesion.processes.models import PhaseTransition, Process, Programme
from cohesion.processes.phases import FIRST_PHASE, phase_after


def programme_create(*, name: str, slug: str, description: str = "", managers=()) -> Programme:
    with transaction.atomic():
        programme = Programme(name=name, slug=slug, description=description)
        programme.full_clean()
        programme.save()
        programme.managers.set(managers)
    return programme


def process_start(
    *, programme: Programme, municipality, started_on: datetime.date | None = None
) -> Process:
    with transaction.atomic():
        process = Process.objects.create(
            programme=programme,
            municipality=municipality,
            started_on=started_on or timezone.localdate(),
            current_phase_slug=FIRST_PHASE.slug,
        )
        PhaseTransition.objects.create(process=process, to_phase_slug=FIRST_PHASE.slug)
    return process


def process_advance(*, process: Process, actor, expected_phase_slug: str) -> Process:
    """Move the process on to its next phase.

    ``expected_phase_slug`` is the phase the actor saw: if someone else moved the process on in
    the meantime, nothing changes and the actor is told, instead of skipping a phase.
    """
    if not actor.has_perm("processes.advance_process", process):
        raise PermissionDenied
    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        if locked.current_phase_slug != expected_phase_slug:
            raise ValidationError(
                _("The process is already in the phase “%(phase)s”. Nothing was changed."),
                params={"phase": locked.current_phase.title},
            )
        next_phase = phase_after(locked.current_phase)
        if next_phase is None:
            raise ValidationError(_("This is the last phase; the process cannot move further."))
        PhaseTransition.objects.create(
            process=locked,
            from_phase_slug=locked.current_phase_slug,
            to_phase_slug=next_phase.slug,
            actor=actor,
        )
        locked.current_phase_slug = next_phase.slug
        locked.save(update_fields=["current_phase_slug", "updated_at"])
        transaction.on_commit(
            lambda: broadcast(
                group=process_group_name(locked.pk),
                event={"type": "phase.changed", "phase": next_phase.slug},
            )
        )
    return locked
