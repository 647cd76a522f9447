"""What the fair lottery offers in the process: a card on the preparation phase, shown to those
who may draw."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register
from cohesion.processes.rules import ProcessPhase


def _may_draw(user, process_phase: ProcessPhase) -> bool:
    return user.has_perm("lottery.draw_lottery", process_phase.process)


phase_card_register(
    key="lottery.draw",
    phases={"preparation"},
    title=_("Fair lottery (optional)"),
    text=_(
        "Draw the participants from a pool of volunteers: the quotas are met and every "
        "volunteer's chance is as equal as the quotas allow."
    ),
    url=lambda process, phase: reverse("lottery:process", args=[process.pk]),
    shown_to=_may_draw,
    order=40,
)
