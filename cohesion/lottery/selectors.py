"""Reads of the fair lottery; each owns its permission filter."""

from cohesion.lottery.models import LotteryDraw
from cohesion.processes.selectors import process_visible


def process_for_lottery(*, user, pk) -> object | None:
    """The process if the user may draw its lottery, else None."""
    process = process_visible(user=user, pk=pk)
    if process is None or not user.has_perm("lottery.draw_lottery", process):
        return None
    return process


def draws_of(*, process, limit: int = 50) -> list[LotteryDraw]:
    return list(
        LotteryDraw.objects.filter(process=process)
        .select_related("created_by")
        .defer("pool", "probabilities")[:limit]
    )


def draw_for_organiser(*, user, pk) -> LotteryDraw | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    draw = (
        LotteryDraw.objects.filter(pk=int(pk))
        .select_related("process", "process__municipality", "process__programme", "created_by")
        .first()
    )
    if draw is None or not user.has_perm("lottery.draw_lottery", draw.process):
        return None
    return draw
