from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "cohesion.opinions"
    label = "opinions"
    verbose_name = _("Opinion map")

    def ready(self):
        from cohesion.opinions import capabilities  # noqa: F401  (registers the phase cards)
