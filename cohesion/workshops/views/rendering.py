"""The fragments the websockets send, rendered as the pages render them: the phone's items in a
participant's language, and an item's results for the console or the presenter."""

from django.template.loader import render_to_string
from django.utils import translation

from cohesion.workshops.models import Item, StakeholderGroup, Workshop
from cohesion.workshops.selectors import item_text, phone_items
from cohesion.workshops.template import FIELDS_OF_ACTION  # noqa: F401 (categories' labels)


def phone_context(*, workshop: Workshop, language: str) -> dict:
    items = phone_items(workshop=workshop)
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


def results_html(*, item: Item, results: dict, screen: str, language: str) -> tuple[str, int]:
    shown = screen == "console" or item.revealed
    with translation.override(language):
        html = render_to_string(
            "workshops/results.html",
            {
                "item": item,
                "shown": shown,
                "rows": result_rows(item=item, results=results, language=language) if shown else [],
                "results": results,
                "mean": results["count"].get("mean"),
                "groups": [
                    (StakeholderGroup(group).label, count)
                    for group, count in results["breakdown"]["groups"].items()
                ],
            },
        )
    return html, results["answers"]
