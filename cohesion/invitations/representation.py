"""How far a room's mix is from its quota table: a pure module (no Django), read by the gap view.

The input is the quota table (attribute, value, minimum, maximum), the planned room size and the
people counted (each a mapping attribute → value; the Django layer counts invited, confirmed and
attended people separately). The output is structured findings; the words are the Django
layer's, in the reader's language.

**Per attribute**, the dissimilarity index D = ½·Σ|pᵢ − qᵢ| (Duncan and Duncan) over the
attribute's quota values, "anybody else" and "seats not yet filled":

- the target qᵢ of a value is the middle of its range, (minimum + maximum) / 2, over the room
  size; "anybody else" gets the seats the table leaves over, and empty seats a target of 0;
- the room pᵢ is each value's count over max(room size, people counted); people with none of
  the values count as "anybody else"; seats not yet filled as such.

So D is in [0, 1], 0 exactly when the room holds the targets, and while the room is not full,
inviting anybody never raises it (a filled seat leaves the "not yet filled" share). Once the room
is full it compares shares, and one more person of a value short of its share by at least one
person never raises it either (a person who overshoots a share may). Comparing shares only
(without the empty seats) would jump about with the first few invitations, which is when the
organiser looks most.

**Overall**, the mean of the attributes' indices: every attribute the organiser asked for weighs
the same, however many values it has (gender has three values, origin may have ten), and the
mean stays in [0, 1]. The total shortfall (people missing to reach the minimums) is reported
beside it as the number to act on.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

BELOW, WITHIN, ABOVE = "below", "within", "above"

# What a person who has no organisation of an origin group carries for this key.
ORGANISATION_ORIGIN = "organisation_origin"


@dataclass(frozen=True)
class Target:
    attribute: str
    value: str
    minimum: int
    maximum: int

    @property
    def middle(self) -> float:
        return (self.minimum + self.maximum) / 2


@dataclass(frozen=True)
class RowFinding:
    attribute: str
    value: str
    minimum: int
    maximum: int
    count: int
    gap: str  # BELOW, WITHIN or ABOVE

    @property
    def shortfall(self) -> int:
        return max(0, self.minimum - self.count)

    @property
    def excess(self) -> int:
        return max(0, self.count - self.maximum)


@dataclass(frozen=True)
class OrganisationMissing:
    """No one of an immigrant organisation of this (large) origin group is counted."""

    origin: str
    rank: int  # 1 for the largest origin group


@dataclass
class Check:
    rows: list[RowFinding]
    dissimilarity: dict[str, float]  # per attribute
    distance: float | None  # the mean of the attributes' indices; None without any quota
    shortfall: int  # people missing to reach the minimums, all rows together
    people: int
    organisations_missing: list[OrganisationMissing] = field(default_factory=list)

    @property
    def below(self) -> list[RowFinding]:
        return [row for row in self.rows if row.gap == BELOW]

    @property
    def above(self) -> list[RowFinding]:
        return [row for row in self.rows if row.gap == ABOVE]


def dissimilarity(
    counts: Mapping[str, int], targets: Mapping[str, float], *, room_size: int
) -> float:
    """½·Σ|pᵢ − qᵢ| of one attribute, as the module's docstring defines it. ``counts`` may hold
    values without a target (they count as anybody else); ``targets`` are numbers of seats."""
    if room_size < 0 or any(count < 0 for count in counts.values()):
        raise ValueError("counts and the room size are never negative")
    if any(target < 0 for target in targets.values()):
        raise ValueError("targets are never negative")
    seats = max(room_size, sum(targets.values()))
    if seats == 0:
        return 0.0 if not any(counts.values()) else 1.0
    people = sum(counts.values())
    denominator = max(seats, people)
    counted_elsewhere = sum(count for value, count in counts.items() if value not in targets)
    leftover_target = seats - sum(targets.values())
    total = sum(abs(counts.get(value, 0) / denominator - t / seats) for value, t in targets.items())
    total += abs(counted_elsewhere / denominator - leftover_target / seats)
    total += (denominator - people) / denominator  # empty seats, whose target is 0
    # Rounding may leave a hair outside [0, 1].
    return min(1.0, max(0.0, total / 2))


def gap_of(count: int, minimum: int, maximum: int) -> str:
    if count < minimum:
        return BELOW
    if count > maximum:
        return ABOVE
    return WITHIN


def check(
    *,
    targets: Sequence[Target],
    people: Iterable[Mapping[str, str]],
    room_size: int,
    largest_origins: Sequence[str] = (),
) -> Check:
    """The findings for one set of people (e.g. those who confirmed)."""
    people = list(people)
    by_attribute: dict[str, Counter] = defaultdict(Counter)
    organisation_origins: Counter = Counter()
    for person in people:
        for attribute, value in person.items():
            if attribute == ORGANISATION_ORIGIN:
                if value:
                    organisation_origins[value] += 1
            else:
                by_attribute[attribute][value or ""] += 1
    rows = []
    targets_of: dict[str, dict[str, float]] = defaultdict(dict)
    for target in targets:
        if target.minimum < 0 or target.maximum < target.minimum:
            raise ValueError(f"impossible quota {target}")
        count = by_attribute[target.attribute][target.value]
        rows.append(
            RowFinding(
                attribute=target.attribute,
                value=target.value,
                minimum=target.minimum,
                maximum=target.maximum,
                count=count,
                gap=gap_of(count, target.minimum, target.maximum),
            )
        )
        targets_of[target.attribute][target.value] = target.middle
    indices = {
        attribute: dissimilarity(
            # People without the attribute at all count as anybody else.
            by_attribute[attribute]
            + Counter({"": len(people) - sum(by_attribute[attribute].values())}),
            attribute_targets,
            room_size=room_size,
        )
        for attribute, attribute_targets in targets_of.items()
    }
    missing = [
        OrganisationMissing(origin=origin, rank=rank)
        for rank, origin in enumerate(largest_origins, start=1)
        if origin and not organisation_origins[origin]
    ]
    return Check(
        rows=rows,
        dissimilarity=indices,
        distance=sum(indices.values()) / len(indices) if indices else None,
        shortfall=sum(row.shortfall for row in rows),
        people=len(people),
        organisations_missing=missing,
    )
