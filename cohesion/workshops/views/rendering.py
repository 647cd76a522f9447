"""The fragments the websockets send, rendered as the pages render them: the phone's items in a
participant's language, and an item's results for the console or the presenter."""

from django.template.loader import render_to_string
from django.utils import translation

from cohesion.core.translations import translation_pick
from cohesion.workshops.kinds import KINDS
from cohesion.workshops.models import Card, Item, StakeholderGroup, Workshop
from cohesion.workshops.selectors import item_cards, item_text, phone_items


def phone_context(*, workshop: Workshop, language: str) -> dict:
    items = phone_items(workshop=workshop)
    for item in items:
        if KINDS[item.kind].takes_cards:
            _cards_phone_prepare(item, language)
    return {
        "workshop": workshop,
        "entries": [(item, item_text(item=item, language=language)) for item in items],
    }


def phone_items_html(workshop_id: int, language: str) -> str:
    workshop = Workshop.objects.get(pk=workshop_id)
    with translation.override(language):
        return render_to_string(
            "workshops/phone/items.html", phone_context(workshop=workshop, language=language)
        )


def result_rows(*, item: Item, results: dict, language: str) -> list[dict]:
    """One row per option, step or criterion: its label (in the reader's language, original
    kept) and its figure, with the share of the largest for the bar."""
    text = item_text(item=item, language=language)
    count = results["count"]
    if item.kind == "scale":
        labels, values = text.steps, count["counts"]
    elif item.kind in {"single", "multiple"}:
        labels, values = [o.text for o in text.options], count["counts"]
    elif item.kind == "dots":
        labels, values = [o.text for o in text.options], count["dots"]
    elif item.kind == "ranking":
        labels, values = [o.text for o in text.options], count["scores"]
    elif item.kind == "rating":
        labels, values = [c.text for c in text.criteria], [m or 0 for m in count["means"]]
    else:
        return []
    largest = max(values, default=0) or 1
    return [
        {"label": label, "value": value, "largest": largest}
        for label, value in zip(labels, values, strict=False)
    ]


def results_html(
    *, item: Item, results: dict, screen: str, language: str, csrf_token: str = ""
) -> tuple[str, int]:
    shown = screen == "console" or item.revealed
    if KINDS[item.kind].takes_cards:
        return _cards_results_html(
            item=item,
            results=results,
            screen=screen,
            language=language,
            shown=shown,
            csrf_token=csrf_token,
        )
    with translation.override(language):
        html = render_to_string(
            "workshops/results.html",
            {
                "item": item,
                "shown": shown,
                "rows": result_rows(item=item, results=results, language=language) if shown else [],
                "results": results,
                "mean": results["count"].get("mean"),
                "by_group": _by_group(item=item, results=results, language=language)
                if shown
                else None,
            },
        )
    return html, results["answers"]


def _by_group(*, item: Item, results: dict, language: str) -> dict | None:
    """How each stakeholder group answered, as one table: a column per group shown (five or
    more answers), a row per option, step or criterion, and the groups' means for a scale."""
    shown = results["breakdown"]["groups"]
    if not shown:
        return None
    columns = [
        (
            StakeholderGroup(group).label,
            result_rows(item=item, results={"count": count}, language=language),
        )
        for group, count in shown.items()
    ]
    labels = [row["label"] for row in columns[0][1]]
    return {
        "groups": [label for label, _rows in columns],
        "rows": [
            (label, [rows[index]["value"] for _group, rows in columns])
            for index, label in enumerate(labels)
        ],
        "totals": [count["total"] for count in shown.values()],
        "means": [count.get("mean") for count in shown.values()] if item.kind == "scale" else None,
    }


# --- cards ---


def _categories(item: Item, language: str) -> list:
    source = item.workshop.source_language
    return [
        translation_pick(category, language=language, original_language=source)
        for category in (item.config or {}).get("categories", [])
    ]


def _cards_phone_prepare(item: Item, language: str) -> None:
    """What a phone shows of a card item besides its form: the fields of action to choose from,
    and for questions the accepted ones with their upvotes (the fragment is rendered anew when
    a question is accepted)."""
    item.card_categories = _categories(item, language) if item.kind == "cards" else []
    item.card_questions = (
        item_cards(item=item, moderation=Card.Moderation.ACCEPTED)
        if item.kind == "questions"
        else []
    )


def _with_translation(cards: list[Card], language: str) -> list[Card]:
    """Each card in its own language, and a helper's translation into ``language`` beside it."""
    for card in cards:
        translated = (card.translations or {}).get(language, "")
        card.shown_translation = translated if translated and card.language != language else ""
    return cards


def _cards_results_html(
    *, item: Item, results: dict, screen: str, language: str, shown: bool, csrf_token: str
) -> tuple[str, int]:
    cards = _with_translation(item_cards(item=item), language) if shown else []
    accepted = [card for card in cards if card.moderation == Card.Moderation.ACCEPTED]
    categories = _categories(item, language) if item.kind == "cards" else []
    groups = []
    if item.kind == "cards":
        for index, category in enumerate(categories):
            groups.append((category, [card for card in accepted if card.category == index]))
        rest = [
            card for card in accepted if card.category is None or card.category >= len(categories)
        ]
        if rest or not categories:
            groups.append((None, rest))
    with translation.override(language):
        html = render_to_string(
            "workshops/cards_results.html",
            {
                "item": item,
                "shown": shown,
                "console": screen == "console",
                "results": results,
                "accepted": accepted,
                "pending": [card for card in cards if card.moderation == Card.Moderation.PENDING],
                "rejected": [card for card in cards if card.moderation == Card.Moderation.REJECTED],
                "groups": groups,
                "words": results["count"].get("words", []) if shown else [],
                "language": language,
                "csrf_token": csrf_token,
            },
        )
    return html, results["answers"]
