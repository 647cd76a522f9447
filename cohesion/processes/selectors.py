from django.db.models import QuerySet

from cohesion.accounts.selectors import user_scope_filter
from cohesion.processes.models import PhaseTransition, Process, Programme
from cohesion.processes.phases import phase_get
from cohesion.processes.rules import ProcessPhase


def processes_visible_to(*, user) -> QuerySet[Process]:
    if not user.is_authenticated:
        return Process.objects.none()
    scope = user_scope_filter(
        user=user, municipality_field="municipality_id", programme_field="programme_id"
    )
    return (
        Process.objects.filter(scope)
        .select_related("municipality", "programme")
        .order_by("programme__name", "municipality__name")
    )


def processes_of_municipality(*, user, municipality) -> QuerySet[Process]:
    return processes_visible_to(user=user).filter(municipality=municipality)


def process_visible(*, user, pk: int) -> Process | None:
    """The process if the user may see it; None for every other case, existing or not."""
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("processes.view_process", process):
        return None
    return process


def process_phase_visible(*, user, pk: int, slug: str) -> ProcessPhase | None:
    phase = phase_get(slug)
    if phase is None:
        return None
    process = process_visible(user=user, pk=pk)
    return None if process is None else ProcessPhase(process=process, phase=phase)


def process_transitions(*, process: Process) -> QuerySet[PhaseTransition]:
    return process.transitions.select_related("actor").order_by("-happened_at", "-pk")


def process_latest_transition(*, process: Process) -> PhaseTransition | None:
    return process.transitions.order_by("-happened_at", "-pk").first()


def process_version(*, process_id: int) -> int:
    """The version of the process's live view: how many transitions it has had. It only grows
    (an undo is a transition too), so a client that knows a smaller one missed something."""
    return PhaseTransition.objects.filter(process_id=process_id).count()


def process_status(*, process_id: int) -> dict:
    """The snapshot of a process's live view: its phase and version (one or two queries)."""
    phase = Process.objects.filter(pk=process_id).values_list("current_phase_slug", flat=True)
    return {"phase": phase.first(), "version": process_version(process_id=process_id)}


def programmes_managed_by(*, user) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(managers=user).order_by("name")


def programme_managed(*, user, pk: int) -> Programme | None:
    """The programme if the user manages it; None otherwise, existing or not."""
    return programmes_managed_by(user=user).filter(pk=pk).first()
