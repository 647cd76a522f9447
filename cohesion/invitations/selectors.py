"""Reads of invitations and quotas. ``room_people`` and ``quota_rows`` are the seams the mixed
tables and the fair lottery read the room and the quota table through."""

import re
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Q
from django.utils import translation

from cohesion.indicators.catalogue import ORIGIN_GROUPS
from cohesion.invitations import representation
from cohesion.invitations.models import (
    DistanceRecord,
    Invitation,
    Quota,
    QuotaAttribute,
    RoomPlan,
)
from cohesion.invitations.origins import origin_counted
from cohesion.invitations.representation import ORGANISATION_ORIGIN
from cohesion.processes.models import Process
from cohesion.stakeholders import selectors as stakeholder_selectors

DEFAULT_ROOM_SIZE = 40


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


# --- the organisers' reads ---


# Origin groups are stored as the statistics name them (German, e.g. "Gastarbeiterländer"); a
# map may write the slug or the English name instead. Each spelling counts as the one group.
@cache
def _origin_spellings() -> dict[str, str]:
    with translation.override("en"):
        return {
            spelling.casefold(): name
            for slug, name, label in ORIGIN_GROUPS
            for spelling in (slug, slug.replace("_", "-"), name, str(label))
        }


def origin_normalised(origin: str) -> str:
    origin = (origin or "").strip()
    return _origin_spellings().get(origin.casefold(), origin)


def origin_label(origin: str) -> str:
    """An origin group in the reader's language where the statistics know it."""
    name = origin_normalised(origin)
    for _slug, known, label in ORIGIN_GROUPS:
        if known == name:
            return str(label)
    return origin


def process_preparing(*, user, pk) -> Process | None:
    """The process if the user prepares its room (quotas, invitations, gap view), else None."""
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("invitations.prepare_room", process):
        return None
    return process


def process_checking_in(*, user, pk) -> Process | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("invitations.check_in", process):
        return None
    return process


def room_size_of(*, process) -> int:
    plan = RoomPlan.objects.filter(process=process).first()
    return plan.room_size if plan is not None else DEFAULT_ROOM_SIZE


def quotas_of(*, process) -> list[Quota]:
    return list(Quota.objects.filter(process=process).order_by("attribute", "-maximum", "value"))


def quota_of(*, process, pk) -> Quota | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    return Quota.objects.filter(process=process, pk=pk).first()


def invitations_of(*, process) -> list[Invitation]:
    return list(
        Invitation.objects.filter(process=process)
        .select_related("stakeholder", "stakeholder__organisation")
        .order_by("stakeholder__name", "pk")
    )


def invitation_of(*, process, pk) -> Invitation | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    return (
        Invitation.objects.filter(process=process, pk=pk)
        .select_related("stakeholder", "process")
        .first()
    )


def invitation_by_key(*, key: str) -> Invitation | None:
    """The invitation a link's key names, revoked ones included (they get their own page)."""
    if not key or len(key) > 64:
        return None
    return (
        Invitation.objects.filter(key=key)
        .select_related("stakeholder", "stakeholder__organisation", "process__municipality")
        .first()
    )


def invited_ids(*, process) -> list[int]:
    """The people this process has invited, withdrawn invitations included: nobody is
    invited twice."""
    return list(Invitation.objects.filter(process=process).values_list("stakeholder_id", flat=True))


def stakeholders_invitable(*, process) -> list:
    """The map's people who may be invited and are not yet: consent to be contacted, and an
    e-mail or a postal address."""
    return stakeholder_selectors.people_invitable(
        process=process, excluding_ids=invited_ids(process=process)
    )


def stakeholders_not_invitable_count(*, process) -> int:
    return stakeholder_selectors.people_not_invitable_count(
        process=process, excluding_ids=invited_ids(process=process)
    )


def check_in_list(*, process, query: str = "") -> list[Invitation]:
    """Who may be checked in (not withdrawn, not declined), found by name; at most 100."""
    invitations = (
        Invitation.objects.filter(process=process, revoked_at__isnull=True)
        .exclude(answer=Invitation.Answer.DECLINED, attended_at__isnull=True)
        .select_related("stakeholder")
        .order_by("stakeholder__name", "pk")
    )
    query = query.strip()[:100]
    if query:
        invitations = invitations.filter(stakeholder__name__icontains=query)
    return list(invitations[:100])


def attendance_by_target_group(*, process) -> dict[str, int]:
    """The people checked in, by target group (the live workshop's stakeholder groups)."""
    rows = (
        Invitation.objects.filter(
            process=process, revoked_at__isnull=True, attended_at__isnull=False
        )
        .values_list("stakeholder__target_group")
        .annotate(count=Count("pk"))
    )
    return {group: count for group, count in rows if group}


# --- the gap view ---

STATUSES = ("invited", "confirmed", "attended")


_BAND = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)|\+|\s*(?:and over|und älter))?\s*$")


def _band_range(band: str) -> tuple[int, int] | None:
    match = _BAND.match(band or "")
    if match is None:
        return None
    low = int(match.group(1))
    open_ended = 200 if not band.strip().isdigit() else low  # "65+", "65 and over"
    high = int(match.group(2)) if match.group(2) else open_ended
    return (low, high) if low <= high else None


def age_band_counted(band: str, quota_bands: list[str]) -> str:
    """The quota's age band a person's band falls into ("30-44" counts for "18-64"), else the
    band as written."""
    band = (band or "").strip().replace("–", "-")
    if band in quota_bands:
        return band
    own = _band_range(band)
    if own is not None:
        for value in quota_bands:
            wide = _band_range(value)
            if wide is not None and wide[0] <= own[0] and own[1] <= wide[1]:
                return value
    return band


def _person(stakeholder, *, origins: list[str], bands: list[str]) -> dict[str, str]:
    """What the quotas count of a person, as the pure module reads it: a country counts for
    the table's origin group that contains it, an age band for the table's band around it."""
    organisation = stakeholder.organisation
    history = stakeholder.immigration_history
    person = {
        "target_group": stakeholder.target_group,
        "origin": origin_counted(origin_normalised(stakeholder.origin), origins),
        "immigration_history": "" if history is None else ("yes" if history else "no"),
        "gender": stakeholder.gender,
        "age_band": age_band_counted(stakeholder.age_band, bands),
        "department": stakeholder.department.strip(),
        "organisation_kind": organisation.kind if organisation else "",
    }
    if organisation is not None and organisation.kind == "immigrant_organisation":
        person[ORGANISATION_ORIGIN] = origin_counted(
            origin_normalised(organisation.origin or stakeholder.origin), origins
        )
    return person


def largest_origins(quotas: list[Quota]) -> list[str]:
    """The origin groups of the quota table, largest first (a larger group has a larger
    maximum; prefill writes them so)."""
    rows = [quota for quota in quotas if quota.attribute == QuotaAttribute.ORIGIN]
    rows.sort(key=lambda quota: (-quota.maximum, -quota.minimum, quota.value))
    return [quota.value for quota in rows]


def room_checks(*, process) -> dict[str, representation.Check]:
    """The quota table's findings for the invited, the confirmed and the attended people: two
    queries, whatever the number of people."""
    quotas = quotas_of(process=process)
    targets = [representation.Target(q.attribute, q.value, q.minimum, q.maximum) for q in quotas]
    invitations = list(
        Invitation.objects.filter(process=process, revoked_at__isnull=True).select_related(
            "stakeholder", "stakeholder__organisation"
        )
    )
    origins = largest_origins(quotas)
    bands = [q.value for q in quotas if q.attribute == QuotaAttribute.AGE_BAND]
    counted = {i.pk: _person(i.stakeholder, origins=origins, bands=bands) for i in invitations}
    people = {
        "invited": [counted[i.pk] for i in invitations],
        "confirmed": [
            counted[i.pk]
            for i in invitations
            if i.answer == Invitation.Answer.CONFIRMED or i.attended_at is not None
        ],
        "attended": [counted[i.pk] for i in invitations if i.attended_at is not None],
    }
    room_size = room_size_of(process=process)
    return {
        status: representation.check(
            targets=targets, people=people[status], room_size=room_size, largest_origins=origins
        )
        for status in STATUSES
    }


def distance_history(*, process) -> dict[str, tuple[float | None, float | None]]:
    """Per status, the overall distance before and after the latest change that moved it."""
    history = {}
    for status in STATUSES:
        records = list(
            DistanceRecord.objects.filter(process=process, status=status).order_by("-pk")[:2]
        )
        after = records[0].distance if records else None
        before = records[1].distance if len(records) > 1 else None
        history[status] = (before, after)
    return history
