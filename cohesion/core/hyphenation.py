"""Soft hyphens in long words, by language, so narrow boxes (phase cards on a phone) break
"Integrationsstrategie" as "Integrations-strategie" and never as "Integrationsstr|ategie".

CSS ``hyphens: auto`` does this only where the browser ships a dictionary for the page's
language (Chromium on Linux ships none), so the server marks the break points itself with the
hyphenation dictionaries WeasyPrint already brings (pyphen). Languages without a dictionary
(Arabic, Turkish) are left as they are: their words wrap whole.
"""

import re
from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"
# Shorter words fit the narrowest card (about 16 characters at 360 px) and stay untouched, so
# searching the page for them still finds them.
MIN_LETTERS = 13
_LONG_WORD = re.compile(rf"\w{{{MIN_LETTERS},}}")

# Words the dictionary's patterns break wrongly, with their right break points, as TeX's
# \hyphenation list: the patterns split compounds joined by an "s" after it ("Integrationss-
# trategie"). Keyed by language and the lowercase word.
EXCEPTIONS = {
    "de": {
        "integrationsstrategie": "In-te-gra-ti-ons-stra-te-gie",
        "integrationsstrategien": "In-te-gra-ti-ons-stra-te-gien",
    },
}


@cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    code = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=code) if code else None


def _with_exception(word: str, pattern: str) -> str:
    """The word, in its own case, with soft hyphens where the exception puts its hyphens."""
    out, at = [], 0
    for part in pattern.split("-"):
        out.append(word[at : at + len(part)])
        at += len(part)
    return SOFT_HYPHEN.join(out)


def hyphenate(text: str, language: str) -> str:
    dictionary = _dictionary(language or "")
    if dictionary is None:
        return text
    exceptions = EXCEPTIONS.get((language or "")[:2], {})

    def one(match: re.Match) -> str:
        word = match.group()
        pattern = exceptions.get(word.lower())
        if pattern is not None:
            return _with_exception(word, pattern)
        return dictionary.inserted(word, hyphen=SOFT_HYPHEN)

    return _LONG_WORD.sub(one, text)
