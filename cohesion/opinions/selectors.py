from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Count
from django.http import Http404

from cohesion.core.translations import Shown, translation_pick, translations_missing
from cohesion.opinions.engine.matrix import VoteMatrix
from cohesion.opinions.models import Conversation, OpinionMapSnapshot, Participant, Statement, Vote
from cohesion.processes.selectors import processes_visible_to

# No group is shown with fewer people than this (PRODUCT.md: privacy).
MIN_SHOWN_GROUP = 5
# The engine splits people into two groups at least (k ≥ 2) and a map shows only groups of
# MIN_SHOWN_GROUP people: with fewer people than this no map can show groups, however many
# statements each of them votes on.
MIN_PEOPLE_FOR_GROUPS = 2 * MIN_SHOWN_GROUP


def statement_shown(*, text: str, language: str, translations: dict | None, reader: str) -> Shown:
    """A statement in the reader's language when someone translated it, else in its own; the
    original stays at hand (Shown.original) for the page to offer one tap away."""
    texts = {**(translations or {}), language: text}
    return translation_pick(texts, language=reader, original_language=language)


def statement_shown_of(statement: Statement, *, reader: str) -> Shown:
    return statement_shown(
        text=statement.text,
        language=statement.language,
        translations=statement.translations,
        reader=reader,
    )


def statement_translations_missing(statement: Statement) -> list[str]:
    """The interface's languages the statement is neither written nor translated in."""
    return translations_missing(
        {**(statement.translations or {}), statement.language: statement.text}
    )


@dataclass(frozen=True)
class ConversationShown:
    title: Shown
    description: Shown | None  # None without a question


def conversation_shown(conversation: Conversation, *, reader: str) -> ConversationShown:
    """Title and question in the reader's language where translated, else the originals."""
    source = conversation.source_language

    def pick(original: str, translations: dict | None) -> Shown:
        texts = {**(translations or {}), source: original}
        return translation_pick(texts, language=reader, original_language=source)

    return ConversationShown(
        title=pick(conversation.title, conversation.title_translations),
        description=pick(conversation.description, conversation.description_translations)
        if conversation.description
        else None,
    )


def conversation_translations_missing(conversation: Conversation) -> list[str]:
    source = conversation.source_language
    titles = {**conversation.title_translations, source: conversation.title}
    missing = set(translations_missing(titles))
    if conversation.description:
        descriptions = {**conversation.description_translations, source: conversation.description}
        missing |= set(translations_missing(descriptions))
    return sorted(missing)


def vote_matrix_of(*, conversation: Conversation) -> VoteMatrix:
    """The conversation's votes as the engine's matrix (ids are the primary keys as text), in
    the order the votes came in; rejected and meta statements are moderated out."""
    rows = Vote.objects.filter(statement__conversation=conversation).order_by("updated_at", "pk")
    cells: dict[tuple[int, int], int] = {}
    participants: dict[int, int] = {}
    statements: dict[int, int] = {}
    for participant_id, statement_id, value in rows.values_list(
        "participant_id", "statement_id", "value"
    ):
        row = participants.setdefault(participant_id, len(participants))
        column = statements.setdefault(statement_id, len(statements))
        cells[(row, column)] = value
    out = [
        str(pk)
        for pk, moderation, is_meta in Statement.objects.filter(
            conversation=conversation
        ).values_list("pk", "moderation", "is_meta")
        if moderation == Statement.Moderation.REJECTED or is_meta
    ]
    return VoteMatrix.from_cells(
        participants=tuple(str(pk) for pk in participants),
        statements=tuple(str(pk) for pk in statements),
        cells=cells,
        moderated_out=out,
    )


@dataclass(frozen=True)
class MapStatus:
    computed_at: datetime | None  # None before the first map
    pending: bool  # votes wait for the next recompute


def map_status_of(*, conversation: Conversation) -> MapStatus:
    computed = (
        OpinionMapSnapshot.objects.filter(conversation=conversation)
        .values_list("computed_at", flat=True)
        .first()
    )
    return MapStatus(computed_at=computed, pending=conversation.map_update_requested_at is not None)


def snapshot_of(*, conversation: Conversation) -> OpinionMapSnapshot | None:
    return OpinionMapSnapshot.objects.filter(conversation=conversation).first()


def snapshot_summary_of(*, conversation: Conversation) -> OpinionMapSnapshot | None:
    """The stored map without the engine state (megabytes for a big conversation), for the
    organisers' page, which shows only when it was drawn and the groups' sizes."""
    return OpinionMapSnapshot.objects.filter(conversation=conversation).defer("state").first()


def next_statement_for(
    *, conversation: Conversation, participant: Participant | None
) -> Statement | None:
    """The accepted statement the participant has not voted on with the highest routing
    priority of the latest map (new statements, without a priority yet, first); for a visitor
    who has not voted yet, None as participant."""
    statements = votable_statements(conversation=conversation)
    if participant is not None:
        statements = statements.exclude(votes__participant=participant)
    open_statements = list(statements.order_by("pk"))
    if not open_statements:
        return None
    snapshot = snapshot_of(conversation=conversation)
    priorities = snapshot.result.get("priorities", {}) if snapshot else {}
    return max(
        open_statements,
        key=lambda statement: (priorities.get(str(statement.pk), float("inf")), -statement.pk),
    )


def groups_shown(*, snapshot: OpinionMapSnapshot) -> dict[str, int]:
    """The sizes of the groups that may be shown: none under MIN_SHOWN_GROUP people."""
    return {
        group: size
        for group, size in snapshot.result.get("group_sizes", {}).items()
        if size >= MIN_SHOWN_GROUP
    }


def conversations_of(*, process, phase_slug: str):
    return Conversation.objects.filter(process=process, phase_slug=phase_slug).order_by(
        "-created_at", "-pk"
    )


def conversation_get_visible(*, user, pk: int) -> Conversation | None:
    """A conversation of a process the user may see; None otherwise (the view answers 404, so
    existence is not leaked)."""
    return (
        Conversation.objects.filter(pk=pk, process__in=processes_visible_to(user=user))
        .select_related("process__municipality")
        .first()
    )


def statements_for_moderation(*, conversation: Conversation):
    """Waiting ones first, then the others, each with its number of votes."""
    return (
        Statement.objects.filter(conversation=conversation)
        .annotate(vote_count=Count("votes"))
        .order_by("moderation", "pk")
    )


def statement_of(*, conversation: Conversation, pk) -> Statement | None:
    """A statement of this conversation by its id as posted; None for anything else."""
    text = str(pk)
    if not text.isdigit():
        return None
    return Statement.objects.filter(conversation=conversation, pk=int(text)).first()


def conversation_find_by_code(*, code: str) -> Conversation | None:
    """The conversation a participant's code names (case and spaces do not matter)."""
    return Conversation.objects.filter(code__iexact="".join(code.split())).first()


def conversation_by_code(*, code: str) -> Conversation:
    conversation = conversation_find_by_code(code=code)
    if conversation is None:
        raise Http404
    return conversation


def participant_by_device(
    *, conversation: Conversation, device_hash: str | None
) -> Participant | None:
    """The participant the device (the hash of its token) is in this conversation, if any."""
    if not device_hash:
        return None
    try:  # get(), not first(): no ordering to compile on the hot path
        participant = Participant.objects.get(conversation=conversation, device_hash=device_hash)
    except Participant.DoesNotExist:
        return None
    participant.conversation = conversation  # known already: no query for it later
    return participant


@dataclass(frozen=True)
class VoteTarget:
    """What a vote needs: the statement it names, with its conversation, and the device's
    participant in that conversation (None for a newcomer)."""

    statement: Statement
    participant: Participant | None


_LARGEST_ID = 2**63 - 1  # a 64-bit signed integer, as both databases store the keys


def _vote_target_sql() -> str:
    q = connection.ops.quote_name
    statement, conversation, participant = (
        q(model._meta.db_table) for model in (Statement, Conversation, Participant)
    )
    return (
        f"SELECT s.{q('id')}, s.{q('conversation_id')}, s.{q('moderation')}, "  # noqa: S608 - names from the models
        f"c.{q('code')}, c.{q('is_open')}, p.{q('id')} "
        f"FROM {statement} s JOIN {conversation} c ON c.{q('id')} = s.{q('conversation_id')} "
        f"LEFT JOIN {participant} p ON p.{q('conversation_id')} = c.{q('id')} "
        f"AND p.{q('device_hash')} = %s "
        f"WHERE s.{q('id')} = %s AND c.{q('code')} = %s"
    )


def _partly_loaded(model, **values):
    """An instance as Django's ORM loads it with only(): the other fields deferred."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def vote_target(*, code: str, statement_pk, device_hash: str | None) -> VoteTarget | None:
    """The vote's hot path in one query, written out in SQL: compiling the ORM's queries cost a
    vote more processor time than running them (about 0.9 ms a query against 0.05 ms on the
    2-core benchmark machine), and a room votes at once. None when the code (as the vote page's
    address has it) and the statement do not match. Only the fields a vote reads are loaded;
    the others are deferred as Django defers them."""
    text = str(statement_pk)
    if not text.isdigit() or int(text) > _LARGEST_ID:  # beyond the column: no such statement
        return None
    with connection.cursor() as cursor:
        # No device is no participant: NULL equals nothing (a participant without one has "").
        cursor.execute(_vote_target_sql(), [device_hash or None, int(text), code])
        row = cursor.fetchone()
    if row is None:
        return None
    statement_id, conversation_id, moderation, code, is_open, participant_id = row
    conversation = _partly_loaded(
        Conversation,
        id=conversation_id,
        code=code,
        is_open=bool(is_open),  # SQLite gives 0/1
    )
    statement = _partly_loaded(
        Statement, id=statement_id, conversation_id=conversation_id, moderation=moderation
    )
    statement.conversation = conversation
    participant = None
    if participant_id is not None:
        participant = _partly_loaded(
            Participant, id=participant_id, conversation_id=conversation_id, device_hash=device_hash
        )
        participant.conversation = conversation
    return VoteTarget(statement=statement, participant=participant)


def votable_statements(*, conversation: Conversation):
    return Statement.objects.filter(
        conversation=conversation, moderation=Statement.Moderation.ACCEPTED, is_meta=False
    )


def statements_by(*, participant: Participant):
    return Statement.objects.filter(author=participant).order_by("pk")


def statement_get(*, pk: int) -> Statement | None:
    return Statement.objects.filter(pk=pk).select_related("conversation").first()


@dataclass
class GroupShown:
    id: str
    size: int
    centre: list[float] | None
    statements: list[dict] = field(default_factory=list)  # text, shown, side, percent


@dataclass
class MapShown:
    """What a participant may see of a map: groups of at least MIN_SHOWN_GROUP people, their
    centres and characteristic statements, the consensus; of individuals only their own."""

    groups: list[GroupShown]
    consensus: list[dict]  # text, shown, percent
    own_group: str | None  # also when that group is too small to be shown
    own_point: list[float] | None
    people: int = 0  # who voted when the map was drawn

    @property
    def shown_ids(self) -> set[str]:
        return {group.id for group in self.groups}

    @property
    def too_few_people(self) -> bool:
        """No group can be shown because too few people took part, not for want of votes."""
        return not self.groups and self.people < MIN_PEOPLE_FOR_GROUPS


def map_shown_to(
    *, snapshot: OpinionMapSnapshot, participant: Participant | None, reader: str = ""
) -> MapShown:
    """The map for a participant (or a visitor, None), its statements in the reader's
    language where translated."""
    result = snapshot.result
    texts = {
        pk: statement_shown(text=text, language=language, translations=translations, reader=reader)
        for pk, text, language, translations in votable_statements(
            conversation=snapshot.conversation
        ).values_list("pk", "text", "language", "translations")
    }

    def entries(items) -> list[dict]:
        # Statements only a handful of people voted on tell too much about those people.
        shown = []
        for entry in items:
            text = texts.get(int(entry["statement"])) if entry["statement"].isdigit() else None
            trials = entry.get("n_trials") or 0
            if text and trials >= MIN_SHOWN_GROUP:
                share = entry["n_success"] / trials
                shown.append(
                    {
                        "text": text.text,
                        "shown": text,
                        "side": entry.get("side"),
                        "percent": round(100 * share),
                    }
                )
        return shown

    centres = result.get("group_centres", {})
    groups = [
        GroupShown(
            id=group,
            size=size,
            centre=centres.get(group),
            statements=entries(result.get("repness", {}).get(group, [])),
        )
        for group, size in groups_shown(snapshot=snapshot).items()
    ]
    own_key = str(participant.pk) if participant else None
    own_group = result.get("participants", {}).get(own_key) if own_key else None
    return MapShown(
        groups=groups,
        consensus=entries(result.get("consensus", {}).get("agree", [])),
        own_group=None if own_group is None else str(own_group),
        own_point=result.get("points", {}).get(own_key) if own_key else None,
        people=len(result.get("participants", {})),
    )
