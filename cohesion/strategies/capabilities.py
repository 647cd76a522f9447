"""What the strategy offers in the process: a card on the strategy phase."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register


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
