"""Who edits a phase's content, as a table of role × phase state (done, current, upcoming), on
Kerpen's process while it stands in workshop day 2."""

import pytest

from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase

# For each state, one phase of that state whose named editors include moderators or the
# working group, so the table shows the state deciding, not the phase's editor list.
PHASE_OF_STATE = {
    "done": ("preparation", "workshop-day-1"),
    "current": ("workshop-day-2",),
    "upcoming": ("strategy", "monitoring"),
}

# role → states in which the role may change the phase (when the phase names the role).
MAY_CHANGE = {
    "manager": {"done", "current", "upcoming"},
    "coordinator": {"done", "current", "upcoming"},
    "moderator": {"current"},  # names: preparation, workshop days; the upcoming ones it is not
    "working_group_member": {"upcoming"},  # names: strategy, monitoring
    "other_coordinator": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("role", list(MAY_CHANGE))
def test_change_phase_by_role_and_phase_state(world, role):
    process = world.kerpen_process
    process.current_phase_slug = "workshop-day-2"
    process.save()
    user = world.by_role(role)
    allowed = set()
    for state, slugs in PHASE_OF_STATE.items():
        for slug in slugs:
            process_phase = ProcessPhase(process=process, phase=PHASES_BY_SLUG[slug])
            assert process_phase.state == state
            if user.has_perm("processes.change_phase", process_phase):
                allowed.add(state)
    assert allowed == MAY_CHANGE[role]


def test_a_moderator_loses_a_phase_once_the_process_has_moved_on(world):
    process_phase = ProcessPhase(process=world.kerpen_process, phase=PHASES_BY_SLUG["preparation"])
    assert world.moderator.has_perm("processes.change_phase", process_phase)
    world.kerpen_process.current_phase_slug = "workshop-day-1"
    assert not world.moderator.has_perm("processes.change_phase", process_phase)


def test_no_dead_permissions():
    import rules

    assert not rules.perm_exists("processes.view_phase")
