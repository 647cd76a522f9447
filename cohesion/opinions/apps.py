from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "cohesion.opinions"
    label = "opinions"
    verbose_name = _("Opinion map")

    def ready(self) -> None:
        from cohesion.opinions import contributions  # noqa: F401 (registers codes, contributions)
