"""Reads of invitations and quotas. ``room_people`` and ``quota_rows`` are the seams the mixed
tables and the fair lottery read the room and the quota table through."""

from dataclasses import dataclass

from django.db.models import Q

from cohesion.invitations.models import Invitation, Quota


@dataclass(frozen=True)
class RoomPerson:
    """A person in the room as the seating reads them (ids are strings, as in its CSV)."""

    id: str
    name: str
    target_group: str
    department: str
    origin: str
    language: str
    keep_with: str


def room_people(*, process, attended_only: bool = False) -> list[RoomPerson]:
    """The people expected in the room: those who confirmed or came (only those who came, on
    the day), with what the seating spreads them by. A person kept with someone who is not in
    the room sits where the seating puts them."""
    invitations = Invitation.objects.filter(process=process, revoked_at__isnull=True)
    if attended_only:
        invitations = invitations.filter(attended_at__isnull=False)
    else:
        invitations = invitations.filter(
            Q(answer=Invitation.Answer.CONFIRMED) | Q(attended_at__isnull=False)
        )
    rows = list(
        invitations.select_related("stakeholder").order_by("stakeholder__name", "stakeholder_id")
    )
    present = {invitation.stakeholder_id for invitation in rows}
    people = []
    for invitation in rows:
        person = invitation.stakeholder
        keep_with = person.keep_with_id if person.keep_with_id in present else None
        people.append(
            RoomPerson(
                id=str(person.pk),
                name=person.name,
                target_group=person.target_group,
                department=person.department,
                origin=person.origin,
                language=invitation.language,
                keep_with=str(keep_with) if keep_with else "",
            )
        )
    return people


@dataclass(frozen=True)
class QuotaRow:
    attribute: str
    value: str
    minimum: int
    maximum: int


def quota_rows(*, process) -> list[QuotaRow]:
    return [
        QuotaRow(q.attribute, q.value, q.minimum, q.maximum)
        for q in Quota.objects.filter(process=process).order_by("attribute", "value")
    ]
