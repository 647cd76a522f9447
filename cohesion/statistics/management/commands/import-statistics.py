from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohesion.core.actors import SYSTEM
from cohesion.statistics.readers.base import AMBIGUOUS_ORDER, AMBIGUOUS_SKIP, ReadChoices
from cohesion.statistics.readers.tidy import TidyMapping
from cohesion.statistics.services import WRITING, statistics_import, statistics_preview


class Command(BaseCommand):
    help = (
        "Import an official statistics file: GENESIS or Regionaldatenbank table (CSV, XLSX), "
        "flat file (ffcsv, also zipped), or a tidy CSV with --region and --period."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Show the preview only.")
        parser.add_argument(
            "--ambiguous",
            choices=[AMBIGUOUS_SKIP, AMBIGUOUS_ORDER],
            default=AMBIGUOUS_SKIP,
            help="rows that differ only by their order: skip them (default) or keep them as "
            "distinct measures numbered by their order",
        )
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
        choices = ReadChoices(ambiguous=options["ambiguous"])
        try:
            preview = statistics_preview(
                data=data, filename=file.name, mapping=mapping, choices=choices
            )
            self._print_preview(preview)
            if dry_run:
                return
            record, created = statistics_import(
                data=data,
                filename=file.name,
                mapping=mapping,
                choices=choices,
                actor=SYSTEM,
                progress=self._progress(),
                expected_rows=preview.row_count if preview.complete else None,
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

    def _progress(self):
        """A bar on a terminal; else a line per tenth of the file (a log stays readable)."""
        tty = self.stdout.isatty()
        shown = {"tenth": -1}

        def report(rows: int, share: float | None, phase: str) -> None:
            if phase == WRITING:
                if tty:
                    self.stdout.write("")
                self.stdout.write(_("%(rows)s rows read; writing the values…") % {"rows": rows})
                return
            if tty:
                width = 30
                filled = int((share or 0) * width)
                percent = "" if share is None else f" {int(share * 100):3d} %"
                self.stdout.write(
                    f"\r[{'#' * filled}{'.' * (width - filled)}]{percent} "
                    + _("%(rows)s rows") % {"rows": rows},
                    ending="",
                )
                self.stdout.flush()
                return
            tenth = int((share or 0) * 10) if share is not None else rows // 100_000
            if tenth > shown["tenth"]:
                shown["tenth"] = tenth
                if share is None:
                    self.stdout.write(_("%(rows)s rows read") % {"rows": rows})
                else:
                    self.stdout.write(
                        _("%(percent)s %% read (%(rows)s rows)")
                        % {"percent": int(share * 100), "rows": rows}
                    )

        return report

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
            (
                _("Rows: %(count)s") % {"count": preview.row_count}
                if preview.complete
                else _("Rows: the first %(count)s read for the preview")
                % {"count": preview.row_count}
            ),
        ]
        lines += [_("Problem: %(problem)s") % {"problem": problem} for problem in preview.problems]
        for line in lines:
            self.stdout.write(line)
