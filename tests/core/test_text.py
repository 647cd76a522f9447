"""Contributed text is checked the same way wherever it comes from (cohesion.core.text)."""

import pytest
from django.core.exceptions import ValidationError

from cohesion.core.text import plain_text_clean


def clean(text: str) -> str:
    return plain_text_clean(text, min_length=3, max_length=400)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("  Mehr   Sprachkurse\n am Abend ", "Mehr Sprachkurse am Abend"),
        ("Abstimmung \u202eetats\u202c jetzt", "Abstimmung etats jetzt"),  # override removed
        ("\u2067مزيد من دروس اللغة\u2069", "مزيد من دروس اللغة"),  # isolate removed
        ("Wo\u200brt\ufeff", "Wort"),  # invisible characters removed
        ("👨\u200d👩\u200d👧 Familien", "👨\u200d👩\u200d👧 Familien"),  # joiners kept
        ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ kept: Persian needs it
        ("x" * 400, "x" * 400),
    ],
)
def test_honest_text_is_kept_in_its_words(text, stored):
    assert clean(text) == stored


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "length"),
        ("   \n\t ", "length"),
        ("no", "length"),
        ("x" * 401, "length"),
        ("\u200b\u200b\u200b\u200b", "length"),  # nothing left once the invisible go
        ("\u200d\u200d\u200c\u200e\u200f", "invisible"),  # joiners and marks alone
        ("a\u0301\u0301\u0301", "invisible"),  # one letter and combining marks
        ("Mehr\x00Sprachkurse", "control"),
        ("Mehr\x07Sprachkurse", "control"),
        ("Mehr\x1bSprachkurse", "control"),
    ],
)
def test_text_nobody_could_read_is_refused(text, code):
    with pytest.raises(ValidationError) as error:
        clean(text)
    assert error.value.code == code
