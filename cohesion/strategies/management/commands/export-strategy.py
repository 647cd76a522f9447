"""``cohesion export-strategy AGS --format pdf|docx|xlsx|json --output FILE [--language de]``:
a municipality's strategy as a document, the same as the strategy's downloads page gives."""

import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cohesion.municipalities.selectors import municipality_get
from cohesion.strategies import documents
from cohesion.strategies.models import Strategy


class Command(BaseCommand):
    help = (
        "Write a municipality's integration strategy as PDF, DOCX, XLSX or JSON (open data, "
        "see docs/strategy.schema.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("ags", help="official key (AGS) of the municipality")
        parser.add_argument("--format", required=True, choices=documents.FORMATS)
        parser.add_argument("--output", required=True, help="the file to write; - for stdout")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the document (default: the language the strategy is written in)",
        )
        parser.add_argument(
            "--process", type=int, help="the process, where the municipality has several"
        )

    def handle(self, *args, ags, format, output, language, process, **options):
        strategy = self._strategy(ags.strip(), process)
        language = language or strategy.source_language
        content = documents.strategy_export(
            strategy=strategy,
            format=format,
            language=language,
            council_decision=documents.council_decision_of(strategy),
        )
        self._write(output, content)
        documents.strategy_export_audit(
            actor=None,
            actor_label="export-strategy",
            strategy=strategy,
            format=format,
            language=language,
        )
        if output != "-":
            self.stderr.write(
                _("Wrote %(output)s (%(size)d bytes).") % {"output": output, "size": len(content)}
            )

    def _strategy(self, ags: str, process: int | None) -> Strategy:
        municipality = municipality_get(ags=ags)
        if municipality is None:
            raise CommandError(_("There is no municipality with the key %(ags)s.") % {"ags": ags})
        strategies = Strategy.objects.filter(process__municipality=municipality).select_related(
            "process", "process__municipality", "process__programme"
        )
        if process is not None:
            strategies = strategies.filter(process_id=process)
        found = list(strategies.order_by("process_id"))
        if not found:
            raise CommandError(
                _("%(name)s (%(ags)s) has no strategy yet.")
                % {"name": municipality.name, "ags": ags}
            )
        if len(found) > 1:
            raise CommandError(
                _(
                    "%(name)s has strategies in several processes; choose one with "
                    "--process: %(ids)s."
                )
                % {
                    "name": municipality.name,
                    "ids": ", ".join(str(strategy.process_id) for strategy in found),
                }
            )
        return found[0]

    def _write(self, output: str, content: bytes) -> None:
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": target.parent}
            )
        # Written beside the target and renamed: never a half-written file under its name.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-strategy-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise CommandError(
                _("Could not write %(output)s: %(error)s") % {"output": output, "error": error}
            ) from error
