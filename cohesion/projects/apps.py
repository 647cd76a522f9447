from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cohesion.projects"
    label = "projects"
    verbose_name = _("Project inventory")

    def ready(self) -> None:
        # Registers the phase cards (rules.py is found by the rules app).
        from cohesion.projects import capabilities  # noqa: F401
