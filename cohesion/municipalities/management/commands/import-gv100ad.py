from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cohesion.municipalities.gv100ad import GV100ADError
from cohesion.municipalities.services import registry_import_gv100ad


class Command(BaseCommand):
    help = "Create or refresh the registry from a GV100AD file (plain or .gz) of Destatis."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": file})
        try:
            result = registry_import_gv100ad(path=file)
        except GV100ADError as error:
            raise CommandError(
                _("%(path)s is not a readable GV100AD file: %(reason)s. Nothing was imported.")
                % {"path": file, "reason": error}
            ) from error
        self.stdout.write(
            _(
                "Imported the GV100AD edition of %(status)s (population of %(date)s): "
                "%(entries)s entries, %(created)s new, %(updated)s updated, "
                "%(kept)s kept from a newer edition."
            )
            % {
                "status": f"{result.territorial_status:%d.%m.%Y}",
                "date": f"{result.population_reference_date:%d.%m.%Y}",
                "entries": result.entries,
                "created": result.created,
                "updated": result.updated,
                "kept": result.kept_newer,
            }
        )
