from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "cohesion.strategies"
    label = "strategies"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        # Registers the phase card (rules.py is found by the rules app).
        from cohesion.strategies import capabilities  # noqa: F401
