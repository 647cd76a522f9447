"""The seven phases of a municipality's process, declared as data.

Each phase says what it is for, what happens in it and which municipal roles shape its content, so
permissions (rules.py), navigation and the phase pages all derive from this one table. Later
capabilities (stakeholder map, workshop tools, strategy editor, monitoring) attach to a phase
through the capability registry (capabilities.py).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohesion.accounts.models import Role


@dataclass(frozen=True)
class Phase:
    slug: str
    number: int
    title: Promise
    purpose: Promise
    steps: tuple[Promise, ...]
    # Municipal roles that shape this phase's content; the coordinator always may.
    editors: frozenset[str]

    def __str__(self) -> str:
        return str(self.title)


PHASES: tuple[Phase, ...] = (
    Phase(
        slug="commitment",
        number=1,
        title=pgettext_lazy("phase", "Commitment"),
        purpose=_(
            "The municipality joins the programme. The mayor or deputy mayor commits to take part "
            "in person, and the coordinator and moderators are named."
        ),
        steps=(
            _("Record the mayor's or deputy mayor's commitment to take part"),
            _("Name the coordinator"),
            _("Name the moderators"),
        ),
        editors=frozenset({Role.COORDINATOR}),
    ),
    Phase(
        slug="preparation",
        number=2,
        title=pgettext_lazy("phase", "Preparation"),
        purpose=_(
            "Map the stakeholders and invite a representative mix: decision makers, the "
            "administration, immigrants and immigrant organisations. Build the local facts and "
            "figures, list the existing integration projects and ask about the integration climate."
        ),
        steps=(
            _("Stakeholder map and invitation list"),
            _("Local facts and figures from official statistics"),
            _("Inventory of existing integration projects"),
            _("Climate survey before the workshop"),
        ),
        editors=frozenset({Role.COORDINATOR, Role.MODERATOR}),
    ),
    Phase(
        slug="workshop-day-1",
        number=3,
        title=pgettext_lazy("phase", "Workshop day 1: sensitise and position"),
        purpose=_(
            "What does integration mean in our community? The participants look at the integration "
            "climate, evaluate existing projects, read the local data and good practices from "
            "comparable cities, and set goals for each field of action."
        ),
        steps=(
            _("Integration climate"),
            _("Evaluation of existing projects"),
            _("What the local facts and figures imply"),
            _("Good practices from comparable cities"),
            _("Goals and perspectives per field of action"),
        ),
        editors=frozenset({Role.COORDINATOR, Role.MODERATOR}),
    ),
    Phase(
        slug="workshop-day-2",
        number=4,
        title=pgettext_lazy("phase", "Workshop day 2: realise"),
        purpose=_(
            "Which untapped potential do immigrants bring? The participants collect project ideas, "
            "set priorities and agree who does what with whom."
        ),
        steps=(
            _("Untapped potential"),
            _("Project ideas"),
            _("Priorities"),
            _("Project management and networking"),
        ),
        editors=frozenset({Role.COORDINATOR, Role.MODERATOR}),
    ),
    Phase(
        slug="strategy",
        number=5,
        title=pgettext_lazy("phase", "Strategy"),
        purpose=_(
            "Within three months the working group turns the workshop results into a strategy, "
            "consults on it, and the council adopts and publishes it."
        ),
        steps=(
            _("Guiding principles and fields of action"),
            _("Goals and measures with owners and partners"),
            _("Indicators with baselines and targets"),
            _("Consultation"),
            _("Council decision and publication"),
        ),
        editors=frozenset({Role.COORDINATOR, Role.WORKING_GROUP_MEMBER}),
    ),
    Phase(
        slug="monitoring",
        number=6,
        title=pgettext_lazy("phase", "Monitoring and evaluation"),
        purpose=_(
            "Where are we now, what did we reach, what is still to do? Measures report progress, "
            "indicators follow new statistics and a follow-up climate survey shows change."
        ),
        steps=(
            _("Progress of the measures"),
            _("Indicators updated from new statistics"),
            _("Follow-up climate survey"),
            _("Yearly report"),
        ),
        editors=frozenset({Role.COORDINATOR, Role.WORKING_GROUP_MEMBER}),
    ),
    Phase(
        slug="learning",
        number=7,
        title=pgettext_lazy("phase", "Learning"),
        purpose=_(
            "Good practices go into the library, the municipality compares itself with its peers "
            "and competitions reward what works."
        ),
        steps=(
            _("Good practices for the library"),
            _("Comparison with peer municipalities"),
            _("Competition entries"),
        ),
        editors=frozenset({Role.COORDINATOR}),
    ),
)

PHASES_BY_SLUG: dict[str, Phase] = {phase.slug: phase for phase in PHASES}
PHASE_CHOICES = [(phase.slug, phase.title) for phase in PHASES]
FIRST_PHASE = PHASES[0]

# What each app offers in which phase is declared by the app (capabilities.py), not here.


def phase_get(slug: str) -> Phase | None:
    return PHASES_BY_SLUG.get(slug)


def phase_after(phase: Phase) -> Phase | None:
    return PHASES[phase.number] if phase.number < len(PHASES) else None


def phase_before(phase: Phase) -> Phase | None:
    return PHASES[phase.number - 2] if phase.number > 1 else None


DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


def phase_state(phase: Phase, current: Phase) -> str:
    """A phase's state relative to the process's current one: done, current or upcoming."""
    if phase.number < current.number:
        return DONE
    return CURRENT if phase.number == current.number else UPCOMING


def phase_steps(current: Phase) -> list[dict]:
    """Every phase with its state relative to the current one."""
    return [{"phase": phase, "state": phase_state(phase, current)} for phase in PHASES]
