"""Seating the workshop's people: a plan made (the engine seats them) or deleted, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import user_or_none
from cohesion.seating.engine import Person, SeatingError, seat
from cohesion.seating.models import SeatingPlan
from cohesion.seating.people import HEADER, MAX_PEOPLE, seating_error_message

PLAN_CREATE = audit_action("seating.plan_create", gettext_lazy("Seating plan made"))
PLAN_DELETE = audit_action("seating.plan_delete", gettext_lazy("Seating plan deleted"))
PLAN_EXPORT = audit_action("seating.plan_export", gettext_lazy("Seating plan exported"))

MAX_TABLES = 500
MAX_ROUNDS = 10


def _check(actor, process) -> None:
    if not actor.has_perm("seating.change_seating", process):
        raise PermissionDenied


def seating_plan_create(
    *,
    process,
    tables: int,
    rounds: int,
    seed: int,
    people: list,
    actor,
    source: str = SeatingPlan.Source.EXPECTED,
) -> SeatingPlan:
    """Seat ``people`` (dicts with the CSV's columns and optionally a name, or the
    invitations' RoomPerson) and keep the plan. ValidationError, nothing stored, for input no
    seating satisfies."""
    _check(actor, process)
    if source not in SeatingPlan.Source.values:
        raise ValidationError(_("Unknown source of people."), code="source")
    if not people:
        raise ValidationError(_("There is no one to seat."), code="empty")
    if len(people) > MAX_PEOPLE:
        raise ValidationError(
            _("At most %(limit)s people can be seated.") % {"limit": MAX_PEOPLE}, code="too_many"
        )
    if not 1 <= tables <= MAX_TABLES or not 1 <= rounds <= MAX_ROUNDS:
        raise ValidationError(
            _("Between 1 and %(tables)s tables and 1 and %(rounds)s rounds.")
            % {"tables": MAX_TABLES, "rounds": MAX_ROUNDS},
            code="range",
        )
    snapshot = [
        {column: str(_field(person, column) or "") for column in (*HEADER, "name")}
        for person in people
    ]
    persons = [Person(**{column: p[column] for column in HEADER}) for p in snapshot]
    try:
        seating = seat(persons, tables=tables, rounds=rounds, seed=seed)
    except SeatingError as error:
        raise ValidationError(seating_error_message(error), code=error.code) from error
    with transaction.atomic():
        plan = SeatingPlan.objects.create(
            process=process,
            tables=tables,
            rounds=rounds,
            seed=seed,
            source=source,
            people=snapshot,
            result=seating.as_dict(),
            repeated_encounters=seating.repeated_encounters,
            spread_violations=len(seating.spread_violations),
            created_by=user_or_none(actor),
        )
        audit_record(
            action=PLAN_CREATE,
            actor=actor,
            process=process,
            target=plan,
            after={
                "people": len(snapshot),
                "tables": tables,
                "rounds": rounds,
                "seed": seed,
                "source": source,
                "repeated_encounters": seating.repeated_encounters,
                "spread_violations": len(seating.spread_violations),
            },
        )
    return plan


def _field(person, column: str):
    return person.get(column) if isinstance(person, dict) else getattr(person, column, "")


def seating_plan_delete(*, plan: SeatingPlan, actor) -> None:
    """The plan and its snapshot of people go (a person's data can be erased)."""
    _check(actor, plan.process)
    with transaction.atomic():
        audit_record(
            action=PLAN_DELETE,
            actor=actor,
            process=plan.process,
            target=plan,
            before={"tables": plan.tables, "rounds": plan.rounds, "people": len(plan.people)},
        )
        plan.delete()


def seating_plan_export_audit(*, plan: SeatingPlan, actor, what: str) -> None:
    """A download of the plan (it names people): recorded."""
    _check(actor, plan.process)
    audit_record(
        action=PLAN_EXPORT, actor=actor, process=plan.process, target=plan, after={"what": what}
    )
