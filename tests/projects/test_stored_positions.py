"""Projects store the standard field of action and the rating criterion by their position in the
workshop template's lists: a list reordered or shortened would silently move every stored
project to another field, every rating to another criterion. The lists may only grow."""

from django.utils import translation

from cohesion.workshops.template import FIELDS_OF_ACTION, PROJECT_CRITERIA

STORED_FIELDS = (
    "Language and education",
    "Work and economy",
    "Housing and neighbourhood",
    "Health",
    "Culture, sport and leisure",
    "Participation and civic engagement",
    "Intercultural opening of the administration",
    "Anti-discrimination",
    "Welcome culture",
)
STORED_CRITERIA = ("Reaches the people it is meant for", "Makes a difference", "Will last")


def _english(texts) -> tuple[str, ...]:
    with translation.override("en"):
        return tuple(str(text) for text in texts)


def test_the_fields_of_action_keep_their_positions():
    assert _english(FIELDS_OF_ACTION)[: len(STORED_FIELDS)] == STORED_FIELDS


def test_the_criteria_keep_their_positions():
    assert _english(PROJECT_CRITERIA)[: len(STORED_CRITERIA)] == STORED_CRITERIA
