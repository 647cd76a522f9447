"""The bulk update's refusals and row problems (``strategies.bulk`` codes) in words, for
files of measures and files of indicators."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.strategies.bulk import BulkFileError, Problem

FILE_MESSAGES = {
    "empty": gettext_lazy("The file is empty."),
    "too_large": gettext_lazy("The file is larger than %(limit_mb)s MB."),
    "too_many_rows": gettext_lazy("The file has more than %(limit)s rows."),
    "cell_too_long": gettext_lazy("Row %(row)s has a cell longer than %(limit)s characters."),
    "encoding": gettext_lazy("The file is not in a text encoding we can read; save it as UTF-8."),
    "html_page": gettext_lazy("The file is a web page, not a table."),
    "not_a_table": gettext_lazy("The file cannot be read as a table (CSV or XLSX)."),
    "no_id_column": gettext_lazy(
        "No column with the measure's number (id) or the indicator's number (indicator) was "
        "found in the first rows."
    ),
    "two_id_columns": gettext_lazy(
        "The file has a column of measure numbers (id) and one of indicator numbers "
        "(indicator): a file updates either measures or indicators. Upload them as two files."
    ),
    "repeated_column": gettext_lazy("The column “%(column)s” appears twice."),
    "no_rows": gettext_lazy("The file has no rows of measures."),
    "no_indicator_rows": gettext_lazy("The file has no rows of indicators."),
}

ROW_MESSAGES = {
    "missing_id": gettext_lazy("The measure's number is missing."),
    "bad_id": gettext_lazy("“%(value)s” is not a measure's number."),
    "unknown_measure": gettext_lazy("This strategy has no measure number %(value)s."),
    "duplicate_measure": gettext_lazy("The measure appears in more than one row (%(lines)s)."),
    "bad_status": gettext_lazy(
        "“%(value)s” is no status: planned, running, delayed, completed or cancelled."
    ),
    "bad_progress": gettext_lazy("“%(value)s” is no progress: a whole number from 0 to 100."),
    "bad_date": gettext_lazy("“%(value)s” is no date: write 2026-03-01 or 01.03.2026."),
    "end_before_start": gettext_lazy("The end is before the start."),
    "bad_budget": gettext_lazy("“%(value)s” is no amount in euros."),
    "formula": gettext_lazy("“%(value)s” looks like a formula; only values are read."),
    "too_long": gettext_lazy("The note is longer than %(limit)s characters."),
    "other_municipality": gettext_lazy(
        "The row names another municipality (%(value)s): the file is not applied."
    ),
    # indicator files
    "missing_indicator_id": gettext_lazy("The indicator's number is missing."),
    "bad_indicator_id": gettext_lazy("“%(value)s” is not an indicator's number."),
    "unknown_indicator": gettext_lazy("This strategy has no indicator number %(value)s."),
    "duplicate_indicator": gettext_lazy(
        "The indicator appears in more than one row (%(lines)s): give each indicator one row."
    ),
    "bad_target": gettext_lazy(
        "“%(value)s” is not a number: write the target like 1234,5 or 1234.5."
    ),
    "bad_target_year": gettext_lazy("“%(value)s” is no target year: a year from 2000 to 2100."),
    "bad_actual": gettext_lazy(
        "“%(value)s” is not a number: write the actual value like 1234,5 or 1234.5."
    ),
    "bad_period": gettext_lazy(
        "“%(value)s” is no period: write a year (2025), a month (2025-06) or a date "
        "(2025-06-30 or 30.06.2025)."
    ),
    "actual_without_period": gettext_lazy(
        "The actual value has no period: say which year, month or day it is for."
    ),
    "period_without_actual": gettext_lazy("A period or a source is given, but no actual value."),
    "target_not_allowed": gettext_lazy(
        "Only the strategy's editors may change a target: it is part of the strategy's content."
    ),
}

# A code worded differently in a column of an indicator file.
COLUMN_ROW_MESSAGES = {
    ("too_long", "source"): gettext_lazy("The source is longer than %(limit)s characters."),
}

COLUMN_LABELS = {
    "id": gettext_lazy("id"),
    "municipality": gettext_lazy("municipality"),
    "title": gettext_lazy("title"),
    "status": gettext_lazy("status"),
    "progress": gettext_lazy("progress"),
    "start": gettext_lazy("start"),
    "end": gettext_lazy("end"),
    "budget": gettext_lazy("budget"),
    "note": gettext_lazy("note"),
    "indicator": gettext_lazy("indicator"),
    "goal": gettext_lazy("goal"),
    "unit": gettext_lazy("unit"),
    "baseline": gettext_lazy("baseline"),
    "target": gettext_lazy("target"),
    "target_year": gettext_lazy("target year"),
    "last_actual": gettext_lazy("last actual value"),
    "actual": gettext_lazy("actual value"),
    "period": gettext_lazy("period"),
    "source": gettext_lazy("source"),
}


def file_message(error: BulkFileError) -> str:
    template = FILE_MESSAGES.get(error.code, gettext_lazy("The file cannot be read."))
    try:
        return str(template) % error.params if error.params else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


def problem_message(problem: Problem) -> str:
    params = {"value": problem.value, **problem.params}
    if "lines" in params:
        params["lines"] = ", ".join(str(line) for line in params["lines"])
    template = COLUMN_ROW_MESSAGES.get(
        (problem.code, problem.column), ROW_MESSAGES.get(problem.code, problem.code)
    )
    try:
        text = str(template) % params
    except (KeyError, TypeError, ValueError):
        text = str(template)
    if problem.column:
        return _("Column “%(column)s”: %(message)s") % {
            "column": COLUMN_LABELS.get(problem.column, problem.column),
            "message": text,
        }
    return text
