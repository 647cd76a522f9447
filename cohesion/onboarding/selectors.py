"""Reads of the onboarding app; each owns its permission filter (None: not for this person)."""

from django.db.models import QuerySet
from django.utils import timezone

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import municipality_memberships
from cohesion.onboarding.models import Commitment, CommitmentOverride, StaffInvitation
from cohesion.processes.selectors import process_visible

# The registry answers at most this many matches to a search on the "add municipality" form.
REGISTRY_MATCHES = 20


def process_for_team(*, user, pk: int):
    process = process_visible(user=user, pk=pk)
    if process is None or not user.has_perm("onboarding.view_team", process):
        return None
    return process


def team_of(*, process) -> list:
    """The people holding a role in the process's municipality, by role."""
    return list(municipality_memberships(municipality_id=process.municipality_id))


def named_in_phase_one(*, process) -> dict:
    """The coordinator(s) and the moderators the method names in phase 1."""
    members = team_of(process=process)
    return {
        "coordinators": [m.user for m in members if m.role == Role.COORDINATOR],
        "moderators": [m.user for m in members if m.role == Role.MODERATOR],
    }


def open_invitations(*, user, process) -> QuerySet[StaffInvitation] | None:
    """The invitations still to be accepted, for those who invite (None for anyone else)."""
    if not (
        user.has_perm("onboarding.invite_colleague", process)
        or user.has_perm("onboarding.invite_coordinator", process)
    ):
        return None
    return (
        StaffInvitation.objects.filter(
            process=process,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:200]
    )


def invitation_of(*, process, pk: int) -> StaffInvitation | None:
    return (
        StaffInvitation.objects.select_related("process", "municipality", "programme")
        .filter(process=process, pk=pk)
        .first()
    )


def commitment_of(*, process) -> Commitment | None:
    return Commitment.objects.filter(process=process).select_related("recorded_by").first()


def override_of(*, process) -> CommitmentOverride | None:
    return CommitmentOverride.objects.filter(process=process).select_related("decided_by").first()


def commitment_or_override_exists(*, process_id: int) -> bool:
    return (
        Commitment.objects.filter(process_id=process_id).exists()
        or CommitmentOverride.objects.filter(process_id=process_id).exists()
    )


def process_for_commitment(*, user, pk: int):
    process = process_visible(user=user, pk=pk)
    if process is None or not user.has_perm("onboarding.view_commitment", process):
        return None
    return process
