"""The people to seat, from the CSV the command and the page read
(``id,target_group,department,origin,language,keep_with``), and the engine's refusals in the
reader's language."""

import csv
import io

from django.utils.translation import gettext as _

from cohesion.core import tables
from cohesion.seating.engine import Person, SeatingError

HEADER = ("id", "target_group", "department", "origin", "language", "keep_with")
MAX_BYTES = 2 * 1024 * 1024  # a room of thousands fits many times over
MAX_PEOPLE = 2000  # the engine holds a matrix of who met whom: 2,000² numbers


class PeopleFileError(ValueError):
    pass


def _file_error(error: tables.TableError) -> PeopleFileError:
    """A refusal of ``core.tables`` in this page's words."""
    code, params = error.code, error.params
    if code == "too_large":
        message = _("The file is larger than %(limit)s MB.") % {"limit": params["limit_mb"]}
    elif code == "too_many_rows":
        message = _("The file lists more than %(limit)s people.") % {"limit": MAX_PEOPLE}
    elif code in ("empty", "html_page"):
        message = _("The first line must be exactly: %(header)s") % {"header": ",".join(HEADER)}
    elif "row" in params:
        message = _("Row %(row)s cannot be read: %(reason)s") % params
    else:
        message = _("The file is not UTF-8 text.")
    return PeopleFileError(message)


def people_read(data: bytes) -> list[Person]:
    """The people of a CSV file; PeopleFileError naming the row for anything wrong. ``data``
    is read at most MAX_BYTES (callers read no more than MAX_BYTES + 1)."""
    try:
        rows = tables.table_rows(
            data,
            max_bytes=MAX_BYTES,
            max_rows=MAX_PEOPLE,
            max_columns=len(HEADER),
            encodings=("utf-8",),  # the page asks for UTF-8
        )
    except tables.TableError as error:
        raise _file_error(error) from error
    header, *rows = rows
    if tuple(header.cells) != HEADER:
        raise PeopleFileError(
            _("The first line must be exactly: %(header)s") % {"header": ",".join(HEADER)}
        )
    people = []
    lines: dict[str, int] = {}
    for row in rows:
        line = row.number
        if len(row.cells) != len(HEADER):
            raise PeopleFileError(
                _("Row %(row)s has %(found)s columns instead of %(expected)s.")
                % {"row": line, "found": len(row.cells), "expected": len(HEADER)}
            )
        person = Person(*row.cells)
        if not person.id:
            raise PeopleFileError(_("Row %(row)s has no id.") % {"row": line})
        if person.id in lines:
            raise PeopleFileError(
                _("Row %(row)s repeats the id %(id)s of row %(first)s.")
                % {"row": line, "id": person.id, "first": lines[person.id]}
            )
        lines[person.id] = line
        people.append(person)
    for person in people:
        if person.keep_with and person.keep_with not in lines:
            raise PeopleFileError(
                _("Row %(row)s keeps %(id)s with %(keep_with)s, who is not in the file.")
                % {"row": lines[person.id], "id": person.id, "keep_with": person.keep_with}
            )
    return people


def seating_error_message(error: SeatingError) -> str:
    """The engine's refusal in the reader's language."""
    messages = {
        "no_id": _("The person in position %(position)s has no id."),
        "duplicate_id": _("The id %(id)s is given to two people."),
        "unknown_keep_with": _("%(id)s is to be kept with %(keep_with)s, who is not in the list."),
        "group_too_large": _(
            "The group kept together (%(group)s) has %(size)s people, more than a table seats "
            "(%(seats)s)."
        ),
        "no_table": _("There must be at least one table."),
        "no_round": _("There must be at least one round."),
        "too_many_tables": _(
            "There are more tables (%(tables)s) than people (%(people)s): every table needs "
            "someone."
        ),
        "groups_do_not_fit": _(
            "The groups kept together cannot be seated at tables whose sizes differ by at most "
            "one; fewer or smaller groups, or another number of tables, would do."
        ),
    }
    message = messages.get(error.code)
    return message % error.params if message else str(error)


def people_as_csv(people: list[Person]) -> str:
    """The people in the command's CSV format (for the page's snapshot download)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for person in people:
        writer.writerow([getattr(person, column) for column in HEADER])
    return out.getvalue()
