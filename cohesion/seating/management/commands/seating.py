"""``cohesion seating PEOPLE.csv --tables T --rounds R [--seed S] [--json]``: mixed tables for
the people of a CSV file (``id,target_group,department,origin,language,keep_with``)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cohesion.seating.engine import SeatingError, seat
from cohesion.seating.people import (
    HEADER,
    MAX_BYTES,
    PeopleFileError,
    people_read,
    seating_error_message,
)


class Command(BaseCommand):
    help = (
        "Seat the people of a CSV file at tables over several rounds, spreading target groups, "
        "departments and origins, keeping people with their interpreters and avoiding "
        "repeated encounters."
    )

    def add_arguments(self, parser):
        parser.add_argument("people", type=Path, help="CSV: " + ",".join(HEADER))
        parser.add_argument("--tables", type=int, required=True)
        parser.add_argument("--rounds", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, people: Path, tables: int, rounds: int, seed: int, **options):
        try:
            with people.open("rb") as file:
                data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(
                _("The file %(path)s cannot be read: %(reason)s")
                % {"path": people, "reason": error.strerror or error}
            ) from error
        try:
            persons = people_read(data)
        except PeopleFileError as error:
            raise CommandError(f"{people}: {error}") from error
        try:
            seating = seat(persons, tables=tables, rounds=rounds, seed=seed)
        except SeatingError as error:
            raise CommandError(seating_error_message(error)) from error
        # Standard error: standard output carries only the plan (or its JSON).
        self.stderr.write(
            _(
                "%(people)s people at %(tables)s tables over %(rounds)s rounds: %(repeated)s "
                "repeated encounters, %(violations)s spread violations (a value off its share "
                "at a table)."
            )
            % {
                "people": len(persons),
                "tables": tables,
                "rounds": rounds,
                "repeated": seating.repeated_encounters,
                "violations": len(seating.spread_violations),
            }
        )
        for violation in seating.spread_violations:
            self.stderr.write(
                _(
                    "Round %(round)s, table %(table)s: %(count)s of %(attribute)s "
                    "%(value)s where %(expected).1f were due."
                )
                % violation.__dict__
            )
        if options["json"]:
            self.stdout.write(json.dumps(seating.as_dict(), ensure_ascii=False))
            return
        for number, round_tables in enumerate(seating.rounds, 1):
            self.stdout.write(_("Round %(round)s") % {"round": number})
            for table, ids in enumerate(round_tables, 1):
                self.stdout.write(
                    "  "
                    + _("Table %(table)s (%(count)s): %(people)s")
                    % {"table": table, "count": len(ids), "people": ", ".join(ids)}
                )
