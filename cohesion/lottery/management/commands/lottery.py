"""``cohesion lottery POOL.csv QUOTAS.csv --seats N [--seed S] --json``: draw a panel from a pool
of volunteers so that the quotas are met and every volunteer's chance is as equal as the quotas
allow (maximin)."""

import json
import logging
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cohesion.lottery.engine import LotteryError, lottery_draw
from cohesion.lottery.messages import error_message
from cohesion.lottery.tables import MAX_BYTES, TableError, pool_read, quotas_read

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Draw a panel from a volunteer pool with maximin-fair chances under quotas."

    def add_arguments(self, parser):
        parser.add_argument("pool", type=Path, help="CSV: id, then one column per attribute")
        parser.add_argument("quotas", type=Path, help="CSV: attribute,value,min,max")
        parser.add_argument("--seats", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, pool: Path, quotas: Path, seats: int, seed: int, **options):
        try:
            volunteers = pool_read(_read(pool), filename=pool.name)
            rows = quotas_read(_read(quotas), filename=quotas.name)
            started = time.perf_counter()
            lottery = lottery_draw(
                ids=volunteers.ids,
                attributes=volunteers.attributes,
                quotas=rows,
                seats=seats,
                seed=seed,
            )
        except (LotteryError, TableError) as error:
            raise CommandError(error_message(error)) from error
        # Logs go to standard error: standard output carries only the answer.
        print(
            f"lottery: {len(volunteers.ids)} volunteers, {seats} seats, {lottery.panels} panels, "
            f"{lottery.rounds} rounds, {time.perf_counter() - started:.2f} s",
            file=sys.stderr,
        )
        data = {
            "selected": lottery.selected,
            "probabilities": lottery.probabilities,
            "min_probability": lottery.min_probability,
            "method": lottery.method,
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(
            _("Selected %(count)s of %(pool)s; the smallest chance is %(min).4f.")
            % {
                "count": len(lottery.selected),
                "pool": len(volunteers.ids),
                "min": lottery.min_probability,
            }
        )
        for volunteer in lottery.selected:
            self.stdout.write(volunteer)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from error
    return data
