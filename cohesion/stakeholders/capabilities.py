"""What the stakeholder map offers in the process: a card on the preparation phase."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import overview_entry_register, phase_card_register


def _sees_map(user, process_phase) -> bool:
    return user.has_perm("stakeholders.view_map", process_phase.process)


phase_card_register(
    key="stakeholders.map",
    phases={"preparation"},
    title=_("Stakeholder map"),
    text=_(
        "The organisations and people of the town, placed by influence and interest and "
        "linked by their relations: whom to invite so that the room is representative."
    ),
    url=lambda process, phase: reverse("stakeholders:map", args=[process.pk]),
    shown_to=_sees_map,
    order=20,
)

# The map matters beyond preparation (invitations, the mixed tables read it): a link on the
# process page too.
overview_entry_register(
    key="stakeholders.map",
    title=_("Stakeholder map"),
    url=lambda process: reverse("stakeholders:map", args=[process.pk]),
    shown_to=lambda user, process: user.has_perm("stakeholders.view_map", process),
    order=30,
)
