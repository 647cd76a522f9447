"""What the facts and figures offer in the process: a card on the phases that read them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import overview_entry_register, phase_card_register

phase_card_register(
    key="indicators.profile",
    phases={"preparation", "workshop-day-1", "monitoring", "learning"},
    title=_("Facts and figures"),
    text=_("The municipality's profile from official statistics, with a fact sheet to print."),
    url=lambda process, phase: reverse("indicators:profile", args=[process.municipality.ags]),
    order=10,
)
overview_entry_register(
    key="indicators.profile",
    title=_("Facts and figures"),
    url=lambda process: reverse("indicators:profile", args=[process.municipality.ags]),
    order=10,
)
