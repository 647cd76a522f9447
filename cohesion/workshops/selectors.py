"""Reads of the live workshop: each owns its joins and its permission filter."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch

from cohesion.core.translations import Shown, translation_pick, translations_missing
from cohesion.workshops import tally
from cohesion.workshops.kinds import KINDS, SCALE_PRESETS
from cohesion.workshops.models import (
    Answer,
    Candidate,
    Card,
    Cluster,
    Item,
    StakeholderGroup,
    Workshop,
    WorkshopParticipant,
)
from cohesion.workshops.room import room_census


def workshop_of_process(*, process) -> Workshop | None:
    return Workshop.objects.filter(process=process).select_related("process").first()


def _workshop_with_scope(pk) -> Workshop | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    return (
        Workshop.objects.filter(pk=int(pk))
        .select_related("process", "process__municipality", "process__programme")
        .first()
    )


def workshop_for_editor(*, user, pk: int) -> Workshop | None:
    """The workshop if the user may change its agenda (an editor of either workshop day), else
    None."""
    workshop = _workshop_with_scope(pk)
    if workshop is None or not user.has_perm("workshops.change_workshop", workshop):
        return None
    return workshop


def workshop_for_runner(*, user, pk: int) -> Workshop | None:
    """The workshop if the user may run it (the console, the presenter, translating cards):
    its editors and its helpers; else None."""
    workshop = _workshop_with_scope(pk)
    if workshop is None or not user.has_perm("workshops.run_workshop", workshop):
        return None
    return workshop


def workshop_find_by_code(*, code: str) -> Workshop | None:
    return Workshop.objects.filter(code=code).select_related("current_item").first()


def items_of(*, workshop: Workshop) -> list[Item]:
    items = list(
        Item.objects.filter(workshop=workshop)
        .select_related("day")
        .order_by("day__phase_slug", "position", "pk")
    )
    for item in items:
        item.workshop = workshop
    return items


def item_of(*, workshop: Workshop, pk) -> Item | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    item = Item.objects.filter(workshop=workshop, pk=int(pk)).select_related("day").first()
    if item is not None:
        item.workshop = workshop
    return item


@dataclass(frozen=True)
class AnswerTarget:
    """What an answer needs to know of its item, read in one query."""

    item_id: int
    kind: str
    config: dict
    state: str
    pacing: str
    workshop_open: bool
    current_item_id: int | None


def _answer_target_sql() -> str:
    q = connection.ops.quote_name
    item, workshop = q(Item._meta.db_table), q(Workshop._meta.db_table)
    return (
        f"SELECT i.{q('id')}, i.{q('kind')}, i.{q('config')}, i.{q('state')}, "  # noqa: S608 - names from the models
        f"i.{q('pacing')}, w.{q('is_open')}, w.{q('current_item_id')} "
        f"FROM {item} i JOIN {workshop} w ON w.{q('id')} = i.{q('workshop_id')} "
        f"WHERE i.{q('id')} = %s AND i.{q('workshop_id')} = %s"
    )


def answer_target(*, workshop_id: int, item_id: int) -> AnswerTarget | None:
    """The answer's hot path, written out in SQL as the opinion map's vote is
    (``opinions.selectors.vote_target``): compiling the ORM's query cost more than running it,
    and a room answers at once. None when the item is not the workshop's."""
    with connection.cursor() as cursor:
        cursor.execute(_answer_target_sql(), [item_id, workshop_id])
        row = cursor.fetchone()
    if row is None:
        return None
    item_pk, kind, config, state, pacing, is_open, current = row
    config = Item._meta.get_field("config").from_db_value(config, None, connection)
    return AnswerTarget(item_pk, kind, config or {}, state, pacing, bool(is_open), current)


def participant_of(*, workshop: Workshop, device_hash: str | None) -> WorkshopParticipant | None:
    if not device_hash:
        return None
    return WorkshopParticipant.objects.filter(workshop=workshop, device_hash=device_hash).first()


def participant_count(*, workshop: Workshop) -> int:
    return WorkshopParticipant.objects.filter(workshop=workshop).count()


def answer_of(*, item: Item, participant: WorkshopParticipant | None):
    if participant is None:
        return None
    return (
        Answer.objects.filter(item=item, participant=participant).values_list("value", flat=True)
    ).first()


def phone_items(*, workshop: Workshop) -> list[Item]:
    """What a phone shows: the current live item, and the open self-paced items."""
    items = [
        item
        for item in items_of(workshop=workshop)
        if item.state == Item.State.OPEN
        and (item.pacing == Item.Pacing.SELF or item.pk == workshop.current_item_id)
    ]
    return items


# --- an item in a reader's language ---


@dataclass(frozen=True)
class ItemText:
    title: Shown
    prompt: Shown | None
    options: list[Shown]
    criteria: list[Shown]
    steps: list[str]  # a scale's labels, in the interface's language
    missing: list[str]  # languages without a translation (for the organiser)


def item_text(*, item: Item, language: str) -> ItemText:
    source = item.workshop.source_language

    def pick(texts):
        return translation_pick(texts, language=language, original_language=source)

    config = item.config or {}
    missing = set(translations_missing(item.title))
    if item.prompt:
        missing |= set(translations_missing(item.prompt))
    for option in config.get("options", []) + config.get("criteria", []):
        missing |= set(translations_missing(option))
    steps = []
    if item.kind == "scale":
        steps = [str(label) for label in SCALE_PRESETS[config.get("scale", "agreement")]]
    elif item.kind == "rating":
        steps = [str(n) for n in range(1, config.get("steps", 5) + 1)]
    return ItemText(
        title=pick(item.title),
        prompt=pick(item.prompt) if item.prompt else None,
        options=[pick(option) for option in config.get("options", [])],
        criteria=[pick(criterion) for criterion in config.get("criteria", [])],
        steps=steps,
        missing=sorted(missing),
    )


# --- results ---


def item_results(*, item: Item) -> dict:
    """The count of an item's answers, and the count of each stakeholder group with at least
    five answers (the groups below are named as hidden). One query. For a kind that takes
    cards, its accepted cards count as its answers."""
    kind = KINDS[item.kind]
    if kind.takes_cards:
        return _card_results(item)
    rows = list(Answer.objects.filter(item=item).values_list("value", "participant__group"))
    values = [value for value, _group in rows]
    by_group: dict[str, list] = {}
    for value, group in rows:
        if group:
            by_group.setdefault(group, []).append(value)
    return {
        "item": item.pk,
        "kind": item.kind,
        "count": kind.count(values, item.config),
        "breakdown": tally.breakdown(by_group, lambda answers: kind.count(answers, item.config)),
        "answers": len(values),
    }


def _count_by_group(rows) -> dict[str, int]:
    counts = dict.fromkeys(StakeholderGroup.values, 0)
    for group, count in rows:
        if group:
            counts[group] = counts.get(group, 0) + count
    return counts


def room_balance(*, workshop: Workshop) -> dict:
    """The moderator's balance panel: immigrants' and immigrant organisations' share of the
    answers and of the cards against their share of the room; each None while too few to show.
    Three grouped counts. The room is the checked-in people where a census knows them (see
    room.py), else the groups the phones named."""
    census = room_census(process=workshop.process)
    if census is not None:
        people = _count_by_group(census.items())
    else:
        people = _count_by_group(
            WorkshopParticipant.objects.filter(workshop=workshop)
            .values_list("group")
            .annotate(count=Count("pk"))
        )
    answers = _count_by_group(
        Answer.objects.filter(item__workshop=workshop)
        .values_list("participant__group")
        .annotate(count=Count("pk"))
    )
    cards = _count_by_group(
        Card.objects.filter(item__workshop=workshop, participant__isnull=False)
        .values_list("participant__group")
        .annotate(count=Count("pk"))
    )
    focus = StakeholderGroup.IMMIGRANT
    return {
        "answers": tally.balance(
            people_by_group=people, contributions_by_group=answers, focus=focus
        ),
        "cards": tally.balance(people_by_group=people, contributions_by_group=cards, focus=focus),
        "people": sum(people.values()),
        "room_checked_in": census is not None,
    }


def climate_survey(*, workshop: Workshop) -> list[tuple[Item, dict]]:
    """The climate survey's statements (items marked ``climate`` in their config, as the
    template's are) with their results: what monitoring compares with the survey after."""
    items = [item for item in items_of(workshop=workshop) if (item.config or {}).get("climate")]
    return [(item, item_results(item=item)) for item in items]


# --- cards ---


def item_cards(*, item: Item, moderation: str | None = None) -> list[Card]:
    """An item's cards (of one moderation state, or all), oldest first, with ``upvote_count``;
    questions by upvotes, the most first."""
    cards = Card.objects.filter(item=item).annotate(upvote_count=Count("upvotes"))
    if moderation is not None:
        cards = cards.filter(moderation=moderation)
    if item.kind == "questions":
        cards = cards.order_by("-upvote_count", "pk")
    return list(cards)


# --- helpers and translations ---


def workshops_helped_by(*, user) -> list[Workshop]:
    """The workshops the user helps with (none for an inactive or anonymous user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        Workshop.objects.filter(helpers=user)
        .select_related("process", "process__municipality")
        .order_by("-pk")
    )


def helpers_of(*, workshop: Workshop) -> list:
    return list(workshop.helpers.order_by("username"))


def helper_of(*, workshop: Workshop, pk):
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    return workshop.helpers.filter(pk=int(pk)).first()


def card_of(*, workshop: Workshop, pk) -> Card | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    card = Card.objects.filter(item__workshop=workshop, pk=int(pk)).select_related("item").first()
    if card is not None:
        card.item.workshop = workshop
    return card


def _card_results(item: Item) -> dict:
    """item_results for a card kind: the accepted cards, counted as kinds say. One query."""
    kind = KINDS[item.kind]
    rows = [
        (
            {"text": text, "language": language, "category": category, "upvotes": upvotes},
            group,
        )
        for text, language, category, upvotes, group in Card.objects.filter(
            item=item, moderation=Card.Moderation.ACCEPTED
        )
        .annotate(upvote_count=Count("upvotes"))
        .values_list("text", "language", "category", "upvote_count", "participant__group")
    ]
    by_group: dict[str, list] = {}
    for card, group in rows:
        if group:
            by_group.setdefault(group, []).append(card)
    cards = [card for card, _group in rows]
    return {
        "item": item.pk,
        "kind": item.kind,
        "count": kind.count(cards, item.config),
        "breakdown": tally.breakdown(by_group, lambda cards: kind.count(cards, item.config)),
        "answers": len(cards),
    }


CARDS_TO_TRANSLATE = 100


def cards_to_translate(*, workshop: Workshop, language: str) -> list[Card]:
    """The accepted cards of the workshop's items written in another language and not yet
    translated into ``language``, oldest first (at most CARDS_TO_TRANSLATE)."""
    source = workshop.source_language
    cards = []
    for card in (
        Card.objects.filter(item__workshop=workshop, moderation=Card.Moderation.ACCEPTED)
        .select_related("item")
        .order_by("pk")
        .iterator()
    ):
        if (card.language or source) == language or language in (card.translations or {}):
            continue
        card.item.workshop = workshop
        cards.append(card)
        if len(cards) >= CARDS_TO_TRANSLATE:
            break
    return cards


def card_shown(*, card: Card, language: str) -> Shown:
    """A card in the reader's language where a helper translated it, else as written; the
    original travels with it (one tap away)."""
    original_language = card.language or card.item.workshop.source_language
    texts = {**(card.translations or {}), original_language: card.text}
    return translation_pick(texts, language=language, original_language=original_language)


# --- the board: clusters and candidates ---


def board_item_for_editor(*, user, workshop: Workshop, pk) -> Item | None:
    """An item with cards whose board the user may arrange (an editor of its day), else None."""
    from cohesion.processes.phases import PHASES_BY_SLUG
    from cohesion.processes.rules import ProcessPhase

    item = item_of(workshop=workshop, pk=pk)
    if item is None or not KINDS[item.kind].takes_cards:
        return None
    phase = ProcessPhase(workshop.process, PHASES_BY_SLUG[item.day.phase_slug])
    if not user.has_perm("processes.change_phase", phase):
        return None
    return item


def _categories(item: Item, language: str) -> list[str]:
    source = item.workshop.source_language
    return [
        translation_pick(texts, language=language, original_language=source).text
        for texts in (item.config or {}).get("categories", [])
    ]


def _label(labels: list[str], index) -> str:
    return labels[index] if index is not None and 0 <= index < len(labels) else ""


def board_of(*, item: Item, language: str) -> dict:
    """The board of an item with cards: its clusters in order, each with its accepted cards, and
    the accepted cards in no cluster. Each card carries its translation into ``language`` when a
    helper added one (``shown_translation``), and each cluster its title in ``language`` and
    whether it is a candidate goal. Three queries."""
    source = item.workshop.source_language
    categories = _categories(item, language)
    clusters = list(Cluster.objects.filter(item=item).order_by("position", "pk"))
    cards = list(Card.objects.filter(item=item, moderation=Card.Moderation.ACCEPTED).order_by("pk"))
    goals = set(Candidate.objects.filter(cluster__item=item).values_list("cluster_id", flat=True))
    by_cluster: dict[int, list[Card]] = {cluster.pk: [] for cluster in clusters}
    loose = []
    for card in cards:
        translations = card.translations or {}
        card.shown_translation = translations.get(language, "") if card.language != language else ""
        card.category_label = _label(categories, card.category)
        by_cluster.get(card.cluster_id, loose).append(card)
    for cluster in clusters:
        cluster.board_cards = by_cluster[cluster.pk]
        cluster.shown = translation_pick(cluster.title, language=language, original_language=source)
        cluster.category_label = _label(categories, cluster.category)
        cluster.is_candidate = cluster.pk in goals
    return {"clusters": clusters, "loose": loose, "categories": categories}


def candidates_of(*, workshop: Workshop, language: str) -> list[dict]:
    """The workshop's candidate goals and measures per field of action (those without one
    last), each with its cards, and a measure with its item, option and the option's votes.
    Three queries, and one per item whose votes carried a measure."""
    source = workshop.source_language
    candidates = list(
        Candidate.objects.filter(workshop=workshop)
        .select_related("voted_item", "cluster")
        .prefetch_related(
            Prefetch("cards", queryset=Card.objects.select_related("item").order_by("pk"))
        )
        .order_by("field_of_action", "kind", "pk")
    )
    results: dict[int, dict] = {}
    for candidate in candidates:
        candidate.shown = translation_pick(
            candidate.title, language=language, original_language=source
        )
        candidate.votes = None
        item = candidate.voted_item
        if item is not None:
            item.workshop = workshop
            if item.pk not in results:
                results[item.pk] = item_results(item=item)
            candidate.votes = option_votes(item=item, results=results[item.pk]).get(
                candidate.voted_option
            )
            candidate.item_title = translation_pick(
                item.title, language=language, original_language=source
            )
            options = (item.config or {}).get("options", [])
            index = candidate.voted_option
            candidate.option_text = (
                translation_pick(options[index], language=language, original_language=source)
                if index is not None and 0 <= index < len(options)
                else None
            )
    fields: dict[str, dict] = {}
    for candidate in candidates:
        field = fields.setdefault(
            candidate.field_of_action,
            {"name": candidate.field_of_action, "goals": [], "measures": []},
        )
        if candidate.kind == Candidate.Kind.GOAL:
            field["goals"].append(candidate)
        else:
            field["measures"].append(candidate)
    return sorted(fields.values(), key=lambda field: (field["name"] == "", field["name"]))


def option_votes(*, item: Item, results: dict) -> dict[int, int]:
    """Each option's dots (dot voting) or Borda score (ranking), from ``item_results``."""
    count = results["count"]
    values = count.get("dots") if item.kind == "dots" else count.get("scores")
    return dict(enumerate(values or []))


def voted_items_of(*, workshop: Workshop, language: str) -> list[dict]:
    """The dot votings and rankings of the workshop with their options, most votes first, and
    whether each is a candidate measure already. One query, and one per such item."""
    source = workshop.source_language
    items = [item for item in items_of(workshop=workshop) if item.kind in ("dots", "ranking")]
    taken = set(
        Candidate.objects.filter(voted_item__in=items).values_list("voted_item_id", "voted_option")
    )
    entries = []
    for item in items:
        votes = option_votes(item=item, results=item_results(item=item))
        options = [
            {
                "index": index,
                "text": translation_pick(texts, language=language, original_language=source),
                "votes": votes.get(index, 0),
                "taken": (item.pk, index) in taken,
            }
            for index, texts in enumerate((item.config or {}).get("options", []))
        ]
        options.sort(key=lambda option: (-option["votes"], option["index"]))
        entries.append(
            {
                "item": item,
                "title": translation_pick(item.title, language=language, original_language=source),
                "options": options,
            }
        )
    return entries


def candidate_breakdowns(*, candidates: list[Candidate]) -> dict[int, dict]:
    """Each candidate's group breakdown, as the method shows it (groups from five people): a
    candidate goal's cards per stakeholder group, a candidate measure's votes for its option
    per group. Keyed by candidate id, each ``{"groups": [(label, number)], "hidden": [label]}``.
    One query for the cards and one per voted item."""
    labels = dict(StakeholderGroup.choices)
    by_candidate: dict[int, dict[str, list]] = {}
    ids = [candidate.pk for candidate in candidates if candidate.voted_item_id is None]
    rows = Card.objects.filter(candidates__in=ids, moderation=Card.Moderation.ACCEPTED).values_list(
        "candidates", "participant__group"
    )
    for candidate_id, group in rows:
        if group:
            by_candidate.setdefault(candidate_id, {}).setdefault(group, []).append(1)
    breakdowns = {}
    results_by_item: dict[int, dict] = {}
    for candidate in candidates:
        if candidate.voted_item_id is None:
            counted = tally.breakdown(by_candidate.get(candidate.pk, {}), len)
        else:
            if candidate.voted_item_id not in results_by_item:
                results_by_item[candidate.voted_item_id] = item_results(item=candidate.voted_item)
            results = results_by_item[candidate.voted_item_id]["breakdown"]
            key = "dots" if candidate.voted_item.kind == "dots" else "scores"
            counted = {
                "groups": {
                    group: (count.get(key) or [])[candidate.voted_option]
                    if candidate.voted_option is not None
                    and candidate.voted_option < len(count.get(key) or [])
                    else 0
                    for group, count in results["groups"].items()
                },
                "hidden": results["hidden"],
            }
        breakdowns[candidate.pk] = {
            "groups": [
                (labels.get(group, group), number) for group, number in counted["groups"].items()
            ],
            "hidden": [labels.get(group, group) for group in counted["hidden"]],
        }
    return breakdowns


def workshop_day_of(*, workshop: Workshop, phase_slug: str):
    """The workshop's day of a phase ("workshop-day-1" or "workshop-day-2"), or None."""
    day = workshop.days.filter(phase_slug=phase_slug).first()
    if day is not None:
        day.workshop = workshop
    return day
