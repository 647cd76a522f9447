"""What the project inventory offers in the process: cards on preparation (taking stock) and
on workshop day 1 (evaluating the projects and seeing the gaps)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import overview_entry_register, phase_card_register


def _sees_inventory(user, process_phase) -> bool:
    return user.has_perm("projects.view_inventory", process_phase.process)


phase_card_register(
    key="projects.inventory",
    phases={"preparation"},
    title=_("Existing integration projects"),
    text=_(
        "What already happens in the town: each project with its provider, field of action, "
        "target groups, reach, funding and period, and where nothing happens yet."
    ),
    url=lambda process, phase: reverse("projects:list", args=[process.pk]),
    shown_to=_sees_inventory,
    order=40,
)

phase_card_register(
    key="projects.evaluation",
    phases={"workshop-day-1"},
    title=_("Evaluation of existing projects"),
    text=_(
        "Rate the existing projects against the workshop's criteria, in the room or here, and "
        "see which fields of action and target groups no project reaches."
    ),
    url=lambda process, phase: reverse("projects:list", args=[process.pk]),
    shown_to=_sees_inventory,
    order=25,
)

# The inventory matters beyond preparation (the strategy builds on it): a link on the process
# page too.
overview_entry_register(
    key="projects.inventory",
    title=_("Existing integration projects"),
    url=lambda process: reverse("projects:list", args=[process.pk]),
    shown_to=lambda user, process: user.has_perm("projects.view_inventory", process),
    order=35,
)
