from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "cohesion.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding and commitment")

    def ready(self) -> None:
        # Registers the commitment gate, the phase card, the process page's entry and the
        # audit actions.
        from cohesion.municipalities.panels import page_panel_register
        from cohesion.onboarding import capabilities, services  # noqa: F401
        from cohesion.onboarding.panels import add_to_programme_panel

        page_panel_register("onboarding.add_to_programme", add_to_programme_panel)

    def daily_upkeep(self) -> None:
        """Called by the worker's daily upkeep: addresses of invitations nobody accepted go."""
        from cohesion.onboarding.services import staff_invitations_prune

        staff_invitations_prune()
