from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "cohesion.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # Registers the phase card and the built-in due sources (rules.py is found by the
        # rules app).
        from cohesion.monitoring import capabilities, notices  # noqa: F401

    def daily_upkeep(self) -> None:
        """Called by the worker's daily upkeep: notices of what is due or slips go out (once
        each), and uploads nobody applied are removed."""
        from cohesion.monitoring.services import bulk_uploads_prune, notices_send

        notices_send()
        bulk_uploads_prune()
