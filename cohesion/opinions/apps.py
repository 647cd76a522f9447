from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "cohesion.opinions"
    label = "opinions"
    verbose_name = _("Opinion map")

    def ready(self) -> None:
        # Registers the join codes, the contribution source and the phase cards.
        from cohesion.opinions import capabilities, contributions  # noqa: F401
