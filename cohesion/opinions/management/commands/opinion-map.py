"""``cohesion opinion-map DIR [--json]``: the opinion map of a conversation folder in the Pol.is
open-data format (comments.csv, participants-votes.csv, votes.csv)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cohesion.opinions.engine import opinion_map
from cohesion.opinions.polis import PolisFormatError, read_conversation
from cohesion.opinions.results import result_as_dict


class Command(BaseCommand):
    help = "Compute the opinion map of a conversation folder in the Pol.is open-data format."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, directory: Path, json: bool, seed: int, **options):
        try:
            conversation = read_conversation(directory)
        except PolisFormatError as error:
            raise CommandError(
                _("This is not a conversation in the Pol.is format: %(reason)s") % {"reason": error}
            ) from error
        result = opinion_map(conversation.matrix(), seed=seed)
        if json:
            data = result_as_dict(result, participants=conversation.participant_order)
            for detail in ("points", "priorities"):
                data.pop(detail)  # the command answers who is in which group, and why
            self.stdout.write(_dumps(data))
            return
        computed = result.map
        self.stdout.write(
            _("%(groups)s opinion groups of %(clustered)s participants (of %(all)s).")
            % {
                "groups": computed.k or 0,
                "clustered": len(computed.groups),
                "all": len(computed.participants),
            }
        )
        texts = {statement.id: statement.text for statement in conversation.statements}
        for group, entries in sorted(result.repness.items()):
            size = computed.group_sizes.get(group, 0)
            self.stdout.write(f"\n{group} ({size}):")
            for entry in entries:
                share = round(entry.p_success * 100)
                self.stdout.write(f"  {entry.side} {share}%  {texts.get(entry.statement, '')}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=float)
