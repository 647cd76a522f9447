"""What the opinion map offers in the process: a card on the phases that ask participants."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register

phase_card_register(
    key="opinions.conversations",
    phases={"preparation", "workshop-day-1", "workshop-day-2", "strategy", "monitoring"},
    title=_("Opinion map"),
    text=_("Participants vote on statements with their phones; the map shows where groups agree."),
    url=lambda process, phase: reverse("opinions:list", args=[process.pk, phase.slug]),
    order=30,
)
