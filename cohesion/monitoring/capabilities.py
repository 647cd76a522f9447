"""What monitoring offers in the process: a card on the monitoring phase."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohesion.processes.capabilities import phase_card_register


def _sees_monitoring(user, process_phase) -> bool:
    return user.has_perm("monitoring.view_monitoring", process_phase.process)


phase_card_register(
    key="monitoring.dashboard",
    phases={"monitoring"},
    title=_("Monitoring dashboard"),
    text=_(
        "Where are we now, what did we reach, what is still to do: progress of the measures, "
        "traffic lights, indicators against their targets, the bulk update and the yearly "
        "report."
    ),
    url=lambda process, phase: reverse("monitoring:dashboard", args=[process.pk]),
    shown_to=_sees_monitoring,
    order=10,
)
