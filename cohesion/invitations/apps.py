from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "cohesion.invitations"
    label = "invitations"
    verbose_name = _("Invitations and the room's mix")

    def ready(self) -> None:
        # Registers the permissions, the phase cards and the audit actions.
        from cohesion.invitations import capabilities, rules, services  # noqa: F401
