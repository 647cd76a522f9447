"""A municipality's profile as a spreadsheet: every value with its provenance, machine-readable.

Three sheets, each a plain table with its headers in row 1 (no title rows, no merged cells), so
that the file can be read back by a program as easily as by a person: "Indicators" (one row per
indicator and period), "Definitions" (the catalogue entries) and "Sources" (every provenance
line, which the dl-de/by-2-0 licence asks to be passed on). Every row goes through
``sheet_row_append``, so no text cell is ever taken for a formula.
"""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cohesion.core.spreadsheets import sheet_header_append, sheet_row_append, workbook_bytes
from cohesion.indicators.catalogue import INDICATORS
from cohesion.indicators.selectors import IndicatorResult, Profile, level_note, period_label
from cohesion.statistics.readers.base import Status

_MIN_WIDTH, _MAX_WIDTH = 8, 60
_FORBIDDEN_IN_SHEET_TITLES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def missing_reason(status: str) -> str:
    """Why a value is missing, after the official sign legend (Zeichenerklärung)."""
    return {
        Status.SUPPRESSED: _("secret or unknown (.)"),
        Status.UNAVAILABLE: _("not yet available (...)"),
        Status.UNRELIABLE: _("not reliable enough (/)"),
        Status.NOT_APPLICABLE: _("not applicable (x)"),
        Status.NOT_SHOWN: _("reported together with another region"),
    }.get(str(status), _("no value"))


def lagged_note(lagged: dict[str, str]) -> str:
    """Which inputs of a value were taken from another period, e.g. "population: 2024"."""
    return "; ".join(
        _("%(input)s taken from %(period)s") % {"input": name, "period": period_label(period)}
        for name, period in sorted(lagged.items())
    )


def profile_workbook(*, profile: Profile) -> bytes:
    """The profile as an XLSX file (bytes)."""
    workbook = Workbook()
    indicators = workbook.active
    indicators.title = _sheet_title(_("Indicators"))
    _indicator_sheet(indicators, profile)
    _definition_sheet(workbook.create_sheet(_sheet_title(_("Definitions"))), profile)
    _source_sheet(workbook.create_sheet(_sheet_title(_("Sources"))), profile)
    municipality = profile.municipality
    title = _("Indicators for %(name)s (%(ags)s)") % {
        "name": municipality.name,
        "ags": municipality.ags,
    }
    return workbook_bytes(workbook, title=title)


def _results(profile: Profile) -> list[tuple[str, IndicatorResult]]:
    return [
        (str(section.label), result) for section in profile.sections for result in section.results
    ]


def _indicator_sheet(sheet: Worksheet, profile: Profile) -> None:
    _header(
        sheet,
        [
            _("topic"),
            _("indicator"),
            _("slug"),
            _("period"),
            _("value"),
            _("unit"),
            _("level note"),
            _("inputs from other periods"),
            _("census basis"),
            _("status"),
            _("sources"),
        ],
    )
    value_column = 5
    for topic, result in _results(profile):
        indicator = result.indicator
        number_format = "#,##0" + ("." + "0" * indicator.decimals if indicator.decimals else "")
        common = [topic, str(indicator.title), indicator.slug]
        note = level_note(result)
        if not result.values:
            # Nothing imported yet: one row still says that the indicator exists and is missing.
            sheet_row_append(
                sheet,
                [*common, None, None, str(indicator.unit), note, None, None, _("no value"), None],
            )
            continue
        for value in result.values:
            sheet_row_append(
                sheet,
                [
                    *common,
                    value.period,
                    value.value,  # None stays an empty cell: a missing value is never 0
                    str(indicator.unit),
                    note,
                    lagged_note(value.lagged) or None,
                    value.census_basis,
                    None if value.value is not None else missing_reason(value.status),
                    "\n".join(value.sources) or None,
                ],
            )
            sheet.cell(row=sheet.max_row, column=value_column).number_format = number_format
    _finish(sheet, wrap={11})


def _definition_sheet(sheet: Worksheet, profile: Profile) -> None:
    _header(
        sheet,
        [
            _("slug"),
            _("title"),
            _("definition"),
            _("formula"),
            _("unit"),
            _("level"),
            _("better"),
            _("source"),
            _("tables"),
            _("template"),
        ],
    )
    for indicator in INDICATORS:  # the catalogue's order: a reference, not a ranking
        sheet_row_append(
            sheet,
            [
                indicator.slug,
                str(indicator.title),
                str(indicator.definition),
                indicator.formula_text,
                str(indicator.unit),
                str(indicator.level.label),
                str(indicator.better.label),
                str(indicator.source),
                indicator.tables,
                indicator.template or None,
            ],
        )
    _finish(sheet, wrap={3, 8})


def _source_sheet(sheet: Worksheet, profile: Profile) -> None:
    _header(sheet, [_("source"), _("indicators")])
    used_by: dict[str, list[str]] = {}
    for _topic, result in _results(profile):
        for source in result.sources:
            slugs = used_by.setdefault(source, [])
            if result.indicator.slug not in slugs:
                slugs.append(result.indicator.slug)
    for source, slugs in used_by.items():
        sheet_row_append(sheet, [source, ", ".join(slugs)])
    _finish(sheet, wrap={1, 2})


def _header(sheet: Worksheet, titles: Sequence[str]) -> None:
    sheet_header_append(sheet, [str(title) for title in titles])


def _finish(sheet: Worksheet, *, wrap: Iterable[int] = ()) -> None:
    """Column widths from the content (within bounds), wrapped long text, a filter on row 1."""
    wrap = set(wrap)
    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max(
            (
                len(line)
                for cell in column
                if cell.value is not None
                for line in str(cell.value).split("\n")
            ),
            default=0,
        )
        sheet.column_dimensions[get_column_letter(index)].width = max(
            _MIN_WIDTH, min(_MAX_WIDTH, longest + 2)
        )
        if index in wrap:
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _sheet_title(text: str) -> str:
    # Excel forbids some characters in sheet names and allows at most 31 of them.
    return str(text).translate(_FORBIDDEN_IN_SHEET_TITLES).strip()[:31] or "Sheet"
