from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "cohesion.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding and commitment")

    def ready(self) -> None:
        # Registers the commitment gate, the phase card, the process page's entry and the
        # audit actions.
        from cohesion.onboarding import capabilities, services  # noqa: F401
