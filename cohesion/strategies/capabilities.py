"""What the strategy offers in the process: cards on the strategy and monitoring phases, and
the guard that keeps a strategy written here in its phase until the council adopted it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register, phase_guard_register


def _sees_strategy(user, process_phase) -> bool:
    return user.has_perm("strategies.view_strategy", process_phase.process)


phase_card_register(
    key="strategies.builder",
    phases={"strategy"},
    title=_("Strategy builder"),
    text=_(
        "Guiding principles, fields of action, goals with indicators and measures with "
        "milestones: the working group turns the workshop's candidates into the strategy."
    ),
    url=lambda process, phase: reverse("strategies:strategy", args=[process.pk]),
    shown_to=_sees_strategy,
    order=10,
)


def _strategy_of(process):
    from cohesion.strategies.selectors import strategy_of_process

    return strategy_of_process(process=process)


def _sees_started_strategy(user, process_phase) -> bool:
    return _sees_strategy(user, process_phase) and _strategy_of(process_phase.process) is not None


def _adopted_publicly(user, process_phase) -> bool:
    strategy = _strategy_of(process_phase.process)
    return strategy is not None and strategy.council_decisions.exists()


phase_card_register(
    key="strategies.consultation",
    phases={"strategy"},
    title=_("Consultation and council decision"),
    text=_(
        "Put the draft out for comments on a public page, with an opinion map on its goals; "
        "record the council's decision, which publishes the adopted strategy."
    ),
    url=lambda process, phase: reverse("strategies:consultation", args=[_strategy_of(process).pk]),
    shown_to=_sees_started_strategy,
    order=20,
)
phase_card_register(
    key="strategies.assignments",
    phases={"strategy", "monitoring"},
    title=_("My assignments"),
    text=_("What you were asked to do for goals and measures, by due date."),
    url=lambda process, phase: reverse("strategies:my_assignments"),
    shown_to=_sees_started_strategy,
    order=30,
)
phase_card_register(
    key="strategies.public",
    phases={"strategy", "monitoring", "learning"},
    title=_("The adopted strategy, public"),
    text=_("The version the council adopted, for everyone, in the six languages where translated."),
    url=lambda process, phase: reverse("strategy_public:strategy", args=[process.municipality.ags]),
    shown_to=_adopted_publicly,
    order=40,
)


def adoption_gate(process, from_phase, to_phase):
    """A strategy written in Cohesion leaves its phase only once the council adopted it (an
    amendment in progress does not hold the process back). A town that keeps its strategy
    elsewhere has none here, and moves on."""
    strategy = _strategy_of(process)
    if strategy is None or strategy.council_decisions.exists():
        return None
    return _(
        "The strategy is not adopted yet: record the council's decision under "
        "“Consultation and council decision” on the strategy phase's page."
    )


phase_guard_register(
    key="strategies.adoption",
    label=_("The council's decision on the strategy"),
    check=adoption_gate,
    leaving={"strategy"},
)
