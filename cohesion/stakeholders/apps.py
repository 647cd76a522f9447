from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "cohesion.stakeholders"
    label = "stakeholders"
    verbose_name = _("Stakeholder map")

    def ready(self) -> None:
        # Registers the phase card (rules.py is found by the rules app).
        from cohesion.stakeholders import capabilities  # noqa: F401

    def daily_upkeep(self) -> None:
        """Called by the worker's daily upkeep: uploads nobody imported are removed."""
        from cohesion.stakeholders.services import stakeholder_uploads_prune

        stakeholder_uploads_prune()
