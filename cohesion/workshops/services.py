"""State changes of the live workshop: the agenda, running it, the people in the room, answers."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.realtime import broadcast_on_commit, event_build
from cohesion.core.text import plain_text_clean
from cohesion.core.translations import language_codes
from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase
from cohesion.workshops import grouping
from cohesion.workshops.kinds import (
    KINDS,
    MAX_DOT_BUDGET,
    MAX_OPTIONS,
    SCALE_PRESETS,
    AnswerError,
)
from cohesion.workshops.models import (
    WORKSHOP_PHASES,
    Answer,
    Candidate,
    Card,
    CardUpvote,
    Cluster,
    Item,
    StakeholderGroup,
    Workshop,
    WorkshopDay,
    WorkshopParticipant,
)
from cohesion.workshops.realtime import (
    WORKSHOP_CARDED,
    WORKSHOP_CHANGED,
    answered_signal,
    room_group_name,
    screens_group_name,
)
from cohesion.workshops.selectors import answer_target
from cohesion.workshops.template import DAYS, in_every_language, item_fields

WORKSHOP_CREATE = audit_action("workshops.workshop_create", gettext_lazy("Workshop created"))
WORKSHOP_DAY_CHANGE = audit_action("workshops.day_change", gettext_lazy("Workshop day changed"))
ITEM_CREATE = audit_action("workshops.item_create", gettext_lazy("Workshop item added"))
ITEM_CHANGE = audit_action("workshops.item_change", gettext_lazy("Workshop item changed"))
ITEM_DELETE = audit_action("workshops.item_delete", gettext_lazy("Workshop item deleted"))
ITEM_RUN = audit_action(
    "workshops.item_run", gettext_lazy("Workshop item opened, locked, revealed or closed")
)

MAX_TITLE, MAX_PROMPT, MAX_OPTION = 200, 1000, 200
MAX_ATTRIBUTES, MAX_ATTRIBUTE = 3, 60
MAX_TIMER_MINUTES = 180
# What a phone sends as the key of an answer: a UUID or similar, nothing longer.
_CLIENT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
_LARGEST_SEQUENCE = 2**53  # what JavaScript counts exactly


def _check_may_edit(actor, target) -> None:
    """Changing the agenda (a day, an item, the helpers): whoever edits the day's phase."""
    if not actor.has_perm("workshops.change_workshop", target):
        raise PermissionDenied


def _check_may_run(actor, target) -> None:
    """Running the console, moderating and translating cards: the editors and the helpers."""
    if not actor.has_perm("workshops.run_workshop", target):
        raise PermissionDenied


def _audit(action, *, actor, workshop: Workshop, target=None, before=None, after=None) -> None:
    audit_record(
        action=action,
        actor=actor,
        process=workshop.process,
        target=target if target is not None else workshop,
        before=before,
        after=after,
    )


def _changed(workshop: Workshop, item: Item | None) -> None:
    """Count the change and tell the room after commit (the version orders the events)."""
    Workshop.objects.filter(pk=workshop.pk).update(version=F("version") + 1)
    workshop.refresh_from_db(fields=["version", "current_item"])
    event = event_build(
        WORKSHOP_CHANGED,
        version=workshop.version,
        item=item.pk if item is not None else None,
        state=item.state if item is not None else "",
    )
    broadcast_on_commit(group=room_group_name(workshop.pk), event=event)


# --- the agenda ---


def workshop_create(*, actor, process, language: str = "de") -> Workshop:
    """The process's workshop with the two days of the method's template, in every language."""
    for slug, _label in WORKSHOP_PHASES:
        if not actor.has_perm(
            "processes.change_phase", ProcessPhase(process, PHASES_BY_SLUG[slug])
        ):
            raise PermissionDenied
    if language not in language_codes():
        raise ValidationError(_("Unknown language."), code="language")
    with transaction.atomic():
        if Workshop.objects.filter(process=process).exists():
            raise ValidationError(_("This process has its workshop already."), code="exists")
        workshop = Workshop.objects.create(
            process=process,
            title=in_every_language(gettext_lazy("Integration workshop")),
            source_language=language,
            room_language=language,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for slug, _label in WORKSHOP_PHASES:
            day = WorkshopDay.objects.create(workshop=workshop, phase_slug=slug)
            Item.objects.bulk_create(
                Item(workshop=workshop, day=day, position=position, **item_fields(template))
                for position, template in enumerate(DAYS[slug], start=1)
            )
        _audit(WORKSHOP_CREATE, actor=actor, workshop=workshop, after={"language": language})
    return workshop


def workshop_day_update(*, actor, day: WorkshopDay, date=None, room: str = "") -> WorkshopDay:
    _check_may_edit(actor, day)
    room = room.strip()[:200]
    with transaction.atomic():
        before = {"date": day.date, "room": day.room}
        day.date, day.room = date, room
        day.save(update_fields=["date", "room"])
        _audit(
            WORKSHOP_DAY_CHANGE,
            actor=actor,
            workshop=day.workshop,
            target=day,
            before=before,
            after={"date": date, "room": room},
        )
    return day


def _texts_clean(texts: dict, *, limit: int, required: bool, source_language: str) -> dict:
    """Organiser text in several languages: known languages only, each cleaned and bounded."""
    if not isinstance(texts, dict):
        raise ValidationError(_("This text could not be read."), code="texts")
    cleaned = {}
    for code in language_codes():
        value = (texts.get(code) or "").strip()
        if value:
            cleaned[code] = plain_text_clean(value, min_length=1, max_length=limit)
    if required and not cleaned.get(source_language):
        raise ValidationError(_("Write the text in the workshop's language."), code="required")
    return cleaned


def item_save(
    *,
    actor,
    day: WorkshopDay,
    item: Item | None = None,
    kind: str,
    title: dict,
    prompt: dict,
    options: list[dict] | None = None,
    config: dict | None = None,
    setup: dict | None = None,
    starts_at=None,
    minutes: int | None = None,
    pacing: str = Item.Pacing.LIVE,
) -> Item:
    """Add an item at the end of the day, or change one. An item that has answers keeps its
    kind and its options' count: the answers point at them. ``setup`` holds what the kind
    lets the moderator choose (``_setup_clean``)."""
    _check_may_edit(actor, day)
    workshop = day.workshop
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of item."), code="kind")
    if pacing not in Item.Pacing.values:
        raise ValidationError(_("Unknown pacing."), code="pacing")
    source = workshop.source_language
    title = _texts_clean(title, limit=MAX_TITLE, required=True, source_language=source)
    prompt = _texts_clean(prompt, limit=MAX_PROMPT, required=False, source_language=source)
    config = dict(config or (item.config if item is not None else {}))
    if KINDS[kind].has_options:
        cleaned = [
            _texts_clean(option, limit=MAX_OPTION, required=True, source_language=source)
            for option in (options if options is not None else config.get("options", []))
        ]
        config["options"] = cleaned
    config.update(_setup_clean(kind, setup or {}, source))
    with transaction.atomic():
        if item is None:
            last = day.items.aggregate(last=Max("position"))["last"] or 0
            item = Item(workshop=workshop, day=day, position=last + 1)
            before = None
        else:
            item = Item.objects.select_for_update().get(pk=item.pk)
            if item.day_id != day.pk:
                raise ValidationError(_("This item belongs to another day."), code="day")
            before = {"kind": item.kind, "title": item.title, "config": item.config}
            options_changed = len(config.get("options", [])) != len(item.config.get("options", []))
            if (item.answers.exists() and (kind != item.kind or options_changed)) or (
                kind != item.kind and item.cards.exists()
            ):
                raise ValidationError(
                    _("This item has answers: its kind and number of options stay."),
                    code="has_answers",
                )
        item.kind, item.title, item.prompt, item.config = kind, title, prompt, config
        item.starts_at, item.minutes, item.pacing = starts_at, minutes, pacing
        item.save()
        _audit(
            ITEM_CHANGE if before else ITEM_CREATE,
            actor=actor,
            workshop=workshop,
            target=item,
            before=before,
            after={"kind": kind, "title": title, "config": config},
        )
        _changed(workshop, workshop.current_item)
    return item


def _setup_number(value, *, low: int, high: int, message) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(message, code="setup")
    return value


def _setup_clean(kind: str, setup: dict, source: str) -> dict:
    """What a kind lets the moderator choose, checked: the Likert preset, how many choices, the
    dot budget, the criteria of a rating, the fields of action of a brainstorm, moderation
    before cards are shown. Keys the kind does not use are ignored."""
    cleaned: dict = {}
    if kind == "scale" and setup.get("scale"):
        if setup["scale"] not in SCALE_PRESETS:
            raise ValidationError(_("Unknown scale."), code="setup")
        cleaned["scale"] = setup["scale"]
    if kind == "multiple" and setup.get("max_choices") is not None:
        cleaned["max_choices"] = _setup_number(
            setup["max_choices"], low=1, high=MAX_OPTIONS, message=_("Allow 1 to 30 choices.")
        )
    if kind == "dots" and setup.get("budget") is not None:
        cleaned["budget"] = _setup_number(
            setup["budget"], low=1, high=MAX_DOT_BUDGET, message=_("Give 1 to 100 dots.")
        )
    for key, kinds in (("criteria", {"rating"}), ("categories", {"cards"})):
        if kind in kinds and setup.get(key) is not None:
            texts = [
                _texts_clean(text, limit=MAX_OPTION, required=True, source_language=source)
                for text in setup[key][:MAX_OPTIONS]
            ]
            if key == "criteria" and not texts:
                raise ValidationError(_("A rating needs at least one criterion."), code="setup")
            cleaned[key] = texts
    if kind == "rating":
        cleaned.setdefault("steps", 5)
    if KINDS[kind].takes_cards and "premoderate" in setup:
        cleaned["premoderate"] = bool(setup["premoderate"])
    return cleaned


def item_move(*, actor, item: Item, by: int) -> Item:
    """Move an item up (by=-1) or down (by=1) within its day."""
    _check_may_edit(actor, item)
    with transaction.atomic():
        siblings = list(
            Item.objects.select_for_update().filter(day=item.day_id).order_by("position", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        target = max(0, min(len(siblings) - 1, index + by))
        if target == index:
            return item
        siblings.insert(target, siblings.pop(index))
        for position, sibling in enumerate(siblings, start=1):
            sibling.position = position
        Item.objects.bulk_update(siblings, ["position"])
        _audit(
            ITEM_CHANGE,
            actor=actor,
            workshop=item.workshop,
            target=item,
            before={"position": index + 1},
            after={"position": target + 1},
        )
    item.refresh_from_db(fields=["position"])
    return item


def item_duplicate(*, actor, item: Item) -> Item:
    return item_save(
        actor=actor,
        day=item.day,
        kind=item.kind,
        title=item.title,
        prompt=item.prompt,
        config=item.config,
        starts_at=item.starts_at,
        minutes=item.minutes,
        pacing=item.pacing,
    )


def item_delete(*, actor, item: Item) -> None:
    _check_may_edit(actor, item)
    workshop = item.workshop
    with transaction.atomic():
        answers = item.answers.count()
        _audit(
            ITEM_DELETE,
            actor=actor,
            workshop=workshop,
            target=item,
            before={"title": item.title, "kind": item.kind, "answers": answers},
        )
        Item.objects.filter(pk=item.pk).delete()
        _changed(workshop, None)


# --- running the workshop ---

RUN_ACTIONS = ("open", "lock", "reveal", "hide", "close", "timer", "timer_stop")


def item_run(*, actor, item: Item, action: str, minutes: int | None = None) -> Item:
    """The console's buttons. ``open`` puts the item on every phone (a live item becomes the
    current one); ``lock`` stops answers and keeps it shown; ``reveal``/``hide`` show the
    results to the room or hide them; ``close`` ends it; ``timer`` starts a countdown."""
    _check_may_run(actor, item)
    if action not in RUN_ACTIONS:
        raise ValidationError(_("Unknown action."), code="action")
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("workshop").get(pk=item.pk)
        workshop = item.workshop
        before = {"state": item.state, "revealed": item.revealed}
        current = workshop.current_item_id
        if action == "open":
            item.state = Item.State.OPEN
            if item.pacing == Item.Pacing.LIVE:
                current = item.pk
        elif action == "lock":
            item.state = Item.State.LOCKED
            item.timer_ends_at = None
        elif action == "reveal":
            item.revealed = True
        elif action == "hide":
            item.revealed = False
        elif action == "close":
            item.state = Item.State.CLOSED
            item.timer_ends_at = None
            if current == item.pk:
                current = None
        elif action == "timer":
            if not isinstance(minutes, int) or not 0 < minutes <= MAX_TIMER_MINUTES:
                raise ValidationError(_("A timer runs 1 to 180 minutes."), code="minutes")
            item.timer_ends_at = timezone.now() + timedelta(minutes=minutes)
        elif action == "timer_stop":
            item.timer_ends_at = None
        item.save(update_fields=["state", "revealed", "timer_ends_at"])
        if current != workshop.current_item_id:
            Workshop.objects.filter(pk=workshop.pk).update(current_item_id=current)
        _audit(
            ITEM_RUN,
            actor=actor,
            workshop=workshop,
            target=item,
            before=before,
            after={"state": item.state, "revealed": item.revealed, "action": action},
        )
        _changed(workshop, item)
    return item


def item_next(*, actor, workshop: Workshop) -> Item | None:
    """Close the current item and open the next live one of the agenda (None at the end)."""
    _check_may_run(actor, workshop)
    items = list(
        workshop.items.select_related("day", "workshop__process").order_by(
            "day__phase_slug", "position", "pk"
        )
    )
    current = next((i for i, item in enumerate(items) if item.pk == workshop.current_item_id), -1)
    following = [item for item in items[current + 1 :] if item.state == Item.State.WAITING]
    with transaction.atomic():
        if current >= 0:
            item_run(actor=actor, item=items[current], action="close")
        if not following:
            return None
        return item_run(actor=actor, item=following[0], action="open")


# --- people in the room ---


def participant_join(
    *,
    workshop: Workshop,
    device_hash: str,
    language: str,
    nickname: str = "",
    group: str = "",
    group_consent: bool = False,
    attributes: list[str] | None = None,
) -> WorkshopParticipant:
    """Join the room, or change what one gave when joining (the same device). A stakeholder
    group is kept only with consent; without it, any earlier one is removed."""
    if not workshop.is_open:
        raise ValidationError(_("This workshop is closed."), code="closed")
    if language not in language_codes():
        raise ValidationError(_("Unknown language."), code="language")
    if group and group not in StakeholderGroup.values:
        raise ValidationError(_("Unknown stakeholder group."), code="group")
    if group and not group_consent:
        raise ValidationError(
            _("Say that you agree before naming your group, or leave it empty."), code="consent"
        )
    nickname = plain_text_clean(nickname, min_length=0, max_length=40) if nickname.strip() else ""
    attributes = [
        plain_text_clean(value, min_length=1, max_length=MAX_ATTRIBUTE)
        for value in (attributes or [])
        if value and value.strip()
    ]
    if len(attributes) > MAX_ATTRIBUTES:
        raise ValidationError(_("At most three attributes."), code="attributes")
    fields = {
        "language": language,
        "nickname": nickname,
        "group": group,
        "group_consent_at": timezone.now() if group else None,
        "attributes": attributes,
    }
    try:
        with transaction.atomic():
            participant, _created = WorkshopParticipant.objects.update_or_create(
                workshop=workshop, device_hash=device_hash, defaults=fields
            )
    except IntegrityError:  # two first joins of one device raced: the other one is stored
        participant = WorkshopParticipant.objects.get(workshop=workshop, device_hash=device_hash)
        WorkshopParticipant.objects.filter(pk=participant.pk).update(**fields)
        participant.refresh_from_db()
    return participant


# --- answers ---


@dataclass(frozen=True)
class AnswerReceipt:
    """What the phone is told: ``counted`` (first answer), ``changed`` (replaced the earlier
    one), ``repeated`` (this very answer arrived before: nothing changed), ``outdated`` (a newer
    answer of this phone is stored already)."""

    status: str
    item_id: int
    client_key: str


def _open_to_participants(*, state: str, pacing: str, item_id: int, current) -> bool:
    """Whether phones may answer (or write cards on) the item now: it is open and, when the
    moderator paces it, the one on every screen."""
    return state == Item.State.OPEN and (pacing == Item.Pacing.SELF or current == item_id)


def answer_submit(
    *, participant: WorkshopParticipant, item_id, value, client_key: str, sequence
) -> AnswerReceipt:
    """Store a participant's answer once, whatever the network does.

    The phone names each answer with a random key and a growing sequence number and resends it
    until it hears back. The first arrival is stored; the same key again changes nothing; an
    answer with a higher sequence replaces the stored one (a change of mind); one with a lower
    sequence arriving late is ignored. The update is conditional on the sequence and the insert
    does nothing on the unique (item, participant), so two arrivals racing leave the newer
    answer, counted once. Written out in SQL (a room answers at once). Raises AnswerError."""
    if not isinstance(client_key, str) or not _CLIENT_KEY.match(client_key):
        raise AnswerError("key")
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        raise AnswerError("key")
    if not 0 <= sequence <= _LARGEST_SEQUENCE:
        raise AnswerError("key")
    if isinstance(item_id, bool) or not isinstance(item_id, int) or not 0 < item_id < 2**63:
        raise AnswerError("no_such_item")
    target = answer_target(workshop_id=participant.workshop_id, item_id=item_id)
    if target is None:
        raise AnswerError("no_such_item")
    if not target.workshop_open:
        raise AnswerError("closed")
    if not _open_to_participants(
        state=target.state, pacing=target.pacing, item_id=item_id, current=target.current_item_id
    ):
        raise AnswerError("not_open")
    stored_value = KINDS[target.kind].answer_clean(value, target.config)
    connection = connections[router.db_for_write(Answer)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    json_value = Answer._meta.get_field("value").get_db_prep_value(stored_value, connection)
    sql = _answer_sql(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        replace = [json_value, client_key, sequence, now, item_id, participant.pk, sequence]
        cursor.execute(sql["update"], replace)
        if cursor.rowcount:
            status = "changed"
        else:
            cursor.execute(
                sql["insert"], [item_id, participant.pk, json_value, client_key, sequence, now, now]
            )
            if cursor.rowcount:
                status = "counted"
            else:
                cursor.execute(sql["stored_key"], [item_id, participant.pk])
                row = cursor.fetchone()
                status = "repeated" if row and row[0] == client_key else "outdated"
        if status in {"counted", "changed"}:
            transaction.on_commit(
                lambda: answered_signal(workshop_id=participant.workshop_id, item_id=item_id),
                using=connection.alias,
            )
    return AnswerReceipt(status=status, item_id=item_id, client_key=client_key)


def _answer_sql(connection) -> dict[str, str]:
    q = connection.ops.quote_name
    table = q(Answer._meta.db_table)
    value = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    return {
        # A change of mind: only a newer answer replaces the stored one.
        "update": (
            f"UPDATE {table} SET {q('value')} = {value}, {q('client_key')} = %s, "  # noqa: S608 - names from the model
            f"{q('sequence')} = %s, {q('updated_at')} = %s "
            f"WHERE {q('item_id')} = %s AND {q('participant_id')} = %s AND {q('sequence')} < %s"
        ),
        "insert": (
            f"INSERT INTO {table} ({q('item_id')}, {q('participant_id')}, {q('value')}, "  # noqa: S608
            f"{q('client_key')}, {q('sequence')}, {q('created_at')}, {q('updated_at')}) "
            f"VALUES (%s, %s, {value}, %s, %s, %s, %s) "
            f"ON CONFLICT ({q('item_id')}, {q('participant_id')}) DO NOTHING"
        ),
        "stored_key": (
            f"SELECT {q('client_key')} FROM {table} "  # noqa: S608
            f"WHERE {q('item_id')} = %s AND {q('participant_id')} = %s"
        ),
    }


# --- cards ---

CARD_TYPE_IN = audit_action("workshops.card_type_in", gettext_lazy("Workshop card typed in"))
CARD_MODERATE = audit_action("workshops.card_moderate", gettext_lazy("Workshop card moderated"))
CARD_DELETE = audit_action("workshops.card_delete", gettext_lazy("Workshop card deleted"))

MAX_CARD = 280
DEFAULT_CARDS_PER_MINUTE = 10


class CardError(AnswerError):
    """A card or an upvote this item cannot take; ``code`` names why (``messages.py``)."""


@dataclass(frozen=True)
class CardReceipt:
    """What the phone is told: ``counted`` (stored now) or ``repeated`` (this very card arrived
    before: stored once); ``moderation`` is the card's, "pending" while it waits."""

    status: str
    card_id: int
    client_key: str
    moderation: str


@dataclass(frozen=True)
class UpvoteReceipt:
    """``counted`` (upvoted now) or ``repeated`` (upvoted before: nothing changed)."""

    status: str
    card_id: int
    upvotes: int


def _card_text_clean(text) -> str:
    if not isinstance(text, str) or len(text) > 4 * MAX_CARD:
        raise CardError("text_length")
    try:
        return plain_text_clean(text, min_length=1, max_length=MAX_CARD)
    except ValidationError as error:
        raise CardError(f"text_{error.code}") from error


def _category_clean(category, item: Item):
    if category is None or category == "":
        return None
    if isinstance(category, bool) or not isinstance(category, int):
        raise CardError("no_such_category")
    if not 0 <= category < len((item.config or {}).get("categories", [])):
        raise CardError("no_such_category")
    return category


def _organiser_category_clean(item: Item, category) -> int | None:
    """The card check's answer, as the organiser's pages expect it."""
    try:
        return _category_clean(category, item)
    except CardError as error:
        raise ValidationError(_("Unknown field of action."), code="category") from error


def _cards_item(participant: WorkshopParticipant, item_id) -> Item:
    """The item if it takes cards from this participant now (as answer_submit's rules)."""
    if isinstance(item_id, bool) or not isinstance(item_id, int) or not 0 < item_id < 2**63:
        raise CardError("no_such_item")
    item = (
        Item.objects.filter(pk=item_id, workshop_id=participant.workshop_id)
        .select_related("workshop")
        .only("kind", "config", "state", "pacing", "workshop__is_open", "workshop__current_item")
        .first()
    )
    if item is None:
        raise CardError("no_such_item")
    if not KINDS[item.kind].takes_cards:
        raise CardError("no_cards")
    if not item.workshop.is_open:
        raise CardError("closed")
    if not _open_to_participants(
        state=item.state, pacing=item.pacing, item_id=item.pk, current=item.workshop.current_item_id
    ):
        raise CardError("not_open")
    return item


def _carded(workshop_id: int, item: Item, *, phones: bool = False) -> None:
    """Tell the screens after commit; ``phones``: the questions the phones list changed, so the
    room's version grows and the phones render anew."""
    event = event_build(WORKSHOP_CARDED, version=0, item=item.pk)
    broadcast_on_commit(group=screens_group_name(workshop_id), event=event)
    if phones and item.kind == "questions":
        workshop = Workshop.objects.only("pk", "version", "current_item").get(pk=workshop_id)
        _changed(workshop, item)


def card_submit(
    *, participant: WorkshopParticipant, item_id, text, category=None, client_key: str
) -> CardReceipt:
    """Store a participant's card once, whatever the network does: the phone names each card
    with a random key and resends it until it hears back; the same key again stores nothing.
    At most WORKSHOP_CARDS_PER_MINUTE cards per participant and item a minute. With
    ``premoderate`` in the item's config a card waits for the moderator. Raises CardError."""
    if not isinstance(client_key, str) or not _CLIENT_KEY.match(client_key):
        raise CardError("key")
    stored = Card.objects.filter(participant=participant, client_key=client_key).first()
    if stored is not None:  # a resend: acknowledged again, even after the item closed
        return CardReceipt("repeated", stored.pk, client_key, stored.moderation)
    item = _cards_item(participant, item_id)
    text = _card_text_clean(text)
    category = _category_clean(category, item)
    moderation = (
        Card.Moderation.PENDING
        if (item.config or {}).get("premoderate")
        else Card.Moderation.ACCEPTED
    )
    limit = getattr(settings, "WORKSHOP_CARDS_PER_MINUTE", DEFAULT_CARDS_PER_MINUTE)
    with transaction.atomic():
        # One participant's cards are counted one at a time: the limit holds under races.
        list(
            WorkshopParticipant.objects.select_for_update()
            .filter(pk=participant.pk)
            .values_list("pk", flat=True)
        )
        recent = Card.objects.filter(
            participant=participant,
            item=item,
            created_at__gte=timezone.now() - timedelta(minutes=1),
        ).count()
        if recent >= limit:
            raise CardError("card_limit")
        try:
            with transaction.atomic():
                card = Card.objects.create(
                    item=item,
                    participant=participant,
                    text=text,
                    language=participant.language,
                    category=category,
                    moderation=moderation,
                    client_key=client_key,
                )
        except IntegrityError:  # the same card raced in twice: the other one is stored
            stored = Card.objects.get(participant=participant, client_key=client_key)
            return CardReceipt("repeated", stored.pk, client_key, stored.moderation)
        _carded(participant.workshop_id, item, phones=moderation == Card.Moderation.ACCEPTED)
    return CardReceipt("counted", card.pk, client_key, moderation)


def _card_audit(action, *, actor, card: Card, before=None, after=None) -> None:
    workshop = card.item.workshop
    _audit(action, actor=actor, workshop=workshop, target=card, before=before, after=after)


def card_type_in(*, actor, item: Item, text: str, language: str, category=None) -> Card:
    """A card the moderator types in from paper: accepted, without a participant."""
    _check_may_run(actor, item)
    if not KINDS[item.kind].takes_cards:
        raise ValidationError(_("This item takes no cards."), code="no_cards")
    if language not in language_codes():
        raise ValidationError(_("Unknown language."), code="language")
    try:
        text = _card_text_clean(text or "")
    except CardError as error:
        if error.code == "text_control":
            raise ValidationError(
                _("The text contains control characters (such as NUL) that cannot be stored."),
                code="control",
            ) from error
        raise ValidationError(
            _("A card has between 1 and 280 characters."), code="length"
        ) from error
    category = _organiser_category_clean(item, category)
    with transaction.atomic():
        card = Card.objects.create(
            item=item,
            text=text,
            language=language,
            category=category,
            moderation=Card.Moderation.ACCEPTED,
        )
        card.item = item
        _card_audit(
            CARD_TYPE_IN,
            actor=actor,
            card=card,
            after={"text": text, "language": language, "category": category},
        )
        _carded(item.workshop_id, item, phones=True)
    return card


def card_moderate(*, actor, card: Card, moderation: str) -> Card:
    """Accept or reject a card (or put it back to pending)."""
    _check_may_run(actor, card.item)
    if moderation not in Card.Moderation.values:
        raise ValidationError(_("Unknown moderation."), code="moderation")
    with transaction.atomic():
        item = card.item
        card = Card.objects.select_for_update().get(pk=card.pk)
        card.item = item
        before = card.moderation
        if before == moderation:
            return card
        card.moderation = moderation
        card.save(update_fields=["moderation"])
        _card_audit(
            CARD_MODERATE,
            actor=actor,
            card=card,
            before={"moderation": before},
            after={"moderation": moderation},
        )
        accepted = Card.Moderation.ACCEPTED
        _carded(item.workshop_id, item, phones=accepted in {before, moderation})
    return card


def card_delete(*, actor, card: Card) -> None:
    """Delete a card; the trail keeps its text."""
    _check_may_run(actor, card.item)
    item = card.item
    with transaction.atomic():
        _card_audit(
            CARD_DELETE,
            actor=actor,
            card=card,
            before={
                "text": card.text,
                "language": card.language,
                "category": card.category,
                "moderation": card.moderation,
                "translations": card.translations,
            },
        )
        Card.objects.filter(pk=card.pk).delete()
        _carded(item.workshop_id, item, phones=card.moderation == Card.Moderation.ACCEPTED)


def card_upvote(*, participant: WorkshopParticipant, card_id) -> UpvoteReceipt:
    """Upvote an accepted question of an open Q&A item, once (one's own too); a second upvote
    changes nothing. Raises CardError."""
    if isinstance(card_id, bool) or not isinstance(card_id, int) or not 0 < card_id < 2**63:
        raise CardError("no_such_card")
    card = (
        Card.objects.filter(
            pk=card_id,
            item__workshop_id=participant.workshop_id,
            moderation=Card.Moderation.ACCEPTED,
        )
        .only("pk", "item_id")
        .first()
    )
    if card is None:
        raise CardError("no_such_card")
    item = _cards_item(participant, card.item_id)
    if item.kind != "questions":
        raise CardError("no_upvotes")
    with transaction.atomic():
        try:
            with transaction.atomic():
                CardUpvote.objects.create(card_id=card.pk, participant=participant)
            status = "counted"
        except IntegrityError:
            status = "repeated"
        if status == "counted":
            _carded(participant.workshop_id, item)
    return UpvoteReceipt(status, card.pk, CardUpvote.objects.filter(card_id=card.pk).count())


# --- helpers and translations ---

HELPER_ADD = audit_action("workshops.helper_add", gettext_lazy("Workshop helper added"))
HELPER_REMOVE = audit_action("workshops.helper_remove", gettext_lazy("Workshop helper removed"))
CARD_TRANSLATE = audit_action("workshops.card_translate", gettext_lazy("Card translated"))


def workshop_helper_add(*, actor, workshop: Workshop, username: str):
    """Name an active account as a helper: they run the console and translate cards, but do
    not change the agenda. Raises ValidationError for an unknown or inactive user name."""
    from django.contrib.auth import get_user_model

    _check_may_edit(actor, workshop)
    username = (username or "").strip()
    user = (
        get_user_model()
        .objects.filter(username__iexact=username, is_active=True)
        .order_by("pk")
        .first()
        if username
        else None
    )
    if user is None:
        raise ValidationError(
            _("No active account has the user name “%(name)s”.") % {"name": username[:150]},
            code="unknown_user",
        )
    with transaction.atomic():
        if workshop.helpers.filter(pk=user.pk).exists():
            return user
        workshop.helpers.add(user)
        _audit(HELPER_ADD, actor=actor, workshop=workshop, after={"helper": user.get_username()})
    return user


def workshop_helper_remove(*, actor, workshop: Workshop, user) -> None:
    _check_may_edit(actor, workshop)
    with transaction.atomic():
        if not workshop.helpers.filter(pk=user.pk).exists():
            return
        workshop.helpers.remove(user)
        _audit(
            HELPER_REMOVE, actor=actor, workshop=workshop, before={"helper": user.get_username()}
        )


def card_language(card: Card) -> str:
    """The language a card was written in (the workshop's for a card typed in from paper)."""
    return card.language or card.item.workshop.source_language


def card_translate(*, actor, card: Card, language: str, text: str) -> Card:
    """Add (or correct) a card's translation into ``language``, written or confirmed by a
    helper; the original stays as it was. The screens show it at once."""
    item = card.item
    _check_may_run(actor, item)
    if language not in language_codes() or language == card_language(card):
        raise ValidationError(_("Choose another language than the card's own."), code="language")
    text = plain_text_clean(text or "", min_length=1, max_length=MAX_CARD)
    with transaction.atomic():
        card = Card.objects.select_for_update().get(pk=card.pk)
        before = card.translations.get(language)
        card.translations = {**card.translations, language: text}
        card.save(update_fields=["translations"])
        _audit(
            CARD_TRANSLATE,
            actor=actor,
            workshop=item.workshop,
            target=card,
            before={"language": language, "text": before} if before is not None else None,
            after={"language": language, "text": text},
        )
        # The screens read the item again, cards and their translations with it.
        _carded(item.workshop_id, item)
    card.item = item
    return card


# --- the board: clusters and candidates ---

CLUSTER_CREATE = audit_action("workshops.cluster_create", gettext_lazy("Board cluster added"))
CLUSTER_CHANGE = audit_action(
    "workshops.cluster_change", gettext_lazy("Board cluster renamed or accepted")
)
CLUSTER_DELETE = audit_action("workshops.cluster_delete", gettext_lazy("Board cluster deleted"))
CARD_CLUSTER_SET = audit_action(
    "workshops.card_cluster_set", gettext_lazy("Card moved on the board")
)
CLUSTERS_SUGGEST = audit_action(
    "workshops.clusters_suggest", gettext_lazy("Groupings of cards suggested")
)
CANDIDATE_CREATE = audit_action(
    "workshops.candidate_create", gettext_lazy("Candidate goal or measure added")
)
CANDIDATE_DELETE = audit_action(
    "workshops.candidate_delete", gettext_lazy("Candidate goal or measure deleted")
)
VOTED_KINDS = ("dots", "ranking")
_KEEP = object()


def _board_item(item: Item) -> None:
    if not KINDS[item.kind].takes_cards:
        raise ValidationError(_("Only an item with cards has a board."), code="kind")


def _cluster_title(title: dict, workshop: Workshop) -> dict:
    """A cluster's or candidate's title in any of the languages; one of them at least."""
    cleaned = _texts_clean(
        title, limit=MAX_TITLE, required=False, source_language=workshop.source_language
    )
    if not cleaned:
        raise ValidationError(_("Give the cluster a title."), code="required")
    return cleaned


def _most_common_category(categories) -> int | None:
    counted = Counter(category for category in categories if category is not None)
    if not counted:
        return None
    return min(counted, key=lambda category: (-counted[category], category))


def _field_of_action(item: Item, category: int | None) -> str:
    """A field of action's name in the workshop's source language (as the strategy reads it)."""
    categories = (item.config or {}).get("categories", [])
    if category is None or not 0 <= category < len(categories):
        return ""
    texts = categories[category]
    source = item.workshop.source_language
    return (texts.get(source) or next(iter(texts.values()), ""))[:200]


def cluster_create(*, actor, item: Item, title: dict, category=None, suggested=False) -> Cluster:
    _check_may_edit(actor, item)
    _board_item(item)
    workshop = item.workshop
    title = _cluster_title(title, workshop)
    category = _organiser_category_clean(item, category)
    with transaction.atomic():
        last = item.clusters.aggregate(last=Max("position"))["last"] or 0
        cluster = Cluster.objects.create(
            item=item, title=title, category=category, position=last + 1, suggested=suggested
        )
        _audit(
            CLUSTER_CREATE,
            actor=actor,
            workshop=workshop,
            target=cluster,
            after={"item": item.pk, "title": title, "category": category},
        )
    return cluster


def cluster_rename(*, actor, cluster: Cluster, title: dict, category=_KEEP) -> Cluster:
    item = cluster.item
    _check_may_edit(actor, item)
    title = _cluster_title(title, item.workshop)
    category = cluster.category if category is _KEEP else _organiser_category_clean(item, category)
    with transaction.atomic():
        before = {"title": cluster.title, "category": cluster.category}
        cluster.title, cluster.category = title, category
        cluster.save(update_fields=["title", "category"])
        _audit(
            CLUSTER_CHANGE,
            actor=actor,
            workshop=item.workshop,
            target=cluster,
            before=before,
            after={"title": title, "category": category},
        )
    return cluster


def cluster_accept(*, actor, cluster: Cluster) -> Cluster:
    """The moderator takes a suggested cluster as theirs (its provenance says so from now)."""
    item = cluster.item
    _check_may_edit(actor, item)
    with transaction.atomic():
        before = {"suggested": cluster.suggested}
        cluster.suggested = False
        cluster.save(update_fields=["suggested"])
        _audit(
            CLUSTER_CHANGE,
            actor=actor,
            workshop=item.workshop,
            target=cluster,
            before=before,
            after={"suggested": False},
        )
    return cluster


def cluster_delete(*, actor, cluster: Cluster) -> None:
    """Delete a cluster; its cards stay on the board, in no cluster."""
    item = cluster.item
    _check_may_edit(actor, item)
    with transaction.atomic():
        cards = list(cluster.cards.values_list("pk", flat=True))
        Card.objects.filter(cluster=cluster).update(cluster=None)
        _audit(
            CLUSTER_DELETE,
            actor=actor,
            workshop=item.workshop,
            target=cluster,
            before={"title": cluster.title, "suggested": cluster.suggested, "cards": cards},
        )
        Cluster.objects.filter(pk=cluster.pk).delete()


def card_cluster_set(*, actor, card: Card, cluster: Cluster | None) -> Card:
    """Put a card into a cluster of its item's board, or (None) into no cluster."""
    item = card.item
    _check_may_edit(actor, item)
    if cluster is not None and cluster.item_id != card.item_id:
        raise ValidationError(_("This cluster belongs to another board."), code="board")
    with transaction.atomic():
        before = {"cluster": card.cluster_id}
        card.cluster = cluster
        card.save(update_fields=["cluster"])
        _audit(
            CARD_CLUSTER_SET,
            actor=actor,
            workshop=item.workshop,
            target=card,
            before=before,
            after={"cluster": card.cluster_id},
        )
    return card


def clusters_suggest(*, actor, item: Item) -> list[Cluster]:
    """Suggest groupings of the board's accepted cards that are in no cluster yet: each group
    becomes a cluster marked as suggested, titled by its most shared word. Clusters and cards
    already placed stay as they are. Cards are compared in the workshop's language where a
    helper has translated them, else as written."""
    _check_may_edit(actor, item)
    _board_item(item)
    workshop = item.workshop
    source = workshop.source_language
    with transaction.atomic():
        cards = list(
            Card.objects.select_for_update()
            .filter(item=item, cluster=None, moderation=Card.Moderation.ACCEPTED)
            .order_by("pk")
        )
        texts = [(card.translations or {}).get(source) or card.text for card in cards]
        groups = grouping.suggest_groups(texts)
        last = item.clusters.aggregate(last=Max("position"))["last"] or 0
        clusters = []
        for number, group in enumerate(groups, start=1):
            label = grouping.group_label([texts[index] for index in group])
            if not label:
                with translation.override(source):
                    label = _("Suggestion %(number)s") % {"number": number}
            members = [cards[index] for index in group]
            cluster = Cluster.objects.create(
                item=item,
                title={source: label[:MAX_TITLE]},
                position=last + number,
                category=_most_common_category(card.category for card in members),
                suggested=True,
            )
            Card.objects.filter(pk__in=[card.pk for card in members]).update(cluster=cluster)
            clusters.append(cluster)
        _audit(
            CLUSTERS_SUGGEST,
            actor=actor,
            workshop=workshop,
            target=item,
            after={
                "clusters": [cluster.pk for cluster in clusters],
                "cards": [[cards[index].pk for index in group] for group in groups],
            },
        )
    return clusters


def candidate_from_cluster(*, actor, cluster: Cluster) -> Candidate:
    """A candidate goal from a cluster: its title, its field of action (the cluster's, else the
    one most of its cards name), linked to its cards."""
    item = cluster.item
    _check_may_edit(actor, item)
    workshop = item.workshop
    with transaction.atomic():
        cards = list(cluster.cards.filter(moderation=Card.Moderation.ACCEPTED).order_by("pk"))
        if not cards:
            raise ValidationError(_("This cluster has no cards."), code="empty")
        if cluster.candidates.exists():
            raise ValidationError(_("This cluster is a candidate goal already."), code="exists")
        category = cluster.category
        if category is None:
            category = _most_common_category(card.category for card in cards)
        candidate = Candidate.objects.create(
            workshop=workshop,
            kind=Candidate.Kind.GOAL,
            title=dict(cluster.title),
            field_of_action=_field_of_action(item, category),
            cluster=cluster,
        )
        candidate.cards.set(cards)
        _audit(
            CANDIDATE_CREATE,
            actor=actor,
            workshop=workshop,
            target=candidate,
            after={
                "kind": candidate.kind,
                "cluster": cluster.pk,
                "cards": [card.pk for card in cards],
                "field_of_action": candidate.field_of_action,
            },
        )
    return candidate


def candidate_from_option(*, actor, item: Item, option) -> Candidate:
    """A candidate measure from an option of a dot-voting or ranking item: the option's texts,
    the item and option whose votes carried it, and the cards written as that option (if any)."""
    _check_may_edit(actor, item)
    if item.kind not in VOTED_KINDS:
        raise ValidationError(_("Only a dot voting or ranking has top ideas."), code="kind")
    options = (item.config or {}).get("options", [])
    if isinstance(option, bool) or not isinstance(option, int) or not 0 <= option < len(options):
        raise ValidationError(_("Unknown option."), code="option")
    workshop = item.workshop
    texts = {code: text.strip() for code, text in options[option].items() if text.strip()}
    with transaction.atomic():
        if Candidate.objects.filter(voted_item=item, voted_option=option).exists():
            raise ValidationError(_("This idea is a candidate measure already."), code="exists")
        cards = list(
            Card.objects.filter(
                item__workshop=workshop,
                text__in=sorted(set(texts.values())),
                moderation=Card.Moderation.ACCEPTED,
            )
            .select_related("item")
            .order_by("pk")
        )
        field = ""
        category = _most_common_category(card.category for card in cards)
        if category is not None:
            source_item = next(card.item for card in cards if card.category == category)
            source_item.workshop = workshop
            field = _field_of_action(source_item, category)
        candidate = Candidate.objects.create(
            workshop=workshop,
            kind=Candidate.Kind.MEASURE,
            title=texts,
            field_of_action=field,
            voted_item=item,
            voted_option=option,
        )
        candidate.cards.set(cards)
        _audit(
            CANDIDATE_CREATE,
            actor=actor,
            workshop=workshop,
            target=candidate,
            after={
                "kind": candidate.kind,
                "item": item.pk,
                "option": option,
                "cards": [card.pk for card in cards],
            },
        )
    return candidate


def candidate_delete(*, actor, candidate: Candidate) -> None:
    workshop = candidate.workshop
    source = candidate.voted_item or (candidate.cluster.item if candidate.cluster else None)
    if source is not None:
        _check_may_edit(actor, source)
    else:
        for day in workshop.days.all():
            day.workshop = workshop
            _check_may_edit(actor, day)
    with transaction.atomic():
        _audit(
            CANDIDATE_DELETE,
            actor=actor,
            workshop=workshop,
            target=candidate,
            before={
                "kind": candidate.kind,
                "title": candidate.title,
                "cards": list(candidate.cards.values_list("pk", flat=True)),
            },
        )
        Candidate.objects.filter(pk=candidate.pk).delete()
