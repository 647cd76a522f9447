"""A draw as a spreadsheet for its organisers: every volunteer with their attributes, their
chance and whether they were drawn. Cells neutralised (the ids and values came from an
upload)."""

from cohesion.core.spreadsheets import csv_bytes, xlsx_bytes
from cohesion.lottery.models import LotteryDraw


def draw_columns(draw: LotteryDraw) -> list[str]:
    """The pool's attribute columns in the quota table's order (a list, kept as written):
    PostgreSQL's jsonb keeps no key order in the pool's rows."""
    quoted = list(dict.fromkeys(quota["attribute"] for quota in draw.quotas))
    present = set(draw.pool[0]) - {"id"} if draw.pool else set()
    return [name for name in quoted if name in present] + sorted(present - set(quoted))


def draw_rows(draw: LotteryDraw) -> tuple[list[str], list[list]]:
    columns = draw_columns(draw)
    selected = set(draw.selected)
    header = ["id", *columns, "probability", "selected"]
    rows = [
        [
            row["id"],
            *(row.get(name, "") for name in columns),
            round(float(draw.probabilities.get(row["id"], 0.0)), 9),
            1 if row["id"] in selected else 0,
        ]
        for row in draw.pool
    ]
    return header, rows


def draw_csv(draw: LotteryDraw) -> bytes:
    return csv_bytes(*draw_rows(draw))


def draw_xlsx(draw: LotteryDraw) -> bytes:
    header, rows = draw_rows(draw)
    quotas = [
        [quota["attribute"], quota["value"], quota["min"], quota["max"]] for quota in draw.quotas
    ]
    return xlsx_bytes(
        [
            ("volunteers", header, rows),
            ("quotas", ["attribute", "value", "min", "max"], quotas),
        ]
    )
