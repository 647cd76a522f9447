"""What onboarding plugs into the process: the commitment gate, the commitment's card on
phase 1 and the team on the process page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import (
    overview_entry_register,
    phase_card_register,
    phase_guard_register,
)

# The workshop phases the process may not enter without the commitment. Leaving phase 1 is
# guarded too, so that no path (a later phase order, an undo and a move on) skips the gate.
WORKSHOP_PHASES = ("workshop-day-1", "workshop-day-2")


def commitment_gate(process, from_phase, to_phase):
    from cohesion.onboarding.selectors import commitment_or_override_exists

    if commitment_or_override_exists(process_id=process.pk):
        return None
    return _(
        "The mayor's or deputy mayor's commitment is not recorded yet: record it on the page "
        "of phase 1 (or a programme manager lets the process go on, with a written reason)."
    )


phase_guard_register(
    key="onboarding.commitment",
    label=_("The mayor's commitment"),
    check=commitment_gate,
    leaving={"commitment"},
    entering=set(WORKSHOP_PHASES),
)


def _may_see(user, process) -> bool:
    return user.has_perm("onboarding.view_team", process)


phase_card_register(
    key="onboarding.commitment",
    phases={"commitment"},
    title=_("The mayor's commitment and the team"),
    text=_(
        "Record the mayor's or deputy mayor's commitment (optionally the signed letter), see "
        "the coordinator and the moderators, and invite colleagues."
    ),
    url=lambda process, phase: reverse("onboarding:commitment", args=[process.pk]),
    shown_to=lambda user, process_phase: _may_see(user, process_phase.process),
    order=5,
)

overview_entry_register(
    key="onboarding.team",
    title=_("Team and invitations"),
    url=lambda process: reverse("onboarding:team", args=[process.pk]),
    shown_to=_may_see,
    order=5,
)
