from django.db.models import QuerySet
from django.http import Http404

from cohesion.accounts.selectors import user_scope_filter
from cohesion.processes.models import PhaseTransition, Process
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


def process_get_visible(*, user, pk: int) -> Process:
    """The process if the user may see it; 404 for every other case, existing or not."""
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("processes.view_process", process):
        raise Http404
    return process


def process_phase_get_visible(*, user, pk: int, slug: str) -> ProcessPhase:
    phase = phase_get(slug)
    if phase is None:
        raise Http404
    return ProcessPhase(process=process_get_visible(user=user, pk=pk), phase=phase)


def process_transitions(*, process: Process) -> QuerySet[PhaseTransition]:
    return process.transitions.select_related("actor").order_by("-happened_at", "-pk")
