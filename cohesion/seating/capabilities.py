"""What the mixed tables offer in the process: a card on the first workshop day, for those who
edit it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register

phase_card_register(
    key="seating.tables",
    phases={"workshop-day-1"},
    title=_("Mixed tables"),
    text=_(
        "Seat the participants at tables that mix target groups, departments and origins, keep "
        "each person with their interpreter, and bring new people together in every round; "
        "print the plan and the table cards."
    ),
    url=lambda process, phase: reverse("seating:seating", args=[process.pk]),
    shown_to=lambda user, process_phase: user.has_perm(
        "seating.change_seating", process_phase.process
    ),
    order=20,
)
