"""Reads of the seating plans, each with its permission filter: None for what the user may not
see (views answer 404)."""

from dataclasses import dataclass

from cohesion.invitations.selectors import room_people
from cohesion.processes.models import Process
from cohesion.seating.models import SeatingPlan


def process_for_seating(*, user, pk: int) -> Process | None:
    """The process if the user seats its workshop's people, else None."""
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("seating.change_seating", process):
        return None
    return process


def people_in_the_room(*, process, attended_only: bool) -> list[dict]:
    """The people the seating reads from the invitations, as the plan stores them."""
    return [
        {
            "id": person.id,
            "name": person.name,
            "target_group": person.target_group,
            "department": person.department,
            "origin": person.origin,
            "language": person.language,
            "keep_with": person.keep_with,
        }
        for person in room_people(process=process, attended_only=attended_only)
    ]


def plans_of(*, process, limit: int = 20) -> list[SeatingPlan]:
    return list(
        SeatingPlan.objects.filter(process=process)
        .select_related("created_by")
        .defer("people", "result")[:limit]
    )


def plan_of(*, process, pk: int) -> SeatingPlan | None:
    plan = SeatingPlan.objects.filter(process=process, pk=pk).first()
    if plan is not None:
        plan.process = process
    return plan


@dataclass(frozen=True)
class Seat:
    id: str
    name: str
    target_group: str
    department: str
    origin: str
    language: str
    kept_with: bool


@dataclass(frozen=True)
class PlanTable:
    number: int
    seats: list[Seat]


def plan_rounds(plan: SeatingPlan) -> list[list[PlanTable]]:
    """The plan per round and table, with what each person was seated by (names as stored;
    an uploaded file's people go by their ids)."""
    people = {person["id"]: person for person in plan.people}
    kept = {p["id"] for p in plan.people if p.get("keep_with")} | {
        p["keep_with"] for p in plan.people if p.get("keep_with")
    }
    rounds = []
    for tables in plan.result.get("rounds", []):
        rounds.append(
            [
                PlanTable(
                    number=table["table"],
                    seats=[
                        Seat(
                            id=person_id,
                            name=people.get(person_id, {}).get("name") or person_id,
                            target_group=people.get(person_id, {}).get("target_group", ""),
                            department=people.get(person_id, {}).get("department", ""),
                            origin=people.get(person_id, {}).get("origin", ""),
                            language=people.get(person_id, {}).get("language", ""),
                            kept_with=person_id in kept,
                        )
                        for person_id in table["people"]
                    ],
                )
                for table in tables
            ]
        )
    return rounds
