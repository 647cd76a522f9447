from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "cohesion.indicators"
    label = "indicators"
    verbose_name = _("Indicators and profiles")

    def ready(self):
        from cohesion.indicators import capabilities  # noqa: F401  (registers the phase cards)
