"""The gettext catalogues are complete, compiled, and keep every placeholder of the English text."""

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

import cohesion

LOCALE_DIR = Path(cohesion.__file__).resolve().parent / "locale"
TRANSLATED_LANGUAGES = ["de", "tr", "ar", "ru", "uk"]

PYTHON_FORMAT = re.compile(r"%\(\w+\)s")
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*\w+\s*\}\}")


def _catalogue_path(language: str, extension: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"django.{extension}"


def _read_po(language: str):
    with _catalogue_path(language, "po").open("rb") as f:
        return read_po(f, locale=language)


def _read_mo(language: str):
    with _catalogue_path(language, "mo").open("rb") as f:
        return read_mo(f)


def _entries(catalogue):
    """Every message except the header."""
    return [message for message in catalogue if message.id]


def _text(value):
    # Babel's read_mo leaves the message context as bytes; the catalogues are UTF-8.
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _translation_map(catalogue) -> dict:
    """(msgid, msgctxt) -> msgstr for every translated message, plurals as tuples."""
    result = {}
    for message in _entries(catalogue):
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if any(strings):
            msgid = tuple(message.id) if isinstance(message.id, tuple | list) else message.id
            result[(msgid, _text(message.context))] = tuple(strings)
    return result


def _placeholders(text: str) -> set[str]:
    names = set(PYTHON_FORMAT.findall(text))
    # Normalise "{{ name }}" and "{{name}}" so spacing alone does not count as a change.
    names |= {re.sub(r"\s+", "", found) for found in TEMPLATE_VARIABLE.findall(text)}
    return names


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    catalogue = _read_po(language)
    entries = _entries(catalogue)
    assert entries, f"{language}: the catalogue is empty"
    assert not catalogue.fuzzy, f"{language}: the header is still marked fuzzy"
    untranslated = []
    fuzzy = []
    for message in entries:
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(strings):
            untranslated.append((message.context, message.id))
        if message.fuzzy:
            fuzzy.append((message.context, message.id))
    assert untranslated == [], f"{language}: untranslated entries {untranslated}"
    assert fuzzy == [], f"{language}: fuzzy entries {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language):
    po_map = _translation_map(_read_po(language))
    mo_map = _translation_map(_read_mo(language))
    assert mo_map == po_map, (
        f"{language}: django.mo is out of date; run "
        "pybabel compile --domain django --directory cohesion/locale"
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_every_placeholder(language):
    mismatches = []
    for message in _entries(_read_po(language)):
        if isinstance(message.id, tuple | list):
            plural = message.id[1]
            for index, string in enumerate(message.string):
                if _placeholders(string) != _placeholders(plural):
                    mismatches.append((message.context, plural, index, string))
        elif _placeholders(message.string) != _placeholders(message.id):
            mismatches.append((message.context, message.id, message.string))
    assert mismatches == [], f"{language}: placeholders differ in {mismatches}"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_header_names_language_charset_and_team(language):
    catalogue = _read_po(language)
    headers = dict(catalogue.mime_headers)
    text = _catalogue_path(language, "po").read_text(encoding="utf-8")
    assert f'"Language: {language}\\n"' in text
    assert '"Language-Team: Cohesion\\n"' in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=" in text
    assert headers["Content-Transfer-Encoding"] == "8bit"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_django_serves_the_translations(language):
    with translation.override(language):
        log_in = translation.gettext("Log in")
        commitment = translation.pgettext("phase", "Commitment")
        phase_of = translation.gettext("Next: %(title)s.") % {"title": "3"}
        product = translation.gettext("Cohesion")
    assert log_in != "Log in"
    assert commitment != "Commitment"
    assert "3" in phase_of
    assert phase_of != "Next: 3."
    assert product == "Cohesion"


def test_german_uses_the_words_in_the_catalogue():
    with translation.override("de"):
        assert translation.pgettext("phase", "Commitment") == "Zusage"
        assert translation.pgettext("phase", "Preparation") == "Vorbereitung"
        assert translation.gettext("Log in") == "Anmelden"
        assert translation.gettext("official key (AGS)") == "Amtlicher Gemeindeschlüssel (AGS)"
        assert (
            translation.gettext("The process is now in the phase “%(phase)s”.")
            % {"phase": "Vorbereitung"}
            == "Der Prozess ist jetzt in der Phase „Vorbereitung“."
        )


def test_english_falls_back_to_the_source_text():
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
        assert translation.pgettext("phase", "Commitment") == "Commitment"
