"""What the peer comparison offers in the process: a card on the phases that compare."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register

phase_card_register(
    key="peers.compare",
    phases={"preparation", "workshop-day-1", "monitoring", "learning"},
    title=_("Compare with peers"),
    text=_("How comparable municipalities stand on the same indicators."),
    url=lambda process, phase: reverse("peers:compare", args=[process.municipality.ags]),
    order=20,
)
