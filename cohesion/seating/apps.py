from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeatingConfig(AppConfig):
    name = "cohesion.seating"
    label = "seating"
    verbose_name = _("Mixed tables")

    def ready(self) -> None:
        # Registers the benchmark and the phase card.
        from cohesion.seating import benchmarks, capabilities  # noqa: F401
