from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "cohesion.workshops"
    label = "workshops"
    verbose_name = _("Live workshop")

    def ready(self) -> None:
        # Registers the join codes, the contribution source, the phase cards, the events and
        # the benchmark.
        from cohesion.workshops import benchmarks, capabilities, contributions, realtime  # noqa: F401
