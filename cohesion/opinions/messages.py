"""Why a Pol.is folder or archive could not be read, in the user's language."""

from django.utils.translation import gettext_lazy as _

from cohesion.opinions.polis import PolisFormatError

MESSAGES = {
    "missing_file": _("The file %(file)s is missing."),
    "encoding": _("The file %(file)s is not UTF-8 text."),
    "empty": _("The file %(file)s is empty."),
    "missing_column": _("The column “%(column)s” is missing in %(file)s."),
    "bad_row": _("Line %(line)s of %(file)s has the wrong number of cells."),
    "bad_number": _("Line %(line)s of %(file)s: “%(column)s” is not a number."),
    "bad_vote": _("Line %(line)s of %(file)s: a vote is 1, -1 or 0 (column %(column)s)."),
    "missing_id": _("Line %(line)s of %(file)s: a statement has no id."),
    "duplicate_statement": _("Line %(line)s of %(file)s: the statement appears twice."),
    "duplicate_participant": _("Line %(line)s of %(file)s: the participant appears twice."),
    "unknown_statement": _("%(file)s names a statement (%(column)s) that comments.csv lacks."),
    "not_a_folder": _("This is not a conversation folder."),
    "nul": _("Line %(line)s of %(file)s contains a NUL character."),
    "field_too_large": _("Line %(line)s of %(file)s: a cell is far longer than any statement."),
    "csv": _("Line %(line)s of %(file)s is not valid CSV (check the quotes)."),
    "long_id": _("Line %(line)s of %(file)s: the id in “%(column)s” is too long."),
    "bad_moderation": _("Line %(line)s of %(file)s: “moderated” is 1, 0 or -1."),
}


def polis_error_message(error: PolisFormatError) -> str:
    template = MESSAGES.get(error.code)
    if template is None:
        return str(error)
    return str(template) % {
        "file": error.file or "",
        "line": error.line or "",
        "column": error.column or "",
    }
