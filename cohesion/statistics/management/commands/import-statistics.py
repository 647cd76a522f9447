from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohesion.core.actors import SYSTEM
from cohesion.statistics.readers.tidy import TidyMapping
from cohesion.statistics.services import statistics_import, statistics_preview


class Command(BaseCommand):
    help = (
        "Import an official statistics file: GENESIS or Regionaldatenbank table (CSV, XLSX), "
        "flat file (ffcsv, also zipped), or a tidy CSV with --region and --period."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Show the preview only.")
        tidy = parser.add_argument_group("tidy CSV: which column holds what")
        tidy.add_argument("--region", help="column with the regional key")
        tidy.add_argument("--period", help="column with the period (date or year)")
        tidy.add_argument(
            "--period-value", default="", help="the period of every row, when no column has it"
        )
        tidy.add_argument("--value", help="column with the value (long form)")
        tidy.add_argument("--variable", help="column naming the variable (long form)")
        tidy.add_argument("--values", help="comma-separated value columns (wide form)")
        tidy.add_argument("--dimensions", default="", help="comma-separated dimension columns")
        tidy.add_argument("--table", default="", help="table code to record as provenance")
        tidy.add_argument("--source", default="", help="source line to record as provenance")
        tidy.add_argument("--licence", default="", help="licence to record as provenance")

    def _mapping(self, options) -> TidyMapping | None:
        if not options["region"]:
            return None
        split = lambda text: tuple(part.strip() for part in (text or "").split(",") if part.strip())  # noqa: E731
        return TidyMapping(
            region_key=options["region"],
            period=options["period"] or "",
            fixed_period=options["period_value"],
            value=options["value"],
            variable=options["variable"],
            value_columns=split(options["values"]),
            dimension_columns=split(options["dimensions"]),
            table_code=options["table"],
            source=options["source"],
            licence=options["licence"],
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": file})
        data = file.read_bytes()
        mapping = self._mapping(options)
        try:
            preview = statistics_preview(data=data, filename=file.name, mapping=mapping)
            self._print_preview(preview)
            if dry_run:
                return
            record, created = statistics_import(
                data=data, filename=file.name, mapping=mapping, actor=SYSTEM
            )
        except ValidationError as error:
            raise CommandError(
                _("%(path)s was not imported: %(reason)s")
                % {"path": file, "reason": " ".join(error.messages)}
            ) from error
        if created:
            self.stdout.write(
                ngettext(
                    "Imported %(count)s observation from %(path)s.",
                    "Imported %(count)s observations from %(path)s.",
                    record.observation_count,
                )
                % {"count": record.observation_count, "path": file}
            )
        else:
            self.stdout.write(
                _("This file was already imported on %(date)s; nothing was changed.")
                % {"date": f"{record.imported_at:%d.%m.%Y}"}
            )

    def _print_preview(self, preview) -> None:
        parsed = preview.parsed
        lines = [
            _("Table: %(code)s %(title)s") % {"code": parsed.table_code, "title": parsed.title},
            _("Format: %(format)s, encoding %(encoding)s")
            % {"format": parsed.format, "encoding": parsed.encoding},
            _("Source: %(source)s %(licence)s")
            % {"source": parsed.source, "licence": parsed.licence},
            _("Variables: %(variables)s") % {"variables": "; ".join(preview.variables)},
            _("Regions: %(count)s (%(sample)s)")
            % {"count": preview.region_count, "sample": ", ".join(preview.regions_sample)},
            _("Periods: %(periods)s") % {"periods": ", ".join(preview.periods)},
            _("Rows: %(count)s") % {"count": preview.row_count},
        ]
        lines += [_("Problem: %(problem)s") % {"problem": problem} for problem in preview.problems]
        for line in lines:
            self.stdout.write(line)
