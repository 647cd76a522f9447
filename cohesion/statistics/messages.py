"""The readers' error and problem codes in the user's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.statistics.readers.base import Problem, StatisticsFileError

MESSAGES = {
    "empty": gettext_lazy("The file is empty."),
    "html_page": gettext_lazy(
        "The file is a web page, not a statistics table. This happens when the download "
        "session of the statistics portal has expired: download the table again."
    ),
    "encoding": gettext_lazy(
        "The file is neither UTF-8 nor Windows-1252 text. Save it again as CSV from the portal."
    ),
    "unknown_layout": gettext_lazy(
        "Cohesion does not know the layout of this file. It reads GENESIS and Regionaldatenbank "
        "tables (CSV or XLSX), flat files (ffcsv) and tidy CSV files with a column mapping."
    ),
    "truncated": gettext_lazy("The file ends in the middle: it was cut off. Download it again."),
    "bad_number": gettext_lazy("“%(value)s” is not a number."),
    "bad_period": gettext_lazy("“%(value)s” is neither a date nor a year."),
    "bad_region_key": gettext_lazy("“%(value)s” is not an official regional key."),
    "missing_column": gettext_lazy("The column “%(column)s” is missing."),
    "duplicate_row": gettext_lazy("The same observation appears twice with different values."),
    "too_large": gettext_lazy("The file is larger than %(limit_mb)s MB."),
    "zip_without_csv": gettext_lazy("The ZIP archive holds no CSV file."),
    "bad_mapping": gettext_lazy("The column mapping does not fit the file: %(detail)s"),
    "not_shown": gettext_lazy(
        "Region %(key)s has no values of its own (it is reported together with another region)."
    ),
    "duplicate_identical": gettext_lazy("A row repeats an earlier one; it is counted once."),
    "leading_zero_restored": gettext_lazy(
        "Region key %(original)s lost its leading zero (as spreadsheets do); read as %(key)s."
    ),
    "ambiguous_decimal": gettext_lazy(
        "“%(value)s” could be read two ways; it is read as %(number)s. Check the decimal sign."
    ),
    "no_data": gettext_lazy("The table holds no values."),
    "bad_stand": gettext_lazy("The date of the data (Stand) could not be read: “%(value)s”."),
    "ambiguous_rows": gettext_lazy(
        "%(count)s rows (lines %(lines)s) share every key and differ only by their order in the "
        "file. Choose whether to keep them as distinct measures, numbered by their order, or to "
        "leave them out; the rest of the file imports either way."
    ),
    "repeated_column": gettext_lazy(
        "The column “%(column)s” repeats the column “%(first)s” with the same values; it is "
        "read once."
    ),
    "rounded": gettext_lazy(
        "The office rounds these values to multiples of %(step)s; sums may differ from totals."
    ),
    "outside_scope_refused": gettext_lazy(
        "This file would change figures of other municipalities or districts (%(keys)s). "
        "Coordinators change only the figures of their own municipality and its district; "
        "ask a programme manager to import this file."
    ),
    "pending_file_missing": gettext_lazy(
        "The file of this import is no longer there; refuse it and upload the file again."
    ),
    "not_pending": gettext_lazy("This import is no longer waiting for a decision."),
    "not_applied": gettext_lazy("Only an applied import can be undone."),
    "zip_member_ratio": gettext_lazy(
        "“%(member)s” in the archive is compressed beyond what any statistics file is "
        "(a ZIP bomb?); it is not imported."
    ),
    "field_too_large": gettext_lazy(
        "A field is longer than %(limit)s characters; this is not a statistics table."
    ),
    "unknown_region": gettext_lazy(
        "%(count)s region keys are not in the registry, e.g. %(keys)s; their values are kept "
        "but belong to no municipality."
    ),
    "unknown_region_name": gettext_lazy(
        "“%(name)s” matches no single region of the registry; its values are left out. "
        "Name the region's key in the file, or check the spelling."
    ),
    "run_not_allowed": gettext_lazy("You may no longer import statistics; nothing was imported."),
    "run_failed": gettext_lazy(
        "The import failed unexpectedly; nothing was imported. Try again, or ask the "
        "administrator to look at the log."
    ),
    "run_file_missing": gettext_lazy(
        "The uploaded file is no longer there (uploads are kept for a few hours); upload it again."
    ),
    "run_bad_choices": gettext_lazy(
        "The choices for this file are not valid; nothing was imported. Upload it again."
    ),
    "spreadsheet_error": gettext_lazy(
        "%(count)s cells hold a spreadsheet error such as “%(value)s” instead of a value. A row "
        "whose regional key is such an error is left out, a value that is one is missing; the "
        "rest of the file imports."
    ),
}


def _where(line: int | None, column: str | None) -> str:
    if line and column:
        return _("Line %(line)s, column “%(column)s”: ") % {"line": line, "column": column}
    if line:
        return _("Line %(line)s: ") % {"line": line}
    if column:
        return _("Column “%(column)s”: ") % {"column": column}
    return ""


def _text(code: str, params: dict, fallback: str) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return fallback
    try:
        return str(template) % params if "%(" in str(template) else str(template)
    except (KeyError, TypeError, ValueError):
        return fallback


def error_message(error: StatisticsFileError) -> str:
    params = {"value": "", "column": error.column or "", "limit_mb": "", "detail": error.message}
    params |= error.params
    return _where(error.line, error.column) + _text(error.code, params, error.message)


def problem_message(problem: Problem) -> str:
    params = {"key": "", "value": "", "first_line": "", "original": "", "number": ""}
    params |= problem.params
    return _where(problem.line, problem.column) + _text(problem.code, params, problem.message)
