"""The two workshop days of the method as a template: what a moderator starts from and edits.

Day 1 "sensitise and position", day 2 "realise" (PRODUCT.md). The texts are the project's own,
translated by the interface's catalogues, so a workshop made from the template carries its items
in all six languages from the start; what the moderator writes later is flagged where it lacks a
translation."""

from dataclasses import dataclass, field
from datetime import time

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cohesion.core.translations import language_codes

# The standard fields of action (PRODUCT.md, "Handlungsfeld"); brainstorm cards are sorted into
# them. The strategy makes them editable per municipality.
# Both lists are stored by position (projects.Project.standard_field, ProjectRating.criterion):
# add at the end, never reorder or remove (tests/projects/test_stored_positions.py).
FIELDS_OF_ACTION: tuple[Promise, ...] = (
    _("Language and education"),
    _("Work and economy"),
    _("Housing and neighbourhood"),
    _("Health"),
    _("Culture, sport and leisure"),
    _("Participation and civic engagement"),
    _("Intercultural opening of the administration"),
    _("Anti-discrimination"),
    _("Welcome culture"),
)

PROJECT_CRITERIA: tuple[Promise, ...] = (
    _("Reaches the people it is meant for"),
    _("Makes a difference"),
    _("Will last"),
)


@dataclass(frozen=True)
class TemplateItem:
    kind: str
    title: Promise
    prompt: Promise | None = None
    starts_at: time | None = None
    minutes: int | None = None
    pacing: str = "live"
    scale: str = ""
    options: tuple[Promise, ...] = ()
    criteria: tuple[Promise, ...] = ()
    categories: tuple[Promise, ...] = ()
    budget: int = 0
    extra: dict = field(default_factory=dict)


DAYS: dict[str, tuple[TemplateItem, ...]] = {
    "workshop-day-1": (
        TemplateItem(
            "open",
            _("What integration means here"),
            _("What does integration mean in our community? A few words."),
            time(9, 30),
            20,
        ),
        TemplateItem(
            "scale",
            _("Climate: living together"),
            _("People of different origins live well together in our town."),
            time(9, 50),
            5,
            scale="agreement",
            extra={"climate": True},
        ),
        TemplateItem(
            "scale",
            _("Climate: information"),
            _("Immigrants find the information they need about local services."),
            time(9, 55),
            5,
            scale="agreement",
            extra={"climate": True},
        ),
        TemplateItem(
            "scale",
            _("Climate: contact"),
            _("How often do you talk with people of another origin in everyday life?"),
            time(10, 0),
            5,
            scale="frequency",
            extra={"climate": True},
        ),
        TemplateItem(
            "rating",
            _("Evaluation of existing projects"),
            _("How well does this project do?"),
            time(10, 15),
            40,
            criteria=PROJECT_CRITERIA,
        ),
        TemplateItem(
            "info",
            _("What the local figures imply"),
            _("The facts and figures of our municipality, compared with similar ones."),
            time(11, 15),
            45,
            extra={"show": "profile"},
        ),
        TemplateItem(
            "info",
            _("Good practices from comparable cities"),
            None,
            time(13, 30),
            45,
        ),
        TemplateItem(
            "cards",
            _("Goals per field of action"),
            _("Which goal should our town reach? One goal per card."),
            time(14, 30),
            60,
            categories=FIELDS_OF_ACTION,
        ),
    ),
    "workshop-day-2": (
        TemplateItem(
            "cards",
            _("Untapped potential"),
            _("Which potential of immigrants does our town not use yet?"),
            time(9, 30),
            45,
            categories=FIELDS_OF_ACTION,
        ),
        TemplateItem(
            "cards",
            _("Project ideas"),
            _("Which project would bring us closer to our goals?"),
            time(10, 30),
            60,
            categories=FIELDS_OF_ACTION,
        ),
        TemplateItem(
            "dots",
            _("Priorities"),
            _("Spend your dots on the ideas that matter most."),
            time(11, 45),
            20,
            budget=5,
        ),
        TemplateItem(
            "cards",
            _("Project planning and networking"),
            _("Who does what with whom? Name the partners and the first step."),
            time(13, 30),
            90,
        ),
    ),
}


def in_every_language(text: Promise | str | None) -> dict[str, str]:
    """A lazy string as organiser text: {language: text} in every language of the interface."""
    if not text:
        return {}
    texts = {}
    for code in language_codes():
        with translation.override(code):
            texts[code] = str(text)
    return texts


def item_fields(template: TemplateItem) -> dict:
    """The model fields of an item made from the template."""
    config: dict = dict(template.extra)
    if template.scale:
        config["scale"] = template.scale
    if template.options:
        config["options"] = [in_every_language(option) for option in template.options]
    if template.criteria:
        config["criteria"] = [in_every_language(criterion) for criterion in template.criteria]
        config["steps"] = 5
    if template.categories:
        config["categories"] = [in_every_language(category) for category in template.categories]
    if template.budget:
        config["budget"] = template.budget
    return {
        "kind": template.kind,
        "title": in_every_language(template.title),
        "prompt": in_every_language(template.prompt),
        "config": config,
        "starts_at": template.starts_at,
        "minutes": template.minutes,
        "pacing": template.pacing,
    }
