from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvitationsConfig(AppConfig):
    name = "cohesion.invitations"
    label = "invitations"
    verbose_name = _("Invitations and the room's mix")

    def ready(self) -> None:
        # Registers the permissions, the phase cards and the audit actions, and the check-in
        # as the census of the live workshop's room.
        from cohesion.invitations import capabilities, census, rules, services  # noqa: F401

        census.census_register()
