"""What the workshop plugs into the participation module: its join codes and its participants'
contributions (what they gave when joining and their answers), to see, download, erase and to
purge after the retention period."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.participation.codes import CodeKind, CodeTarget, code_kind_register
from cohesion.participation.registry import ContributionSource, contribution_source_register
from cohesion.workshops.models import Answer, Card, CardUpvote, Workshop, WorkshopParticipant


def workshop_target(code: str) -> CodeTarget | None:
    workshop = (
        Workshop.objects.filter(code=code)
        .only("code", "title", "is_open", "source_language")
        .first()
    )
    if workshop is None:
        return None
    return CodeTarget(
        url=reverse("participate:workshop", args=[workshop.code]),
        is_open=workshop.is_open,
        title=str(workshop),
    )


def contributions_collect(device_hash: str) -> list[dict]:
    participants = list(
        WorkshopParticipant.objects.filter(device_hash=device_hash).select_related("workshop")
    )
    answers: dict[int, list[dict]] = {}
    for answer in (
        Answer.objects.filter(participant__in=participants)
        .select_related("item", "item__workshop")
        .order_by("item_id")
    ):
        answers.setdefault(answer.participant_id, []).append(
            {
                "item": str(answer.item),
                "answer": answer.value,
                "answered_at": answer.updated_at.isoformat(),
            }
        )
    cards, upvotes = _cards_collect(participants)
    return [
        {
            "workshop": str(participant.workshop),
            "code": participant.workshop.code,
            "joined_at": participant.created_at.isoformat(),
            "language": participant.language,
            "nickname": participant.nickname,
            "group": participant.get_group_display() if participant.group else "",
            "attributes": participant.attributes,
            "answers": answers.get(participant.pk, []),
            "cards": cards.get(participant.pk, []),
            "upvotes": upvotes.get(participant.pk, []),
        }
        for participant in participants
    ]


def contributions_erase(device_hash: str) -> int:
    """The participant, with their answers, their cards (their own text: erased with them, and
    with the cards the upvotes others gave them) and their upvotes."""
    deleted, _counts = WorkshopParticipant.objects.filter(device_hash=device_hash).delete()
    return deleted


# --- cards ---


def _cards_collect(participants) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    cards: dict[int, list[dict]] = {}
    for card in Card.objects.filter(participant__in=participants).select_related("item__workshop"):
        cards.setdefault(card.participant_id, []).append(
            {
                "item": str(card.item),
                "text": card.text,
                "language": card.language,
                "moderation": card.get_moderation_display(),
                "written_at": card.created_at.isoformat(),
            }
        )
    upvotes: dict[int, list[dict]] = {}
    for upvote in CardUpvote.objects.filter(participant__in=participants).select_related(
        "card__item__workshop"
    ):
        upvotes.setdefault(upvote.participant_id, []).append(
            {
                "item": str(upvote.card.item),
                "question": upvote.card.text,
                "upvoted_at": upvote.created_at.isoformat(),
            }
        )
    return cards, upvotes


def participants_purge(cutoff: datetime) -> int:
    """The participants (and their answers) of workshops closed before the cutoff."""
    Workshop.objects.filter(is_open=False, closed_at__isnull=True).update(closed_at=timezone.now())
    expired = WorkshopParticipant.objects.filter(
        workshop__is_open=False, workshop__closed_at__lt=cutoff
    )
    return expired.delete()[1].get("workshops.WorkshopParticipant", 0)


code_kind_register(
    CodeKind(name="workshops.workshop", label=_("Live workshop"), resolve=workshop_target)
)
contribution_source_register(
    ContributionSource(
        name="workshops",
        label=_("Workshops"),
        collect=contributions_collect,
        erase=contributions_erase,
        purge=participants_purge,
    )
)
