"""State changes of the fair lottery: drawing a panel, and erasing a draw (the volunteers' data
with it)."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.lottery.engine import Quota
from cohesion.lottery.engine import lottery_draw as engine_draw
from cohesion.lottery.models import LotteryDraw

LOTTERY_DRAW = audit_action("lottery.draw", gettext_lazy("Lottery drawn"))
LOTTERY_DRAW_DELETE = audit_action("lottery.draw_delete", gettext_lazy("Lottery draw erased"))

# The draw runs in the request for now: a pool this size takes seconds at most.
MAX_POOL = 5_000
MAX_SEED = 2**63 - 1


class LotteryInputError(ValueError):
    """Input the service refuses before the engine sees it (code and params as the engine's)."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)


def lottery_draw(
    *,
    process,
    pool_rows: Sequence[dict[str, str]],
    quota_rows: Sequence[Quota],
    seats: int,
    seed: int,
    actor,
) -> LotteryDraw:
    """Draw ``seats`` volunteers of ``pool_rows`` (dicts with "id" and the attributes) under
    ``quota_rows``, and keep the draw. Raises engine.LotteryError or LotteryInputError."""
    if not actor.has_perm("lottery.draw_lottery", process):
        raise PermissionDenied
    if len(pool_rows) > MAX_POOL:
        raise LotteryInputError("pool_limit", limit=MAX_POOL)
    if not quota_rows:
        raise LotteryInputError("no_quotas")
    seed = max(0, min(int(seed), MAX_SEED))
    ids = [row["id"] for row in pool_rows]
    columns = [name for name in (pool_rows[0] if pool_rows else {}) if name != "id"]
    attributes = {name: [row.get(name, "") for row in pool_rows] for name in columns}
    lottery = engine_draw(
        ids=ids, attributes=attributes, quotas=list(quota_rows), seats=seats, seed=seed
    )
    with transaction.atomic():
        draw = LotteryDraw.objects.create(
            process=process,
            seats=seats,
            seed=seed,
            pool=[dict(row) for row in pool_rows],
            quotas=[
                {"attribute": q.attribute, "value": q.value, "min": q.min, "max": q.max}
                for q in quota_rows
            ],
            probabilities=lottery.probabilities,
            selected=lottery.selected,
            min_probability=lottery.min_probability,
            method=lottery.method,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # The trail names counts, not the volunteers: their data stay with the draw.
        audit_record(
            action=LOTTERY_DRAW,
            actor=actor,
            process=process,
            target=draw,
            after={
                "volunteers": len(ids),
                "seats": seats,
                "seed": seed,
                "quotas": len(quota_rows),
                "min_probability": round(lottery.min_probability, 6),
            },
        )
    return draw


def lottery_draw_delete(*, draw: LotteryDraw, actor) -> None:
    """Erase a draw with its snapshot of the volunteers."""
    if not actor.has_perm("lottery.draw_lottery", draw.process):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            action=LOTTERY_DRAW_DELETE,
            actor=actor,
            process=draw.process,
            target=draw,
            before={"volunteers": len(draw.pool), "seats": draw.seats, "seed": draw.seed},
        )
        draw.delete()


LOTTERY_DRAW_EXPORT = audit_action("lottery.draw_export", gettext_lazy("Lottery draw exported"))


def lottery_draw_export_audit(*, draw: LotteryDraw, actor, what: str) -> None:
    """Write the export to the audit trail: who took the volunteers' data, in which format."""
    if not actor.has_perm("lottery.draw_lottery", draw.process):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            action=LOTTERY_DRAW_EXPORT,
            actor=actor,
            process=draw.process,
            target=draw,
            after={"format": what},
        )
