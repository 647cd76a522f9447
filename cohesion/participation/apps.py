from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Anonymous participation shared by every participatory tool (the opinion map now, the
    live workshop next): join codes, the pseudonymous device token, language and consent, a
    participant's own data."""

    name = "cohesion.participation"
    label = "participation"
    verbose_name = _("Participation")

    def worker_started(self) -> None:
        """The background worker starts: the daily retention purge runs once now and then
        queues itself a day later (cohesion.participation.tasks)."""
        from cohesion.participation.services import (
            PURGE_EVERY,
            participants_purge,
            participants_purge_schedule,
        )

        participants_purge()
        participants_purge_schedule(after=PURGE_EVERY)
