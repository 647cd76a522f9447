"""The kinds of workshop item: what each asks of a participant, how an answer is checked, and how
answers are counted (``tally``). A kind is declared once here; the console, the phone, the
presenter and the documentation ask the registry, so a new kind is one declaration and its
templates (``workshops/kinds/<name>_*.html``).

An *answer* is one participant's whole reply to an item (their Likert step, their choice, their
allocation of dots): it is stored once per participant and item and replaced when they change
it. Cards (brainstorm, open text, questions) are contributions of their own, several per
participant, and are not answers."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohesion.workshops import tally


class AnswerError(ValueError):
    """An answer this item cannot take; ``code`` names why (messages in ``messages.py``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# Five labelled steps each, as Particify's presets: a climate survey reads as sentences, not as
# numbers. Step 1 is the first label.
SCALE_PRESETS: dict[str, tuple[Promise, ...]] = {
    "agreement": (
        pgettext_lazy("scale", "Strongly disagree"),
        pgettext_lazy("scale", "Disagree"),
        pgettext_lazy("scale", "Neither agree nor disagree"),
        pgettext_lazy("scale", "Agree"),
        pgettext_lazy("scale", "Strongly agree"),
    ),
    "importance": (
        pgettext_lazy("scale", "Not important"),
        pgettext_lazy("scale", "Slightly important"),
        pgettext_lazy("scale", "Moderately important"),
        pgettext_lazy("scale", "Important"),
        pgettext_lazy("scale", "Very important"),
    ),
    "frequency": (
        pgettext_lazy("scale", "Never"),
        pgettext_lazy("scale", "Rarely"),
        pgettext_lazy("scale", "Sometimes"),
        pgettext_lazy("scale", "Often"),
        pgettext_lazy("scale", "Always"),
    ),
}
SCALE_PRESET_LABELS: dict[str, Promise] = {
    "agreement": _("Agreement"),
    "importance": _("Importance"),
    "frequency": _("Frequency"),
}
DEFAULT_DOT_BUDGET = 5
MAX_DOT_BUDGET = 100
MAX_OPTIONS = 30


def _int(value) -> int:
    # bool is an int in Python; true is not a step
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError("malformed")
    return value


def _option(value, config: dict) -> int:
    option = _int(value)
    if not 0 <= option < len(config.get("options", [])):
        raise AnswerError("no_such_option")
    return option


def _scale_answer(answer, config: dict) -> int:
    step = _int(answer)
    if not 1 <= step <= len(SCALE_PRESETS[config.get("scale", "agreement")]):
        raise AnswerError("out_of_range")
    return step


def _single_answer(answer, config: dict) -> list[int]:
    return [_option(answer, config)]


def _multiple_answer(answer, config: dict) -> list[int]:
    if not isinstance(answer, list) or not answer:
        raise AnswerError("malformed")
    chosen = sorted({_option(value, config) for value in answer})
    if len(chosen) != len(answer):
        raise AnswerError("malformed")  # the same option twice
    if len(chosen) > config.get("max_choices", len(config.get("options", []))):
        raise AnswerError("too_many")
    return chosen


def _dots_answer(answer, config: dict) -> dict[int, int]:
    """An allocation {option: dots}; JSON keys arrive as strings."""
    if not isinstance(answer, dict) or len(answer) > MAX_OPTIONS:
        raise AnswerError("malformed")
    allocation: dict[int, int] = {}
    for key, value in answer.items():
        if not isinstance(key, str) or not key.isdigit():
            raise AnswerError("malformed")
        option = _option(int(key), config)
        dots = _int(value)
        if dots < 0:
            raise AnswerError("malformed")
        if dots > config.get("max_per_option", config.get("budget", DEFAULT_DOT_BUDGET)):
            raise AnswerError("too_many")
        if dots:
            allocation[option] = dots
    if sum(allocation.values()) > config.get("budget", DEFAULT_DOT_BUDGET):
        raise AnswerError("over_budget")
    if not allocation:
        raise AnswerError("empty")
    return allocation


def _ranking_answer(answer, config: dict) -> list[int]:
    if not isinstance(answer, list) or not answer:
        raise AnswerError("malformed")
    ranking = [_option(value, config) for value in answer]
    if len(set(ranking)) != len(ranking):
        raise AnswerError("malformed")
    return ranking


def _rating_answer(answer, config: dict) -> dict[int, int]:
    criteria = config.get("criteria", [])
    if not isinstance(answer, dict) or not answer or len(answer) > len(criteria):
        raise AnswerError("malformed")
    rating: dict[int, int] = {}
    for key, value in answer.items():
        if not isinstance(key, str) or not key.isdigit() or int(key) >= len(criteria):
            raise AnswerError("malformed")
        step = _int(value)
        if not 1 <= step <= config.get("steps", 5):
            raise AnswerError("out_of_range")
        rating[int(key)] = step
    return rating


def _no_answer(answer, config: dict):
    raise AnswerError("cards_only")


def _stored(answers):
    """Answers as stored (JSON): dict keys come back as strings."""
    for answer in answers:
        yield {int(k): v for k, v in answer.items()} if isinstance(answer, dict) else answer


@dataclass(frozen=True)
class ItemKind:
    name: str
    label: Promise
    # (answer as sent, item config) -> the answer as stored; raises AnswerError
    answer_clean: Callable
    # (stored answers, item config) -> the JSON-able count
    count: Callable
    # Whether participants write cards (brainstorm, open text, questions) rather than answer.
    takes_cards: bool = False
    # Whether the item lists options that the organiser writes (and translates).
    has_options: bool = False


def _scale_count(answers, config):
    return tally.scale_tally(answers, steps=len(SCALE_PRESETS[config.get("scale", "agreement")]))


def _choice_count(answers, config):
    return tally.choice_tally(answers, options=len(config.get("options", [])))


def _dots_count(answers, config):
    return tally.dots_tally(_stored(answers), options=len(config.get("options", [])))


def _ranking_count(answers, config):
    return tally.borda_tally(answers, options=len(config.get("options", [])))


def _rating_count(answers, config):
    return tally.rating_tally(
        _stored(answers), criteria=len(config.get("criteria", [])), steps=config.get("steps", 5)
    )


def _nothing_to_count(answers, config):
    return {"total": 0}


# --- cards ---
# The count of a card kind takes the item's accepted cards as dicts (text, language, category,
# upvotes: selectors.item_results), not answers.


def _brainstorm_count(cards, config):
    return tally.category_tally(
        (card["category"] for card in cards), options=len(config.get("categories", []))
    )


def _open_count(cards, config):
    cards = list(cards)
    words = tally.word_cloud((card["text"], card["language"]) for card in cards)
    return {"total": len(cards), "words": words}


def _questions_count(cards, config):
    cards = list(cards)
    return {"total": len(cards), "upvotes": sum(card["upvotes"] for card in cards)}


KINDS: dict[str, ItemKind] = {
    kind.name: kind
    for kind in (
        ItemKind("scale", _("Likert statement"), _scale_answer, _scale_count),
        ItemKind("single", _("Single choice"), _single_answer, _choice_count, has_options=True),
        ItemKind(
            "multiple", _("Multiple choice"), _multiple_answer, _choice_count, has_options=True
        ),
        ItemKind("dots", _("Dot voting"), _dots_answer, _dots_count, has_options=True),
        ItemKind("ranking", _("Ranking"), _ranking_answer, _ranking_count, has_options=True),
        ItemKind("rating", _("Rating against criteria"), _rating_answer, _rating_count),
        ItemKind("cards", _("Brainstorm cards"), _no_answer, _brainstorm_count, takes_cards=True),
        ItemKind("open", _("Open text and word cloud"), _no_answer, _open_count, takes_cards=True),
        ItemKind(
            "questions",
            _("Questions with upvotes"),
            _no_answer,
            _questions_count,
            takes_cards=True,
        ),
        ItemKind("info", _("Information (no answers)"), _no_answer, _nothing_to_count),
    )
}
KIND_CHOICES = [(kind.name, kind.label) for kind in KINDS.values()]
