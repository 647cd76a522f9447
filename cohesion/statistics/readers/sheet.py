"""Reader for an office's own spreadsheet tables (Land statistical offices' XLSX deliveries, the
SRDB export of Statistik BW): regions in rows or in columns, periods in header cells or rows.

Pure module (no Django). Placeholder seam: the layout model fills it in.
"""

from cohesion.statistics.readers.base import ParsedFile, ReadChoices, StatisticsFileError


def looks_like_sheet(data: bytes, *, max_bytes: int | None = None) -> bool:
    """Whether the file is an office table this reader understands (never raises)."""
    return False


def read_sheet(
    data: bytes, *, max_bytes: int | None = None, choices: ReadChoices | None = None
) -> ParsedFile:
    raise StatisticsFileError("unknown_layout", "not an office table this reader knows")
