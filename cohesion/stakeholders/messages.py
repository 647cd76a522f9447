"""The reader's file errors and row problems in the user's language, each naming its row and
column."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.stakeholders.reading import Problem, StakeholderFileError

MESSAGES = {
    "empty": gettext_lazy("The file is empty."),
    "too_large": gettext_lazy("The file is larger than %(limit_mb)s MB."),
    "too_many_rows": gettext_lazy("The file has more than %(limit)s rows; split it."),
    "encoding": gettext_lazy(
        "The file is neither UTF-8 nor Windows-1252 text. Save it again as CSV (UTF-8)."
    ),
    "html_page": gettext_lazy(
        "The file is a web page, not a list. Save the list from your spreadsheet program as "
        "CSV or XLSX."
    ),
    "not_a_list": gettext_lazy(
        "The file is neither a CSV file nor an Excel workbook (.xlsx) that can be read."
    ),
    "unknown_column": gettext_lazy("The column “%(column)s” is not one of the template's columns."),
    "repeated_column": gettext_lazy("The column “%(column)s” appears twice."),
    "missing_column": gettext_lazy("The column “%(column)s” is missing."),
    "extra_cells": gettext_lazy("The row has more cells than the header has columns."),
    "cell_too_long": gettext_lazy("A cell is longer than %(limit)s characters."),
    "required": gettext_lazy("“%(column)s” is empty; it is required."),
    "bad_kind": gettext_lazy(
        "“%(value)s” is neither “person” nor a kind of organisation (see the template)."
    ),
    "bad_choice": gettext_lazy("“%(value)s” is not one of the values the template names."),
    "bad_score": gettext_lazy("“%(value)s” is not a score from 1 to 5."),
    "bad_email": gettext_lazy("“%(value)s” is not an e-mail address."),
    "bad_language": gettext_lazy("“%(value)s” is not a language code such as “de” or “tr”."),
    "bad_yes_no": gettext_lazy("“%(value)s” is neither yes nor no."),
    "bad_date": gettext_lazy("“%(value)s” is not a date (2025-03-01 or 01.03.2025)."),
    "too_long": gettext_lazy("The text is longer than %(limit)s characters."),
    "person_only": gettext_lazy("This column is for people only; the row is an organisation."),
    "consent_needs_date": gettext_lazy("Consent needs the date it was given."),
    "consent_needs_purpose": gettext_lazy("Consent needs its purpose."),
    "consent_missing": gettext_lazy(
        "A date or purpose of consent is given, but “consent” is not “yes”."
    ),
    "unknown_organisation": gettext_lazy(
        "The organisation “%(value)s” is neither in the file nor on the map."
    ),
}


def problem_message(problem) -> str:
    """One problem (or a whole file's error) as a sentence; a row's names its row and column."""
    if isinstance(problem, StakeholderFileError):
        template = MESSAGES.get(problem.code, gettext_lazy("The file cannot be read."))
        return str(template) % problem.params if problem.params else str(template)
    assert isinstance(problem, Problem)
    params = {"column": problem.column, **problem.params}
    text = str(MESSAGES.get(problem.code, problem.code)) % params
    if problem.row == 1:
        return _("Header: %(message)s") % {"message": text}
    if problem.column:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": problem.row,
            "column": problem.column,
            "message": text,
        }
    return _("Row %(row)s: %(message)s") % {"row": problem.row, "message": text}
