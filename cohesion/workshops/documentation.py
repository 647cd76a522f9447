"""The documentation of a workshop: the PDF of a day for the workshop folder (every item's
results with its chart, the breakdown by stakeholder group from five people, the cards), and the
raw data as XLSX and CSV without personal data.

The exports name no device, nickname, self-described attribute or participant id: a participant
is a number counted within the one export, so that answers of one person can be related without
saying who it is. A stakeholder group is written only where the workshop has at least five
participants of it (``tally.MIN_GROUP_SIZE``); rejected cards stay out. Every cell goes through
``core.spreadsheets``, so text typed in the room is never run as a formula."""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.charts import bars_spec, chart_svg, number_display
from cohesion.core.spreadsheets import csv_bytes, sheet_table_write, workbook_bytes
from cohesion.core.translations import translation_pick
from cohesion.workshops.kinds import KINDS, SCALE_PRESETS
from cohesion.workshops.models import (
    Answer,
    Card,
    Item,
    StakeholderGroup,
    Workshop,
    WorkshopDay,
    WorkshopParticipant,
)
from cohesion.workshops.selectors import item_results, item_text
from cohesion.workshops.tally import MIN_GROUP_SIZE

EXPORT = audit_action("workshops.export", gettext_lazy("Workshop documentation exported"))

_SHEET_WIDTH_MIN, _SHEET_WIDTH_MAX = 8, 60


def _source(texts: dict, workshop: Workshop) -> str:
    """An organiser's text in the workshop's source language (another one if that is empty)."""
    source = workshop.source_language
    return translation_pick(texts or {}, language=source, original_language=source).text


# --- the day's PDF ---


@dataclass
class DocumentItem:
    item: Item
    title: str
    prompt: str
    kind: str
    state: str
    answers: int
    # (label, figure as written) per step, option or criterion
    rows: list[tuple[str, str]] = field(default_factory=list)
    figure_label: str = ""
    mean: str = ""
    chart: str = ""
    # (group label, rows) for each group with at least five answers
    groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    hidden_groups: int = 0
    cards: list[Card] = field(default_factory=list)
    takes_cards: bool = False


def _figures(item: Item, count: dict, language: str) -> tuple[list[str], list, int, str]:
    """Labels, values, decimals and the name of the figure of a count."""
    text = item_text(item=item, language=language)
    options = [option.text for option in text.options]
    if item.kind == "scale":
        return text.steps, count["counts"], 0, _("answers")
    if item.kind in {"single", "multiple"}:
        return options, count["counts"], 0, _("people")
    if item.kind == "dots":
        return options, count["dots"], 0, _("dots")
    if item.kind == "ranking":
        return options, count["scores"], 2, _("mean points (Borda)")
    if item.kind == "rating":
        return [c.text for c in text.criteria], count["means"], 2, _("mean rating")
    return [], [], 0, ""


def _rows(labels, values, decimals) -> list[tuple[str, str]]:
    return [
        (label, number_display(value, decimals))
        for label, value in zip(labels, values, strict=False)
    ]


def _document_item(item: Item, *, language: str, cards: list[Card]) -> DocumentItem:
    kind = KINDS[item.kind]
    results = item_results(item=item)
    entry = DocumentItem(
        item=item,
        title=_source(item.title, item.workshop),
        prompt=_source(item.prompt, item.workshop),
        kind=str(kind.label),
        state=item.get_state_display(),
        answers=results["answers"],
        takes_cards=kind.takes_cards,
        cards=cards,
    )
    labels, values, decimals, figure = _figures(item, results["count"], language)
    if not labels:
        return entry
    entry.rows = _rows(labels, values, decimals)
    entry.figure_label = figure
    if results["count"].get("mean") is not None:
        entry.mean = number_display(results["count"]["mean"], 2)
    bars = [
        (label, value) for label, value in zip(labels, values, strict=False) if value is not None
    ]
    if results["answers"] and bars:
        entry.chart = chart_svg(
            bars_spec,
            bars=bars,
            unit=figure,
            decimals=decimals,
            description=_("%(figure)s per option: %(title)s")
            % {"figure": figure, "title": entry.title},
        )
    breakdown = results["breakdown"]
    for group, count in breakdown["groups"].items():
        _labels, group_values, _decimals, _figure = _figures(item, count, language)
        entry.groups.append((StakeholderGroup(group).label, _rows(labels, group_values, decimals)))
    entry.hidden_groups = len(breakdown["hidden"])
    return entry


def day_document(*, workshop: Workshop, day: WorkshopDay, language: str) -> dict:
    """What the day's PDF shows, labels in ``language``; the organisers' texts in the
    workshop's source language, the cards in the language they were written in."""
    items = list(Item.objects.filter(workshop=workshop, day=day).order_by("position", "pk"))
    cards_by_item: dict[int, list[Card]] = {}
    for card in Card.objects.filter(
        item__in=items, moderation=Card.Moderation.ACCEPTED
    ).select_related("cluster"):
        cards_by_item.setdefault(card.item_id, []).append(card)
    entries = []
    for item in items:
        item.workshop = workshop
        item.day = day
        entries.append(
            _document_item(item, language=language, cards=cards_by_item.get(item.pk, []))
        )
    process = workshop.process
    return {
        "workshop": workshop,
        "day": day,
        "title": _source(workshop.title, workshop),
        "municipality": process.municipality.name,
        "entries": entries,
        "minimum": MIN_GROUP_SIZE,
    }


def day_html(*, workshop: Workshop, day: WorkshopDay, language: str, request=None) -> str:
    """The day's document as HTML (the PDF is laid out from it)."""
    context = day_document(workshop=workshop, day=day, language=language)
    return render_to_string("workshops/documentation/day.html", context, request)


def day_pdf_document(*, html: str):
    """The laid-out document (WeasyPrint), its pages countable; fonts from the system."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def day_pdf(*, html: str) -> bytes:
    return day_pdf_document(html=html).write_pdf()


# --- the raw data ---


def _readable(item: Item, value) -> str:
    """An answer in words: the chosen options (in the source language), a scale's step."""
    config = item.config or {}
    workshop = item.workshop
    options = [_source(option, workshop) for option in config.get("options", [])]
    criteria = [_source(criterion, workshop) for criterion in config.get("criteria", [])]

    def option(index) -> str:
        index = int(index)
        return options[index] if 0 <= index < len(options) else str(index)

    if item.kind == "scale" and isinstance(value, int):
        steps = SCALE_PRESETS.get(config.get("scale", "agreement"), ())
        label = str(steps[value - 1]) if 1 <= value <= len(steps) else ""
        return f"{value} ({label})" if label else str(value)
    if item.kind in {"single", "multiple"} and isinstance(value, list):
        return "; ".join(option(index) for index in value)
    if item.kind == "ranking" and isinstance(value, list):
        return "; ".join(f"{place}. {option(index)}" for place, index in enumerate(value, 1))
    if item.kind == "dots" and isinstance(value, dict):
        return "; ".join(f"{option(index)}: {dots}" for index, dots in value.items())
    if item.kind == "rating" and isinstance(value, dict):
        return "; ".join(
            f"{criteria[int(index)] if int(index) < len(criteria) else index}: {step}"
            for index, step in value.items()
        )
    return json.dumps(value, ensure_ascii=False)


def _groups_shown(workshop: Workshop, answers: list[Answer]) -> set[str]:
    """The stakeholder groups that may be written beside the answers: at least five
    participants in the workshop, and on every item either no answer of the group or at least
    five. A group is written for all of a participant's answers or none of them: their number
    relates the rows, so leaving the group out only on the item four of them answered would
    still let a reader count those four."""
    people = {
        row["group"]
        for row in WorkshopParticipant.objects.filter(workshop=workshop)
        .exclude(group="")
        .values("group")
        .annotate(people=Count("pk"))
        if row["people"] >= MIN_GROUP_SIZE
    }
    per_item: dict[tuple[int, str], int] = {}
    for answer in answers:
        group = answer.participant.group
        if group:
            per_item[answer.item_id, group] = per_item.get((answer.item_id, group), 0) + 1
    too_few = {group for (_item, group), count in per_item.items() if count < MIN_GROUP_SIZE}
    return people - too_few


def _minute(moment):
    """A time to the minute, in the local time zone, without zone (as spreadsheets take it)."""
    return timezone.localtime(moment).replace(second=0, microsecond=0, tzinfo=None)


def answer_rows(*, workshop: Workshop) -> tuple[list[str], list[list]]:
    """The header and one row per answer; no personal data."""
    header = [
        _("day"),
        _("position"),
        _("item"),
        _("kind"),
        _("participant (number in this export)"),
        _("answer"),
        _("answer (as stored)"),
        _("stakeholder group (from five people)"),
        _("answered at"),
    ]
    numbers: dict[int, int] = {}
    rows = []
    answers = list(
        Answer.objects.filter(item__workshop=workshop)
        .select_related("item", "item__day")
        .only(
            "value",
            "updated_at",
            "participant_id",
            "participant__group",
            "item__kind",
            "item__title",
            "item__config",
            "item__position",
            "item__day__phase_slug",
        )
        .select_related("participant")
        .order_by("item__day__phase_slug", "item__position", "item__pk", "participant_id")
    )
    shown = _groups_shown(workshop, answers)
    for answer in answers:
        item = answer.item
        item.workshop = workshop
        number = numbers.setdefault(answer.participant_id, len(numbers) + 1)
        group = answer.participant.group
        rows.append(
            [
                str(item.day),
                item.position + 1,
                _source(item.title, workshop),
                str(KINDS[item.kind].label),
                number,
                _readable(item, answer.value),
                json.dumps(answer.value, ensure_ascii=False, sort_keys=True),
                str(StakeholderGroup(group).label) if group in shown else "",
                _minute(answer.updated_at),
            ]
        )
    return header, rows


def card_rows(*, workshop: Workshop) -> tuple[list[str], list[list]]:
    """The header and one row per card that was not rejected; no participant."""
    header = [
        _("day"),
        _("position"),
        _("item"),
        _("card"),
        _("language"),
        _("field of action"),
        _("cluster"),
        _("moderation"),
    ]
    rows = []
    cards = (
        Card.objects.filter(item__workshop=workshop)
        .exclude(moderation=Card.Moderation.REJECTED)
        .select_related("item", "item__day", "cluster")
        .order_by("item__day__phase_slug", "item__position", "item__pk", "pk")
    )
    for card in cards:
        item = card.item
        categories = (item.config or {}).get("categories", [])
        category = ""
        if card.category is not None and card.category < len(categories):
            category = _source(categories[card.category], workshop)
        rows.append(
            [
                str(item.day),
                item.position + 1,
                _source(item.title, workshop),
                card.text,
                card.language,
                category,
                _source(card.cluster.title, workshop) if card.cluster else "",
                card.get_moderation_display(),
            ]
        )
    return header, rows


def _csv_cell(value):
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def export_csv(*, workshop: Workshop, part: str = "answers") -> bytes:
    """The answers (or with ``part="cards"`` the cards) as CSV, each a plain table: UTF-8 with
    a byte order mark, as Excel needs to read it so."""
    rows_of = card_rows if part == "cards" else answer_rows
    header, rows = rows_of(workshop=workshop)
    return csv_bytes(header, ([_csv_cell(value) for value in row] for row in rows))


def export_xlsx(*, workshop: Workshop) -> bytes:
    """Two sheets, "answers" and "cards", each a plain table with its headers in row 1."""
    workbook = Workbook()
    answers = workbook.active
    answers.title = "answers"
    _sheet(answers, *answer_rows(workshop=workshop))
    for row in answers.iter_rows(min_row=2, min_col=9, max_col=9):
        for cell in row:
            cell.number_format = "yyyy-mm-dd hh:mm"
    _sheet(workbook.create_sheet("cards"), *card_rows(workshop=workshop))
    return workbook_bytes(workbook, title=_source(workshop.title, workshop))


def _sheet(sheet, header: list[str], rows: list[list]) -> None:
    sheet_table_write(sheet, header, rows)
    widths = [len(str(title)) for title in header]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(width + 2, _SHEET_WIDTH_MIN), _SHEET_WIDTH_MAX
        )


def documentation_export_audit(*, actor, workshop: Workshop, what: str, day=None) -> None:
    """Write the export to the audit trail: who took which documentation, and when."""
    after = {"format": what}
    if day is not None:
        after["day"] = day.phase_slug
    audit_record(
        action=EXPORT,
        actor=actor,
        process=workshop.process,
        target=workshop,
        after=after,
    )
