"""State changes of the opinion map: conversations, statements, participants, votes, the map."""

import io
import tempfile
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.core.realtime import broadcast_on_commit, event_build
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
from cohesion.opinions.polis import Statement as PolisStatement
from cohesion.opinions.polis import read_conversation, write_conversation
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


def _check_may_manage(actor, process, phase_slug: str) -> None:
    phase = PHASES_BY_SLUG.get(phase_slug)
    if phase is None:
        raise ValidationError(_("There is no such phase."), code="unknown_phase")
    if not actor.has_perm("processes.change_phase", ProcessPhase(process, phase)):
        raise PermissionDenied


def conversation_create(
    *, actor, process, phase_slug: str, title: str, description: str = ""
) -> Conversation:
    _check_may_manage(actor, process, phase_slug)
    title = title.strip()
    if not title:
        raise ValidationError(_("A conversation needs a title."), code="no_title")
    return Conversation.objects.create(
        process=process,
        phase_slug=phase_slug,
        title=title[:200],
        description=description.strip(),
        created_by=actor,
    )


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not MIN_STATEMENT_LENGTH <= len(text) <= MAX_STATEMENT_LENGTH:
        raise ValidationError(
            _("A statement has between %(min)s and %(max)s characters.")
            % {"min": MIN_STATEMENT_LENGTH, "max": MAX_STATEMENT_LENGTH},
            code="length",
        )
    return text


def statement_seed(
    *, actor, conversation: Conversation, text: str, language: str = ""
) -> Statement:
    """A statement the moderator writes: shown at once."""
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    return Statement.objects.create(
        conversation=conversation,
        text=_clean_text(text),
        language=language,
        is_seed=True,
        moderation=Statement.Moderation.ACCEPTED,
    )


def statement_submit(*, participant: Participant, text: str, language: str = "") -> Statement:
    """A participant's statement: shown once a moderator accepts it."""
    if not participant.conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")
    return Statement.objects.create(
        conversation=participant.conversation,
        text=_clean_text(text),
        language=language,
        author=participant,
    )


def statement_moderate(*, actor, statement: Statement, moderation: int) -> Statement:
    conversation = statement.conversation
    _check_may_manage(actor, conversation.process, conversation.phase_slug)
    if moderation not in Statement.Moderation.values:
        raise ValidationError(_("That is not a moderation decision."), code="moderation")
    with transaction.atomic():
        statement.moderation = moderation
        statement.save(update_fields=["moderation"])
        if statement.votes.exists():  # its votes enter or leave the map
            transaction.on_commit(lambda: map_update_request(conversation_id=conversation.pk))
    return statement


def participant_join(*, conversation: Conversation) -> Participant:
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")
    return Participant.objects.create(conversation=conversation)


def participant_join_acting(
    *, conversation: Conversation, act: Callable[[Participant], object]
) -> Participant:
    """A newcomer joins with their first vote or statement (`act`), in one transaction: an act
    that is refused leaves no participant behind, and only looking creates nobody."""
    with transaction.atomic():
        participant = participant_join(conversation=conversation)
        act(participant)
    return participant


def vote_cast(*, participant: Participant, statement: Statement, value: int) -> Vote:
    """One vote per person and statement; a second vote replaces the first."""
    if value not in Vote.Choice.values:
        raise ValidationError(_("A vote is agree, disagree or pass."), code="value")
    if statement.conversation_id != participant.conversation_id:
        raise ValidationError(_("This statement belongs to another conversation."), code="other")
    if statement.moderation != Statement.Moderation.ACCEPTED:
        raise ValidationError(_("This statement cannot be voted on."), code="not_accepted")
    if not participant.conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")
    with transaction.atomic():
        vote, _created = Vote.objects.update_or_create(
            participant=participant, statement=statement, defaults={"value": value}
        )
        transaction.on_commit(
            lambda: map_update_request(conversation_id=participant.conversation_id)
        )
    return vote


# A request older than this is taken as lost (a worker killed before it started the task).
MAP_UPDATE_REQUEST_LOST_AFTER = timedelta(minutes=10)


def map_update_request(*, conversation_id: int) -> bool:
    """Ask for the map to be recomputed in the background; False when a recompute is already
    queued that has not read the votes yet, since that one will count the new votes too.

    The queue waits OPINION_MAP_DEBOUNCE_SECONDS before it runs the task, so a burst of votes
    (a workshop room voting at once) costs one recompute, not one per vote.
    """
    from cohesion.opinions.tasks import opinion_map_update  # the task calls back into here

    now = timezone.now()
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


def conversation_import_polis(
    *, actor, process, phase_slug: str, title: str, archive: bytes
) -> Conversation:
    """A conversation from a ZIP of the Pol.is open-data files, all or nothing."""
    _check_may_manage(actor, process, phase_slug)
    with tempfile.TemporaryDirectory() as folder:
        try:
            with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
                for name in ("comments.csv", "participants-votes.csv", "votes.csv"):
                    matches = [n for n in zipped.namelist() if Path(n).name == name]
                    if matches:
                        (Path(folder) / name).write_bytes(zipped.read(matches[0]))
        except zipfile.BadZipFile as error:
            raise ValidationError(_("The file is not a ZIP archive."), code="zip") from error
        polis = read_conversation(Path(folder))  # PolisFormatError names file, line, column
    with transaction.atomic():
        conversation = conversation_create(
            actor=actor, process=process, phase_slug=phase_slug, title=title
        )
        statements = {
            s.id: Statement(
                conversation=conversation,
                text=s.text,
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
        if latest:
            transaction.on_commit(lambda: map_update_request(conversation_id=conversation.pk))
    return conversation


def conversation_export_polis(*, conversation: Conversation) -> bytes:
    """The conversation as a ZIP of comments.csv, votes.csv and participants-votes.csv."""
    statements = [
        PolisStatement(
            id=str(s.pk),
            text=s.text,
            author=str(s.author_id or ""),
            created=int(s.created_at.timestamp() * 1000),
            moderated=s.moderation,
            is_meta=s.is_meta,
        )
        for s in conversation.statements.all()
    ]
    votes = [
        EngineVote(str(participant), str(statement), value, int(updated.timestamp() * 1000))
        for participant, statement, value, updated in Vote.objects.filter(
            statement__conversation=conversation
        ).values_list("participant_id", "statement_id", "value", "updated_at")
    ]
    snapshot = snapshot_of(conversation=conversation)
    groups = snapshot.result.get("participants", {}) if snapshot else {}
    with tempfile.TemporaryDirectory() as folder:
        write_conversation(Path(folder), statements=statements, votes=votes, groups=groups)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(Path(folder).iterdir()):
                zipped.write(path, path.name)
    return buffer.getvalue()
