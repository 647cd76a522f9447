"""Long words get soft hyphens by language; short ones and unknown languages stay as they are."""

from django.template import Context, Template
from django.utils import translation

from cohesion.core.hyphenation import SOFT_HYPHEN, hyphenate


def test_german_compounds_break_only_between_syllables():
    hyphenated = hyphenate("Phase 5: Integrationsstrategie", "de")
    assert hyphenated.replace(SOFT_HYPHEN, "") == "Phase 5: Integrationsstrategie"
    word = hyphenated.split()[-1]
    points = {len(part) for part in _prefixes(word)}
    assert "Integrations" in _prefixes(word)
    assert len("Integrationsstr") not in points


def _prefixes(word: str) -> list[str]:
    parts = word.split(SOFT_HYPHEN)
    return ["".join(parts[: i + 1]) for i in range(len(parts) - 1)]


def test_short_words_and_languages_without_a_dictionary_are_left_alone():
    assert hyphenate("Vorbereitung", "de") == "Vorbereitung"
    assert hyphenate("Integrationsstrategie", "ar") == "Integrationsstrategie"
    assert hyphenate("الاستراتيجية", "ar") == "الاستراتيجية"
    assert hyphenate("Integrationsstrategie", "") == "Integrationsstrategie"


def test_the_filter_follows_the_active_language_and_escapes():
    template = Template("{% load typography %}{{ text|hyphenate }}")
    with translation.override("de"):
        shown = template.render(Context({"text": "<b>Integrationsstrategie</b>"}))
    assert shown.startswith("&lt;b&gt;In")
    assert SOFT_HYPHEN in shown
