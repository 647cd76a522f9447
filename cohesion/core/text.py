"""Short plain text that people contribute (statements now, workshop cards next), checked the
same way whether it was typed in a form or came in through an import.

What it guards against: control characters that break storage and exports (PostgreSQL refuses
NUL in text), bidirectional overrides and isolates that make a statement read differently on
screen than it is stored (an "RTL override" spoof), invisible characters that make an empty
statement look full, and whitespace runs that stretch a page.

Bidirectional controls and characters that are invisible and do nothing in any script are
removed rather than refused: they come from copying text out of other programs far more often
than from an attack, and removing them leaves the words and their logical order intact (pages
show contributions with ``dir="auto"``). Joiners (ZWJ, ZWNJ) and the direction marks
LRM/RLM/ALM are kept: emoji sequences, Persian and Indic scripts need them, and they reorder
nothing.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Zero-width space, word joiner, invisible operators, byte-order mark, Mongolian vowel
# separator, and the tag characters (hidden ASCII that nobody sees but programs read).
INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e"
_REMOVED = re.compile(f"[{BIDI_CONTROLS}{INVISIBLE}\U000e0000-\U000e007f]")


def _visible(character: str) -> bool:
    # Letters, digits, punctuation and symbols (emoji included); not marks, spaces or formats.
    return unicodedata.category(character)[0] in "LNPS"


def plain_text_clean(text: str, *, min_length: int, max_length: int) -> str:
    """The text as it is stored: NFC, bidirectional controls and invisible characters removed,
    whitespace runs made one space. Raises ValidationError (code "control", "length" or
    "invisible") for text with control characters, of the wrong length, or without
    ``min_length`` visible characters."""
    text = unicodedata.normalize("NFC", text)
    text = " ".join(_REMOVED.sub("", text).split())  # split() also takes \t, \n, \r, NBSP
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise ValidationError(
            _("The text contains control characters (such as NUL) that cannot be stored."),
            code="control",
        )
    if not min_length <= len(text) <= max_length:
        raise ValidationError(
            _("A statement has between %(min)s and %(max)s characters.")
            % {"min": min_length, "max": max_length},
            code="length",
        )
    if sum(map(_visible, text)) < min_length:
        raise ValidationError(
            _("A statement needs at least %(min)s visible characters.") % {"min": min_length},
            code="invisible",
        )
    return text
