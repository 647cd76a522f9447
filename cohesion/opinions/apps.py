from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "cohesion.opinions"
    label = "opinions"
    verbose_name = _("Opinion map")

    def ready(self) -> None:
        # Registers the join codes, the contribution source, the phase cards and the benchmarks.
        from cohesion.opinions import benchmarks, capabilities, contributions  # noqa: F401
