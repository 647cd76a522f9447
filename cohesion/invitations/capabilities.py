"""What the invitations offer in the process: the room's mix in preparation, the check-in on
the first workshop day."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register


def _prepares(user, process_phase) -> bool:
    return user.has_perm("invitations.prepare_room", process_phase.process)


def _checks_in(user, process_phase) -> bool:
    return user.has_perm("invitations.check_in", process_phase.process)


phase_card_register(
    key="invitations.quotas",
    phases={"preparation"},
    title=_("The room's mix: quota table"),
    text=_(
        "How many people of each target group, origin, age and department the room should "
        "hold, prefilled from the municipality's statistics and the method."
    ),
    url=lambda process, phase: reverse("invitations:quotas", args=[process.pk]),
    shown_to=_prepares,
    order=30,
)
phase_card_register(
    key="invitations.invitations",
    phases={"preparation", "workshop-day-1"},
    title=_("Invitations"),
    text=_(
        "Invite the people of the stakeholder map who agreed to be contacted, by e-mail or "
        "printed letter in their language; they answer by link, without an account."
    ),
    url=lambda process, phase: reverse("invitations:list", args=[process.pk]),
    shown_to=_prepares,
    order=31,
)
phase_card_register(
    key="invitations.gaps",
    phases={"preparation", "workshop-day-1"},
    title=_("Gap view"),
    text=_(
        "Invited, confirmed and attended people against the quotas, with warnings in plain "
        "words and the distance before and after each change."
    ),
    url=lambda process, phase: reverse("invitations:gaps", args=[process.pk]),
    shown_to=_prepares,
    order=32,
)
phase_card_register(
    key="invitations.check_in",
    phases={"workshop-day-1"},
    title=_("Check-in"),
    text=_(
        "Scan the QR code of the letter or e-mail with the phone's camera, or find the person "
        "by name."
    ),
    url=lambda process, phase: reverse("invitations:check_in_list", args=[process.pk]),
    shown_to=_checks_in,
    order=5,
)
