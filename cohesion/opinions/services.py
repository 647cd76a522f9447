"""State changes of the opinion map: conversations, statements, participants, votes, the map."""

import io
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.archives import ArchiveLimitError, zip_member_read
from cohesion.core.realtime import broadcast_on_commit, event_build
from cohesion.core.text import plain_text_clean
from cohesion.core.translations import language_codes
from cohesion.opinions.engine import opinion_map
from cohesion.opinions.engine.matrix import Vote as EngineVote
from cohesion.opinions.engine.pipeline import OpinionState
from cohesion.opinions.models import (
    Conversation,
    OpinionMapSnapshot,
    Participant,
    Statement,
    Vote,
)
from cohesion.opinions.polis import (
    COMMENTS,
    PARTICIPANTS_VOTES,
    VOTES,
    read_conversation,
    write_conversation,
)
from cohesion.opinions.polis import Statement as PolisStatement
from cohesion.opinions.realtime import (
    OPINION_MAP_UPDATED,
    opinion_map_group_name,
    opinion_map_version,
)
from cohesion.opinions.results import result_as_dict
from cohesion.opinions.selectors import snapshot_of, vote_matrix_of
from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.rules import ProcessPhase

MIN_STATEMENT_LENGTH, MAX_STATEMENT_LENGTH = 3, 400
# An unpacked member of an imported ZIP; the largest shared Pol.is export's votes.csv has 3 MB.
MAX_POLIS_MEMBER_BYTES = 64 * 1024 * 1024
# How many of an import's problems are listed: enough to fix a file, not a page of them.
MAX_IMPORT_PROBLEMS = 10

CONVERSATION_CREATE = audit_action(
    "opinions.conversation_create", gettext_lazy("Opinion conversation started")
)
CONVERSATION_OPEN = audit_action(
    "opinions.conversation_open", gettext_lazy("Opinion conversation opened")
)
CONVERSATION_CLOSE = audit_action(
    "opinions.conversation_close", gettext_lazy("Opinion conversation closed")
)
CONVERSATION_IMPORT = audit_action(
    "opinions.conversation_import", gettext_lazy("Pol.is conversation imported")
)
CONVERSATION_EXPORT = audit_action(
    "opinions.conversation_export", gettext_lazy("Opinion conversation exported with votes")
)
STATEMENTS_EXPORT = audit_action(
    "opinions.statements_export", gettext_lazy("Statements of a conversation exported")
)
STATEMENT_SEED = audit_action("opinions.statement_seed", gettext_lazy("Statement added"))
STATEMENT_MODERATE = audit_action(
    "opinions.statement_moderate", gettext_lazy("Statement accepted or rejected")
)
STATEMENT_DELETE = audit_action("opinions.statement_delete", gettext_lazy("Statement deleted"))
CONVERSATION_TRANSLATE = audit_action(
    "opinions.conversation_translate", gettext_lazy("Opinion conversation translated")
)
STATEMENT_TRANSLATE = audit_action(
    "opinions.statement_translate", gettext_lazy("Statement translated")
)
MAX_TITLE_LENGTH, MAX_DESCRIPTION_LENGTH = 200, 2000


def statement_text_clean(text: str) -> str:
    """The one check of a statement's text, typed or imported (cohesion.core.text): 3 to 400
    characters after whitespace is normalised, no control characters, no bidirectional
    overrides, not made only of invisible characters."""
    return plain_text_clean(text, min_length=MIN_STATEMENT_LENGTH, max_length=MAX_STATEMENT_LENGTH)


def _check_may_manage(actor, process, phase_slug: str) -> None:
    phase = PHASES_BY_SLUG.get(phase_slug)
    if phase is None:
        raise ValidationError(_("There is no such phase."), code="unknown_phase")
    if not actor.has_perm("processes.change_phase", ProcessPhase(process, phase)):
        raise PermissionDenied


def _audit(action: str, *, actor, conversation: Conversation, target=None, before=None, after=None):
    audit_record(
        action=action,
        actor=actor,
        process=conversation.process,
        target=target if target is not None else conversation,
        before=before,
        after=after,
    )


def _moderation_name(value: int) -> str:
    return Statement.Moderation(value).name.lower()


def _conversation_new(
    *, actor, process, phase_slug: str, title: str, description: str = "", source_language=None
):
    title = title.strip()
    if not title:
        raise ValidationError(_("A conversation needs a title."), code="no_title")
    if source_language is not None and source_language not in language_codes():
        raise ValidationError(_("Choose a language."), code="language")
    return Conversation.objects.create(
        process=process,
        phase_slug=phase_slug,
        title=title[:200],
        description=description.strip(),
        created_by=actor,
        **({"source_language": source_language} if source_language else {}),
    )


def conversation_create(
    *,
    actor,
    process,
    phase_slug: str,
    title: str,
    description: str = "",
    source_language: str | None = None,
) -> Conversation:
    """A conversation of a phase; its title and question are written in ``source_language``
    (the model's default when not given)."""
    _check_may_manage(actor, process, phase_slug)
    with transaction.atomic():
        conversation = _conversation_new(
            actor=actor,
            process=process,
            phase_slug=phase_slug,
            title=title,
            description=description,
            source_language=source_language,
        )
        _audit(
            CONVERSATION_CREATE,
            actor=actor,
            conversation=conversation,
            after={"title": conversation.title, "phase": phase_slug},
        )
    return conversation


def conversation_open_set(*, actor, conversation: Conversation, is_open: bool) -> Conversation:
    """Open the conversation for votes and statements, or close it; the map stays."""
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    # The retention period of its participants runs from the closing (participation's purge).
    closed_at = None if is_open else timezone.now()
    with transaction.atomic():
        changed = (
            Conversation.objects.filter(pk=conversation.pk)
            .exclude(is_open=is_open)
            .update(is_open=is_open, closed_at=closed_at)
        )
        if changed:
            _audit(
                CONVERSATION_OPEN if is_open else CONVERSATION_CLOSE,
                actor=actor,
                conversation=conversation,
                before={"is_open": not is_open},
                after={"is_open": is_open},
            )
            conversation.closed_at = closed_at
    conversation.is_open = is_open
    return conversation


def _translation_language_check(language: str, original_language: str) -> None:
    if language not in language_codes():
        raise ValidationError(_("Cohesion does not offer that language."), code="language")
    if language == original_language:
        raise ValidationError(
            _("That is the language of the original; change the original instead."),
            code="original_language",
        )


def _translations_clean(translations: dict | None, *, original_language: str) -> dict[str, str]:
    cleaned = {}
    for language, text in (translations or {}).items():
        _translation_language_check(language, original_language)
        cleaned[language] = statement_text_clean(text)
    return cleaned


def statement_seed(
    *,
    actor,
    conversation: Conversation,
    text: str,
    language: str = "",
    translations: dict[str, str] | None = None,
) -> Statement:
    """A statement the moderator writes: shown at once; in the conversation's language unless
    another is named, with translations ({language: text}) beside it if given."""
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    text = statement_text_clean(text)
    language = language or conversation.source_language
    translations = _translations_clean(translations, original_language=language)
    with transaction.atomic():
        statement = Statement.objects.create(
            conversation=conversation,
            text=text,
            language=language,
            translations=translations,
            is_seed=True,
            moderation=Statement.Moderation.ACCEPTED,
        )
        _audit(
            STATEMENT_SEED,
            actor=actor,
            conversation=conversation,
            target=statement,
            after={
                "text": statement.text,
                **({"translations": translations} if translations else {}),
            },
        )
    return statement


def statement_translate(*, actor, statement: Statement, language: str, text: str) -> Statement:
    """Write (or, with an empty text, remove) the statement's translation into ``language``:
    the moderator's for a seeded statement, a helper's beside a participant's original, which
    keeps its own language."""
    conversation = statement.conversation
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    _translation_language_check(language, statement.language)
    text = statement_text_clean(text) if text.strip() else ""
    with transaction.atomic():
        current = Statement.objects.select_for_update().filter(pk=statement.pk).first()
        if current is None:
            raise ValidationError(_("This statement has been deleted."), code="deleted")
        translations = dict(current.translations or {})
        before = translations.get(language, "")
        if text:
            translations[language] = text
        else:
            translations.pop(language, None)
        statement.translations = translations
        if before == text:
            return statement
        Statement.objects.filter(pk=statement.pk).update(translations=translations)
        _audit(
            STATEMENT_TRANSLATE,
            actor=actor,
            conversation=conversation,
            target=statement,
            before={"language": language, "text": before},
            after={"language": language, "text": text},
        )
    return statement


def conversation_translate(
    *, actor, conversation: Conversation, language: str, title: str, description: str = ""
) -> Conversation:
    """Write the title and question in ``language`` beside the originals; an empty field
    removes that translation."""
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    _translation_language_check(language, conversation.source_language)
    title = (
        plain_text_clean(title, min_length=1, max_length=MAX_TITLE_LENGTH) if title.strip() else ""
    )
    description = (
        plain_text_clean(description, min_length=1, max_length=MAX_DESCRIPTION_LENGTH)
        if description.strip()
        else ""
    )
    with transaction.atomic():
        current = Conversation.objects.select_for_update().get(pk=conversation.pk)
        titles = dict(current.title_translations or {})
        descriptions = dict(current.description_translations or {})
        before = {"title": titles.get(language, ""), "description": descriptions.get(language, "")}
        after = {"title": title, "description": description}
        for texts, text in ((titles, title), (descriptions, description)):
            if text:
                texts[language] = text
            else:
                texts.pop(language, None)
        conversation.title_translations = titles
        conversation.description_translations = descriptions
        if before == after:
            return conversation
        Conversation.objects.filter(pk=conversation.pk).update(
            title_translations=titles, description_translations=descriptions
        )
        _audit(
            CONVERSATION_TRANSLATE,
            actor=actor,
            conversation=conversation,
            before={"language": language, **before},
            after={"language": language, **after},
        )
    return conversation


def statement_submit(*, participant: Participant, text: str, language: str = "") -> Statement:
    """A participant's statement: shown once a moderator accepts it."""
    if not participant.conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")
    return Statement.objects.create(
        conversation=participant.conversation,
        text=statement_text_clean(text),
        language=language,
        author=participant,
    )


def statement_moderate(*, actor, statement: Statement, moderation: int) -> Statement:
    conversation = statement.conversation
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    if moderation not in Statement.Moderation.values:
        raise ValidationError(_("That is not a moderation decision."), code="moderation")
    with transaction.atomic():
        before = Statement.objects.select_for_update().filter(pk=statement.pk).first()
        if before is None:
            raise ValidationError(_("This statement has been deleted."), code="deleted")
        statement.moderation = moderation
        if before.moderation == moderation:
            return statement
        statement.save(update_fields=["moderation"])
        _audit(
            STATEMENT_MODERATE,
            actor=actor,
            conversation=conversation,
            target=statement,
            before={"moderation": _moderation_name(before.moderation), "text": statement.text},
            after={"moderation": _moderation_name(moderation)},
        )
        if statement.votes.exists():  # its votes enter or leave the map
            transaction.on_commit(lambda: map_update_request(conversation_id=conversation.pk))
    return statement


def statement_delete(*, actor, statement: Statement) -> None:
    """Delete a statement with its votes (a participant's erasure request, an insult); the
    trail keeps its text, the map is drawn again without it."""
    conversation = statement.conversation
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    with transaction.atomic():
        votes = statement.votes.count()
        before = {
            "text": statement.text,
            "moderation": _moderation_name(statement.moderation),
            "is_seed": statement.is_seed,
            "votes": votes,
        }
        _audit(
            STATEMENT_DELETE,
            actor=actor,
            conversation=conversation,
            target=statement,
            before=before,
        )
        deleted, _counts = Statement.objects.filter(pk=statement.pk).delete()
        if not deleted:
            raise ValidationError(_("This statement has been deleted."), code="deleted")
        if votes:
            transaction.on_commit(lambda: map_update_request(conversation_id=conversation.pk))


def participant_join(*, conversation: Conversation, device_hash: str = "") -> Participant:
    """The participant of this device in this conversation, created on its first contribution.

    Two first votes of one device that race give one participant: the unique constraint
    (one_participant_per_device) refuses the second insert, which then finds the row of the
    first. The caller has looked for the participant already, so the insert comes first.
    Without a device (tests, imports) a new participant each time.
    """
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")
    if not device_hash:
        return Participant.objects.create(conversation=conversation)
    try:
        with transaction.atomic():  # a savepoint: the refused insert leaves the outer one usable
            participant = Participant.objects.create(
                conversation=conversation, device_hash=device_hash
            )
    except IntegrityError:
        participant = Participant.objects.get(conversation=conversation, device_hash=device_hash)
        participant.conversation = conversation  # spares the act a query for it
    return participant


def participant_join_acting(
    *, conversation: Conversation, act: Callable[[Participant], object], device_hash: str = ""
) -> Participant:
    """A newcomer joins with their first vote or statement (`act`), in one transaction: an act
    that is refused leaves no participant behind, and only looking creates nobody."""
    with transaction.atomic():
        participant = participant_join(conversation=conversation, device_hash=device_hash)
        act(participant)
    return participant


_VOTE_VALUES = frozenset(Vote.Choice.values)  # built anew each time it is read


def vote_cast(*, participant: Participant, statement: Statement, value: int) -> Vote:
    """One vote per person and statement; a second vote replaces the first.

    One statement (an upsert on the one_vote_each constraint): no read before the write, so
    two votes of one person racing leave exactly one row, the later value, and on SQLite the
    write lock is held for the shortest time.
    """
    if value not in _VOTE_VALUES:
        raise ValidationError(_("A vote is agree, disagree or pass."), code="value")
    if statement.conversation_id != participant.conversation_id:
        raise ValidationError(_("This statement belongs to another conversation."), code="other")
    if statement.moderation != Statement.Moderation.ACCEPTED:
        raise ValidationError(_("This statement cannot be voted on."), code="not_accepted")
    if not participant.conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")
    vote = Vote(participant=participant, statement=statement, value=value)
    vote.updated_at = timezone.now()
    connection = connections[router.db_for_write(Vote)]
    with connection.cursor() as cursor:  # a transaction of its own, or part of the caller's
        cursor.execute(
            _vote_upsert_sql(connection),
            [
                participant.pk,
                statement.pk,
                value,
                connection.ops.adapt_datetimefield_value(vote.updated_at),
            ],
        )
    transaction.on_commit(lambda: map_update_request(conversation_id=participant.conversation_id))
    return vote


def _vote_upsert_sql(connection) -> str:
    """The upsert Django's bulk_create(update_conflicts=True) writes, written out once: its
    compiling cost a vote more than the statement itself (see selectors.vote_target). SQLite
    and PostgreSQL both know ON CONFLICT … DO UPDATE."""
    q = connection.ops.quote_name
    columns = [q(Vote._meta.get_field(name).column) for name in ("participant", "statement")]
    value, updated_at = q("value"), q("updated_at")
    return (
        f"INSERT INTO {q(Vote._meta.db_table)} ({columns[0]}, {columns[1]}, {value}, "  # noqa: S608 - names from the model
        f"{updated_at}) VALUES (%s, %s, %s, %s) ON CONFLICT ({columns[0]}, {columns[1]}) "
        f"DO UPDATE SET {value} = EXCLUDED.{value}, {updated_at} = EXCLUDED.{updated_at}"
    )


# A request older than this is taken as lost (a worker killed before it started the task).
MAP_UPDATE_REQUEST_LOST_AFTER = timedelta(minutes=10)


def map_update_request(*, conversation_id: int) -> bool:
    """Ask for the map to be recomputed in the background; False when a recompute is already
    queued that has not read the votes yet, since that one will count the new votes too.

    The queue waits OPINION_MAP_DEBOUNCE_SECONDS before it runs the task, so a burst of votes
    (a workshop room voting at once) costs one recompute, not one per vote. During the burst a
    vote only reads the mark (runs after the vote's commit, so a recompute that clears the mark
    later reads the vote): no second write per vote, which on SQLite would queue for the lock.
    """
    from cohesion.opinions.tasks import opinion_map_update  # the task calls back into here

    now = timezone.now()
    if _map_update_pending(
        conversation_id=conversation_id, since=now - MAP_UPDATE_REQUEST_LOST_AFTER
    ):
        return False
    with transaction.atomic():  # the mark and the queued task stand or fall together
        marked = (
            Conversation.objects.filter(pk=conversation_id)
            .filter(
                Q(map_update_requested_at__isnull=True)
                | Q(map_update_requested_at__lt=now - MAP_UPDATE_REQUEST_LOST_AFTER)
            )
            .update(map_update_requested_at=now)
        )
        if not marked:
            return False
        task = opinion_map_update
        if task.get_backend().supports_defer:
            delay = timedelta(seconds=settings.OPINION_MAP_DEBOUNCE_SECONDS)
            task = task.using(run_after=now + delay)
        task.enqueue(conversation_id)
    return True


def _map_update_pending(*, conversation_id: int, since) -> bool:
    """Whether a recompute was asked for since then: every vote of a burst reads this, so it is
    written out in SQL (see selectors.vote_target)."""
    connection = connections[router.db_for_read(Conversation)]
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {q(Conversation._meta.db_table)} WHERE {q('id')} = %s "  # noqa: S608 - names from the model
            f"AND {q('map_update_requested_at')} >= %s",
            [conversation_id, connection.ops.adapt_datetimefield_value(since)],
        )
        return cursor.fetchone() is not None


def opinion_map_redraw(*, actor, conversation: Conversation) -> OpinionMapSnapshot:
    """The organiser's "draw the map again": a recompute now, for those who manage it."""
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    return opinion_map_recompute(conversation=conversation)


def opinion_map_recompute(*, conversation: Conversation, seed: int = 0) -> OpinionMapSnapshot:
    """Compute the map from the votes, warm-started from the stored state, and store it.

    The computation runs outside any transaction so that votes keep coming in meanwhile; votes
    cast after the read ask for the next recompute. Of two recomputes that overlap, the one that
    read the votes later is kept.
    """
    read_at = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(map_update_requested_at=None)
    matrix = vote_matrix_of(conversation=conversation)
    stored = snapshot_of(conversation=conversation)
    previous = OpinionState.from_dict(stored.state) if stored else None
    result = opinion_map(matrix, previous=previous, seed=seed)
    values = {
        "state": result.map.state.to_dict(),
        "result": result_as_dict(result),
        "vote_count": int(matrix.seen.sum()),
        "votes_read_at": read_at,
    }
    with transaction.atomic():
        snapshot = (
            OpinionMapSnapshot.objects.select_for_update().filter(conversation=conversation).first()
        )
        if snapshot is not None and snapshot.votes_read_at and snapshot.votes_read_at > read_at:
            return snapshot  # a recompute that started later has finished first
        snapshot, _created = OpinionMapSnapshot.objects.update_or_create(
            conversation=conversation, defaults=values
        )
        broadcast_on_commit(
            group=opinion_map_group_name(conversation.pk),
            event=event_build(
                OPINION_MAP_UPDATED,
                version=opinion_map_version(snapshot.computed_at),
                computed=snapshot.computed_at.isoformat(),
            ),
        )
    return snapshot


def _polis_members(archive: bytes) -> dict[str, bytes]:
    """The Pol.is files in the ZIP, each read within MAX_POLIS_MEMBER_BYTES and the ratio limit
    (cohesion.core.archives): a small archive that unpacks to gigabytes is refused early."""
    wanted = (COMMENTS, PARTICIPANTS_VOTES, VOTES)
    members: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            for info in zipped.infolist():
                name = Path(info.filename).name
                if name in wanted and name not in members and not info.is_dir():
                    members[name] = zip_member_read(zipped, info, max_bytes=MAX_POLIS_MEMBER_BYTES)
    except ArchiveLimitError as error:
        if error.code == "ratio":
            message = _("%(file)s in the archive is compressed beyond any real export.")
        else:
            message = _("%(file)s in the archive is larger than %(limit)s MB unpacked.")
        raise ValidationError(
            message % {"file": Path(error.member).name, "limit": MAX_POLIS_MEMBER_BYTES // 2**20},
            code="archive_limit",
        ) from error
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # A damaged, encrypted or oddly compressed archive.
        raise ValidationError(
            _("The file is not a ZIP archive that can be read."), code="zip"
        ) from error
    return members


def _statement_problems(statements: list[PolisStatement]) -> tuple[dict[str, str], list[str]]:
    """Every statement's text as it would be stored, and what is wrong with those that fail
    the check typed statements pass (at most MAX_IMPORT_PROBLEMS, then how many more)."""
    texts, problems, failed = {}, [], 0
    for statement in statements:
        try:
            texts[statement.id] = statement_text_clean(statement.text)
        except ValidationError as error:
            failed += 1
            if len(problems) < MAX_IMPORT_PROBLEMS:
                problems.append(
                    _("Line %(line)s of comments.csv: %(problem)s")
                    % {"line": statement.line, "problem": " ".join(error.messages)}
                )
    if failed > len(problems):
        problems.append(
            _("… and %(count)s more statements like these.") % {"count": failed - len(problems)}
        )
    return texts, problems


def conversation_import_polis(
    *, actor, process, phase_slug: str, title: str, archive: bytes
) -> Conversation:
    """A conversation from a ZIP of the Pol.is open-data files, all or nothing: every statement
    passes the same check as a typed one, or nothing is imported and the problems are listed.
    Raises PolisFormatError (file, line, column) for files not in the format."""
    _check_may_manage(actor, process, phase_slug)
    with tempfile.TemporaryDirectory() as folder:
        for name, data in _polis_members(archive).items():
            (Path(folder) / name).write_bytes(data)
        polis = read_conversation(Path(folder))
    texts, problems = _statement_problems(polis.statements)
    if problems:
        raise ValidationError(problems, code="statements")
    with transaction.atomic():
        conversation = _conversation_new(
            actor=actor, process=process, phase_slug=phase_slug, title=title
        )
        statements = {
            s.id: Statement(
                conversation=conversation,
                text=texts[s.id],
                moderation=s.moderated,
                is_meta=s.is_meta,
                external_id=s.id,
            )
            for s in polis.statements
        }
        Statement.objects.bulk_create(statements.values())
        voters = dict.fromkeys([*polis.participant_order, *(v.participant for v in polis.votes)])
        participants = {p: Participant(conversation=conversation, external_id=p) for p in voters}
        Participant.objects.bulk_create(participants.values())
        latest: dict[tuple[str, str], int] = {}
        for vote in sorted(polis.votes, key=lambda v: v.timestamp):
            latest[(vote.participant, vote.statement)] = vote.vote
        Vote.objects.bulk_create(
            Vote(participant=participants[p], statement=statements[s], value=value)
            for (p, s), value in latest.items()
        )
        _audit(
            CONVERSATION_IMPORT,
            actor=actor,
            conversation=conversation,
            after={
                "title": conversation.title,
                "phase": phase_slug,
                "statements": len(statements),
                "participants": len(participants),
                "votes": len(latest),
            },
        )
        if latest:
            transaction.on_commit(lambda: map_update_request(conversation_id=conversation.pk))
    return conversation


def _polis_statements(conversation: Conversation, *, with_authors: bool) -> list[PolisStatement]:
    return [
        PolisStatement(
            id=str(s.pk),
            text=s.text,
            author=str(s.author_id or "") if with_authors else "",
            created=int(s.created_at.timestamp() * 1000),
            moderated=s.moderation,
            is_meta=s.is_meta,
        )
        for s in conversation.statements.all()
    ]


def _polis_votes(conversation: Conversation) -> list[EngineVote]:
    return [
        EngineVote(str(participant), str(statement), value, int(updated.timestamp() * 1000))
        for participant, statement, value, updated in Vote.objects.filter(
            statement__conversation=conversation
        ).values_list("participant_id", "statement_id", "value", "updated_at")
    ]


def conversation_export_polis(*, actor, conversation: Conversation) -> bytes:
    """The conversation as a ZIP of comments.csv, votes.csv and participants-votes.csv: every
    participant's votes, so only for those who manage the conversation; audited."""
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    statements = _polis_statements(conversation, with_authors=True)
    votes = _polis_votes(conversation)
    snapshot = snapshot_of(conversation=conversation)
    groups = snapshot.result.get("participants", {}) if snapshot else {}
    with tempfile.TemporaryDirectory() as folder:
        write_conversation(Path(folder), statements=statements, votes=votes, groups=groups)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(Path(folder).iterdir()):
                zipped.write(path, path.name)
    with transaction.atomic():
        _audit(
            CONVERSATION_EXPORT,
            actor=actor,
            conversation=conversation,
            after={"statements": len(statements), "votes": len(votes)},
        )
    return buffer.getvalue()


def conversation_export_statements(*, actor, conversation: Conversation) -> bytes:
    """comments.csv alone, without who wrote what: the statements and their vote counts, for
    everyone who may see the conversation (the caller's selector decides that); audited."""
    statements = _polis_statements(conversation, with_authors=False)
    votes = _polis_votes(conversation)  # only counted per statement, never written
    with tempfile.TemporaryDirectory() as folder:
        write_conversation(Path(folder), statements=statements, votes=votes)
        data = (Path(folder) / COMMENTS).read_bytes()
    with transaction.atomic():
        _audit(
            STATEMENTS_EXPORT,
            actor=actor,
            conversation=conversation,
            after={"statements": len(statements)},
        )
    return data
