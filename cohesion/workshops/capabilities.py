"""What the live workshop offers in the process: a card on the two workshop days."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register

phase_card_register(
    key="workshops.workshop",
    phases={"workshop-day-1", "workshop-day-2"},
    title=_("Live workshop"),
    text=_(
        "The agenda of the two days, the console to run it, the presenter screen, and every "
        "participant's phone in their own language."
    ),
    url=lambda process, phase: reverse("workshops:start", args=[process.pk]),
    order=10,
)
