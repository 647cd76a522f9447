"""The people file in the page's words, read by the shared table reader."""

import pytest
from django.utils import translation

from cohesion.seating.people import HEADER, PeopleFileError, people_read


def test_a_semicolon_list_with_a_bom_reads_and_a_web_page_is_refused():
    text = ";".join(HEADER) + "\r\np1;policy;;;de;\r\n\r\np2;immigrant;;sy;ar;p1\r\n"
    people = people_read(b"\xef\xbb\xbf" + text.encode())
    assert [person.id for person in people] == ["p1", "p2"]
    with pytest.raises(PeopleFileError, match="first line must be exactly"):
        people_read(b"<!DOCTYPE html><html><body>Login</body></html>")


def test_rows_are_named_by_their_line_and_the_count_is_bounded():
    rows = "".join(f"p{n},policy,,,de,\n" for n in range(2001))
    with pytest.raises(PeopleFileError, match="more than 2000 people"):
        people_read((",".join(HEADER) + "\n" + rows).encode())
    with pytest.raises(PeopleFileError, match="Row 4 has no id"):
        people_read((",".join(HEADER) + "\np1,policy,,,de,\n\n,policy,,,de,\n").encode())


def test_the_refusal_speaks_the_persons_language():
    with translation.override("de"), pytest.raises(PeopleFileError, match="Die erste Zeile muss"):
        people_read(b"<!DOCTYPE html><html><body>Login</body></html>")
