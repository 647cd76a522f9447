"""Texts that organisers write in several languages: a dict of language code → text, beside the
language the text was written in. Participants read it in their language when a translation
exists and in the original otherwise, with the original one tap away; missing translations are
flagged to the organiser. Participants' own contributions are never put into this form: they keep
their original language (a helper's translation is added beside them)."""

from dataclasses import dataclass

from django.conf import settings


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Shown:
    text: str
    language: str
    is_original: bool
    original: str
    original_language: str


def translation_pick(texts: dict, *, language: str, original_language: str) -> Shown:
    """The text in ``language`` if there is one, else in the original language."""
    texts = texts or {}
    original = texts.get(original_language, "") or next(iter(texts.values()), "")
    translated = texts.get(language, "")
    if translated and language != original_language:
        return Shown(translated, language, False, original, original_language)
    return Shown(original, original_language, True, original, original_language)


def translations_missing(texts: dict) -> list[str]:
    """The languages of the interface that the text has no translation in."""
    texts = texts or {}
    return [code for code in language_codes() if not (texts.get(code) or "").strip()]
