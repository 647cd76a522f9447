"""The people to seat, from the CSV the command and the page read
(``id,target_group,department,origin,language,keep_with``), and the engine's refusals in the
reader's language."""

import csv
import io

from django.utils.translation import gettext as _

from cohesion.seating.engine import Person, SeatingError

HEADER = ("id", "target_group", "department", "origin", "language", "keep_with")
MAX_BYTES = 2 * 1024 * 1024  # a room of thousands fits many times over
MAX_PEOPLE = 2000  # the engine holds a matrix of who met whom: 2,000² numbers


class PeopleFileError(ValueError):
    pass


def people_read(data: bytes) -> list[Person]:
    """The people of a CSV file; PeopleFileError naming the row for anything wrong. ``data``
    is read at most MAX_BYTES (callers read no more than MAX_BYTES + 1)."""
    if len(data) > MAX_BYTES:
        raise PeopleFileError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PeopleFileError(_("The file is not UTF-8 text.")) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or tuple(header) != HEADER:
            raise PeopleFileError(
                _("The first line must be exactly: %(header)s") % {"header": ",".join(HEADER)}
            )
        people = []
        rows: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(HEADER):
                raise PeopleFileError(
                    _("Row %(row)s has %(found)s columns instead of %(expected)s.")
                    % {"row": line, "found": len(row), "expected": len(HEADER)}
                )
            person = Person(*row)
            if not person.id:
                raise PeopleFileError(_("Row %(row)s has no id.") % {"row": line})
            if person.id in rows:
                raise PeopleFileError(
                    _("Row %(row)s repeats the id %(id)s of row %(first)s.")
                    % {"row": line, "id": person.id, "first": rows[person.id]}
                )
            rows[person.id] = line
            people.append(person)
            if len(people) > MAX_PEOPLE:
                raise PeopleFileError(
                    _("The file lists more than %(limit)s people.") % {"limit": MAX_PEOPLE}
                )
    except csv.Error as error:
        raise PeopleFileError(
            _("Row %(row)s cannot be read: %(reason)s") % {"row": reader.line_num, "reason": error}
        ) from error
    for person in people:
        if person.keep_with and person.keep_with not in rows:
            raise PeopleFileError(
                _("Row %(row)s keeps %(id)s with %(keep_with)s, who is not in the file.")
                % {"row": rows[person.id], "id": person.id, "keep_with": person.keep_with}
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
