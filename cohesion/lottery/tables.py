"""Reading the volunteer pool and the quota table from CSV (or XLSX) bytes, bounded, with
errors that name the row. Pure apart from openpyxl for XLSX."""

from dataclasses import dataclass

from cohesion.core import tables
from cohesion.lottery.engine import Quota

MAX_BYTES = 20 * 1024 * 1024
MAX_POOL_ROWS = 50_000
MAX_QUOTA_ROWS = 2_000
MAX_COLUMNS = 100
QUOTA_HEADER = ["attribute", "value", "min", "max"]


class TableError(ValueError):
    """A malformed table; ``code`` and ``params`` as in engine.LotteryError."""

    MESSAGES = {
        "too_large": "The file is larger than {limit} MB.",
        "too_many_rows": "The table has more than {limit} rows.",
        "too_many_columns": "The table has more than {limit} columns.",
        "encoding": "The file is not text in UTF-8.",
        "not_a_table": "The file is not a CSV or XLSX table.",
        "empty": "The table is empty.",
        "pool_header": "The pool's first column must be called id (found {found!r}).",
        "pool_no_attributes": "The pool has no attribute columns after id.",
        "duplicate_column": "The column {column!r} appears twice.",
        "row_length": "Row {row} has {found} cells, the header has {expected}.",
        "quota_header": "The quota table's header must be attribute,value,min,max (found {found}).",
        "quota_number": "Row {row}: {column} must be a whole number (found {found!r}).",
        "quota_attribute": "Row {row}: the attribute is empty.",
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code].format(**params))


@dataclass(frozen=True)
class Pool:
    ids: list[str]
    attributes: dict[str, list[str]]

    def rows(self) -> list[dict[str, str]]:
        return [
            {"id": volunteer, **{name: values[i] for name, values in self.attributes.items()}}
            for i, volunteer in enumerate(self.ids)
        ]


def table_rows(data: bytes, *, max_rows: int, filename: str = "") -> list[list[str]]:
    """The rows of a CSV or XLSX file with any text, as text cells, at most ``max_rows``
    after the header (``core.tables`` reads them; its refusals become this app's)."""
    try:
        rows = tables.table_rows(
            data,
            max_bytes=MAX_BYTES,
            max_rows=max_rows,
            max_columns=MAX_COLUMNS + 1,
            encodings=("utf-8",),  # as the page and the command's help ask
            filename=filename,
        )
    except tables.TableError as error:
        raise _table_error(error) from error
    # A workbook's rows come padded to its width; the pool's columns end at the last text.
    return [_trimmed(row.cells) for row in rows]


def _trimmed(cells: list[str]) -> list[str]:
    while cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def _table_error(error: tables.TableError) -> TableError:
    code, params = error.code, error.params
    if code == "too_large":
        return TableError("too_large", limit=params["limit_mb"])
    if code == "too_many_rows":
        return TableError("too_many_rows", limit=params["limit"])
    if code in ("empty", "encoding"):
        return TableError(code)
    return TableError("not_a_table")  # a web page, a broken CSV record or workbook


def pool_read(data: bytes, *, max_rows: int = MAX_POOL_ROWS, filename: str = "") -> Pool:
    rows = table_rows(data, max_rows=max_rows, filename=filename)
    if not rows:
        raise TableError("empty")
    header = [cell.strip() for cell in rows[0]]
    if len(header) > MAX_COLUMNS:
        raise TableError("too_many_columns", limit=MAX_COLUMNS)
    if header[0].lower() != "id":
        raise TableError("pool_header", found=header[0])
    if len(header) < 2:
        raise TableError("pool_no_attributes")
    for position, column in enumerate(header):
        if column in header[:position]:
            raise TableError("duplicate_column", column=column)
    ids: list[str] = []
    attributes: dict[str, list[str]] = {column: [] for column in header[1:]}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        elif len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise TableError("row_length", row=number, found=len(row), expected=len(header))
        ids.append(row[0])
        for column, value in zip(header[1:], row[1:], strict=False):
            attributes[column].append(value)
    return Pool(ids=ids, attributes=attributes)


def quotas_read(data: bytes, *, filename: str = "") -> list[Quota]:
    rows = table_rows(data, max_rows=MAX_QUOTA_ROWS, filename=filename)
    if not rows:
        raise TableError("empty")
    header = [cell.strip().lower() for cell in rows[0]]
    if header[:4] != QUOTA_HEADER:
        raise TableError("quota_header", found=",".join(rows[0]))
    quotas = []
    for number, row in enumerate(rows[1:], start=2):
        row = row + [""] * (4 - len(row))
        attribute, value = row[0].strip(), row[1]
        if not attribute:
            raise TableError("quota_attribute", row=number)
        bounds = []
        for column, cell in zip(("min", "max"), row[2:4], strict=True):
            try:
                bounds.append(int(cell.strip()))
            except ValueError as error:
                raise TableError("quota_number", row=number, column=column, found=cell) from error
        quotas.append(Quota(attribute, value, bounds[0], bounds[1]))
    return quotas
