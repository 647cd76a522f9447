"""A draw as a spreadsheet for its organisers: every volunteer with their attributes, their
chance and whether they were drawn. Cells neutralised (the ids and values came from an
upload)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from cohesion.core.spreadsheets import row_neutralised, sheet_row_append
from cohesion.lottery.models import LotteryDraw


def draw_rows(draw: LotteryDraw) -> tuple[list[str], list[list]]:
    columns = [name for name in (draw.pool[0] if draw.pool else {}) if name != "id"]
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
    header, rows = draw_rows(draw)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(row_neutralised(header))
    for row in rows:
        writer.writerow(row_neutralised(row))
    return buffer.getvalue().encode("utf-8-sig")


def draw_xlsx(draw: LotteryDraw) -> bytes:
    header, rows = draw_rows(draw)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "volunteers"
    sheet_row_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet_row_append(sheet, row)
    quotas = workbook.create_sheet("quotas")
    sheet_row_append(quotas, ["attribute", "value", "min", "max"])
    for quota in draw.quotas:
        sheet_row_append(quotas, [quota["attribute"], quota["value"], quota["min"], quota["max"]])
    workbook.properties.creator = "cohesion"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
