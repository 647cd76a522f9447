from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotteryConfig(AppConfig):
    name = "cohesion.lottery"
    label = "lottery"
    verbose_name = _("Fair lottery")

    def ready(self) -> None:
        # Registers the benchmark and the phase card.
        from cohesion.lottery import benchmarks, capabilities  # noqa: F401
