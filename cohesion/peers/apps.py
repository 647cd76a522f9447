from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "cohesion.peers"
    label = "peers"
    verbose_name = _("Peers")

    def ready(self):
        from cohesion.peers import capabilities  # noqa: F401  (registers the phase cards)
