from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "cohesion.statistics"
    label = "statistics"
    verbose_name = _("Facts and figures")

    def ready(self) -> None:
        from cohesion.municipalities.panels import page_panel_register
        from cohesion.statistics.panels import figures_panel

        page_panel_register("statistics.figures", figures_panel)

    def daily_upkeep(self) -> None:
        """Called by the worker's daily upkeep: uploads nobody imported are removed."""
        from cohesion.statistics.services import statistics_uploads_prune

        statistics_uploads_prune()
