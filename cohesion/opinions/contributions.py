"""What the opinion map plugs into the participation module: its join codes (a conversation's
code leads to its voting page) and its participants' contributions (a device's statements and
votes, to see, download, erase, and to purge after the retention period)."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.opinions.models import Conversation, Participant, Statement, Vote
from cohesion.participation.codes import CodeKind, CodeTarget, code_kind_register
from cohesion.participation.registry import ContributionSource, contribution_source_register


def conversation_target(code: str) -> CodeTarget | None:
    conversation = Conversation.objects.filter(code=code).only("code", "title", "is_open").first()
    if conversation is None:
        return None
    return CodeTarget(
        url=reverse("participate:vote", args=[conversation.code]),
        is_open=conversation.is_open,
        title=conversation.title,
    )


def contributions_collect(device_hash: str) -> list[dict]:
    """Per conversation the device took part in: its statements in their original words with
    the moderation's decision, and its votes with the statements voted on."""
    participants = (
        Participant.objects.filter(device_hash=device_hash)
        .select_related("conversation")
        .order_by("pk")
    )
    statements: dict[int, list[dict]] = {}
    for statement in Statement.objects.filter(author__in=participants).order_by("pk"):
        statements.setdefault(statement.author_id, []).append(
            {
                "text": statement.text,
                "language": statement.language,
                "moderation": str(statement.get_moderation_display()),
                "sent_at": statement.created_at.isoformat(),
            }
        )
    votes: dict[int, list[dict]] = {}
    for vote in (
        Vote.objects.filter(participant__in=participants)
        .select_related("statement")
        .order_by("statement_id")
    ):
        votes.setdefault(vote.participant_id, []).append(
            {
                "statement": vote.statement.text,
                "vote": str(vote.get_value_display()),
                "value": vote.value,
                "voted_at": vote.updated_at.isoformat(),
            }
        )
    return [
        {
            "conversation": participant.conversation.title,
            "code": participant.conversation.code,
            "joined_at": participant.created_at.isoformat(),
            "statements": statements.get(participant.pk, []),
            "votes": votes.get(participant.pk, []),
        }
        for participant in participants
    ]


def contributions_erase(device_hash: str) -> int:
    """The device's participants, their votes, and their statements: the text is theirs, so it
    goes, and with it the votes others cast on it. The maps are drawn again without them."""
    participants = Participant.objects.filter(device_hash=device_hash)
    conversation_ids = set(participants.values_list("conversation_id", flat=True))
    if not conversation_ids:
        return 0
    statements = Statement.objects.filter(author__in=participants).delete()[0]
    count = statements + participants.delete()[0]
    _maps_redraw(conversation_ids)
    return count


def _maps_redraw(conversation_ids) -> None:
    from cohesion.opinions.services import map_update_request  # services import the models

    for conversation_id in sorted(conversation_ids):
        transaction.on_commit(
            lambda conversation_id=conversation_id: map_update_request(
                conversation_id=conversation_id
            )
        )


def participants_purge(cutoff: datetime) -> int:
    """The participants (and their votes) of conversations closed before the cutoff. Their
    statements stay, without author: they are the conversation's content; the stored map stays
    as it was when the conversation closed."""
    # Closing sets closed_at (conversation_open_set); a conversation closed without a date
    # starts its retention period now rather than never, and one opened again loses its date,
    # so that closing it later never counts from the first closing.
    Conversation.objects.filter(is_open=False, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    Conversation.objects.filter(is_open=True, closed_at__isnull=False).update(closed_at=None)
    expired = Participant.objects.filter(
        conversation__is_open=False, conversation__closed_at__lt=cutoff
    )
    return expired.delete()[1].get("opinions.Participant", 0)


code_kind_register(
    CodeKind(name="opinions.conversation", label=_("Opinion map"), resolve=conversation_target)
)
contribution_source_register(
    ContributionSource(
        name="opinions",
        label=_("Opinion maps"),
        collect=contributions_collect,
        erase=contributions_erase,
        template="opinions/participate/contributions.html",
        purge=participants_purge,
    )
)
