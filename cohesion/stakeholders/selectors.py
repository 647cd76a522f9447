"""Reads of the stakeholder map, each with its permission filter: None for what the user may not
see. People (names, roles, contact data) are shown only to the map's editors; others see the
organisations, their relations and how many people each target group holds (from 5 on)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from cohesion.processes.models import Process
from cohesion.stakeholders import layout, reading
from cohesion.stakeholders.models import (
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    Stakeholder,
    StakeholderUpload,
    TargetGroup,
)

QUADRANT_LABELS = {
    "manage_closely": gettext_lazy("Manage closely"),
    "keep_satisfied": gettext_lazy("Keep satisfied"),
    "keep_informed": gettext_lazy("Keep informed"),
    "monitor": gettext_lazy("Monitor"),
}

# The smallest group whose size is shown: smaller groups could name the people in them.
MIN_GROUP = 5


def map_process(*, user, pk: int) -> Process | None:
    """The process whose map the user sees, or None."""
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("stakeholders.view_map", process):
        return None
    return process


def map_process_for_editor(*, user, pk: int) -> Process | None:
    process = map_process(user=user, pk=pk)
    if process is None or not user.has_perm("stakeholders.change_map", process):
        return None
    return process


@dataclass
class GroupCount:
    value: str
    label: str
    count: int | None  # None: fewer than MIN_GROUP, not shown


@dataclass
class StakeholderMap:
    process: Process
    can_edit: bool
    organisations: list[Organisation]
    people: list[Stakeholder]  # empty unless the user edits the map
    relations: list[OrganisationRelation]
    group_counts: list[GroupCount]
    people_total: int | None  # None when a group is held back
    target_group: str = ""
    kind: str = ""
    numbers: dict[int, int] = field(default_factory=dict)  # organisation pk → its number

    @property
    def invitable_count(self) -> int:
        return sum(person.invitable for person in self.people)


def group_legend() -> list[dict]:
    return [
        {"label": label, "colour": layout.GROUP_COLOURS[value], "value": value}
        for value, label in TargetGroup.choices
    ]


def _group_counts(process) -> tuple[list[GroupCount], int | None]:
    """People per target group, each from MIN_GROUP on; the total only when no group is held
    back (with the total, a single held-back group could be worked out)."""
    counts = Counter(
        dict(
            Stakeholder.objects.filter(process=process)
            .values_list("target_group")
            .annotate(n=Count("pk"))
            .values_list("target_group", "n")
        )
    )
    rows = [
        GroupCount(
            value=value,
            label=label,
            # Nobody is nobody: only groups of one to four people are held back.
            count=counts[value] if counts[value] >= MIN_GROUP or not counts[value] else None,
        )
        for value, label in TargetGroup.choices
    ]
    held_back = any(row.count is None for row in rows)
    return rows, None if held_back else sum(counts.values())


def stakeholder_map(
    *, user, process, target_group: str = "", kind: str = ""
) -> StakeholderMap | None:
    """The map of a process as the user may see it, filtered by target group and kind of
    organisation (people by their organisation's kind)."""
    if not user.has_perm("stakeholders.view_map", process):
        return None
    can_edit = user.has_perm("stakeholders.change_map", process)
    target_group = target_group if target_group in TargetGroup.values else ""
    kind = kind if kind in OrganisationKind.values else ""
    organisations = Organisation.objects.filter(process=process).annotate(
        people_count=Count("people")
    )
    if target_group:
        organisations = organisations.filter(target_group=target_group)
    if kind:
        organisations = organisations.filter(kind=kind)
    organisations = list(organisations.order_by("kind", "name", "pk"))
    people: list[Stakeholder] = []
    if can_edit:
        people_query = Stakeholder.objects.filter(process=process).select_related(
            "organisation", "keep_with"
        )
        if target_group:
            people_query = people_query.filter(target_group=target_group)
        if kind:
            people_query = people_query.filter(organisation__kind=kind)
        people = list(people_query)
    shown = {organisation.pk for organisation in organisations}
    relations = [
        relation
        for relation in OrganisationRelation.objects.filter(source__process=process)
        .select_related("source", "target")
        .order_by("source__name", "kind", "target__name")
        if relation.source_id in shown and relation.target_id in shown
    ]
    group_counts, total = _group_counts(process)
    return StakeholderMap(
        process=process,
        can_edit=can_edit,
        organisations=organisations,
        people=people,
        relations=relations,
        group_counts=group_counts,
        people_total=total,
        target_group=target_group,
        kind=kind,
        numbers={organisation.pk: n for n, organisation in enumerate(organisations, start=1)},
    )


@dataclass
class GridMark:
    number: str
    name: str
    is_person: bool
    target_group: str
    target_group_label: str
    influence: int
    interest: int
    x: float
    y: float
    radius: float = layout.MARK_RADIUS

    @property
    def colour(self) -> str:
        return layout.GROUP_COLOURS[self.target_group]

    # A person is a square of the circle's size.
    @property
    def box_x(self) -> float:
        return self.x - self.radius

    @property
    def box_y(self) -> float:
        return self.y - self.radius

    @property
    def box_size(self) -> float:
        return 2 * self.radius


@dataclass
class Grid:
    marks: list[GridMark]
    quadrants: list[dict]  # key, label, marks
    radius: float


def power_interest_grid(stakeholder_map: StakeholderMap) -> Grid:
    """The Mendelow grid: organisations, and people for those who edit the map."""
    items: list[tuple[str, object, bool]] = [
        (str(stakeholder_map.numbers[organisation.pk]), organisation, False)
        for organisation in stakeholder_map.organisations
    ]
    # People are numbered on from the organisations (squares, not circles, in the drawing).
    first = len(stakeholder_map.organisations) + 1
    items += [
        (str(n), person, True) for n, person in enumerate(stakeholder_map.people, start=first)
    ]
    positions = layout.grid_positions(
        [(number, obj.influence, obj.interest) for number, obj, _person in items]
    )
    marks = [
        GridMark(
            number=number,
            name=obj.name,
            is_person=is_person,
            target_group=obj.target_group,
            target_group_label=obj.get_target_group_display(),
            influence=obj.influence,
            interest=obj.interest,
            x=positions[number][0],
            y=positions[number][1],
        )
        for number, obj, is_person in items
    ]
    quadrants = [
        {
            **quadrant,
            **layout.quadrant_frame(quadrant),
            "label": QUADRANT_LABELS[quadrant["key"]],
            "marks": [
                mark
                for mark in marks
                if layout.quadrant_of(mark.influence, mark.interest) == quadrant["key"]
            ],
        }
        for quadrant in layout.QUADRANTS
    ]
    fullest = max(Counter((m.influence, m.interest) for m in marks).values(), default=1)
    radius = layout.grid_mark_radius(fullest)
    for mark in marks:
        mark.radius = radius
    return Grid(marks=marks, quadrants=quadrants, radius=radius)


@dataclass
class NetworkNode:
    number: int
    organisation: Organisation
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    rotation: float
    outgoing: list = field(default_factory=list)
    incoming: list = field(default_factory=list)

    @property
    def colour(self) -> str:
        return layout.GROUP_COLOURS[self.organisation.target_group]


@dataclass
class Network:
    nodes: list[NetworkNode]
    edges: list[dict]
    kinds: list[dict]  # label and where to write it


def organisation_network(stakeholder_map: StakeholderMap) -> Network:
    organisations = stakeholder_map.organisations
    placed = layout.circle_by_kind([(o.pk, o.kind) for o in organisations])
    nodes = {
        organisation.pk: NetworkNode(
            number=stakeholder_map.numbers[organisation.pk],
            organisation=organisation,
            **placed.positions[organisation.pk],
        )
        for organisation in organisations
    }
    edges = []
    for relation in stakeholder_map.relations:
        source, target = nodes[relation.source_id], nodes[relation.target_id]
        x1, y1, x2, y2 = layout.shortened(source.x, source.y, target.x, target.y)
        source.outgoing.append(relation)
        target.incoming.append(relation)
        edges.append(
            {"relation": relation, "x1": x1, "y1": y1, "x2": x2, "y2": y2, "kind": relation.kind}
        )
    labels = dict(OrganisationKind.choices)
    kinds = [{"label": labels[kind], **position} for kind, position in placed.kind_labels.items()]
    return Network(nodes=list(nodes.values()), edges=edges, kinds=kinds)


def organisation_visible(*, user, pk: int) -> Organisation | None:
    """An organisation of a map the user sees (whether they may change it is the view's
    question: a known organisation is a 403, not a 404)."""
    organisation = (
        Organisation.objects.select_related("process__municipality", "process__programme")
        .filter(pk=pk)
        .first()
    )
    if organisation is None or not user.has_perm("stakeholders.view_map", organisation):
        return None
    return organisation


def stakeholder_for_editor(*, user, pk: int) -> Stakeholder | None:
    stakeholder = (
        Stakeholder.objects.select_related(
            "process__municipality", "process__programme", "organisation", "keep_with"
        )
        .filter(pk=pk)
        .first()
    )
    if stakeholder is None or not user.has_perm("stakeholders.change_map", stakeholder):
        return None
    return stakeholder


def relation_visible(*, user, pk: int) -> OrganisationRelation | None:
    relation = (
        OrganisationRelation.objects.select_related("source__process", "target")
        .filter(pk=pk)
        .first()
    )
    if relation is None or not user.has_perm("stakeholders.view_map", relation):
        return None
    return relation


def upload_for_editor(*, user, process, token: str) -> StakeholderUpload | None:
    """An upload of this user for this process, or None: nobody previews another's file."""
    if not user.has_perm("stakeholders.change_map", process):
        return None
    return StakeholderUpload.objects.filter(
        token=token, process=process, uploaded_by_id=user.pk
    ).first()


def stakeholder_export_data(*, stakeholder: Stakeholder) -> dict:
    """Everything the map holds about one person, for them to see or take with them."""
    organisation = stakeholder.organisation
    keep_with = stakeholder.keep_with
    return {
        "name": stakeholder.name,
        "organisation": organisation.name if organisation else "",
        "role": stakeholder.role,
        "target_group": stakeholder.target_group,
        "department": stakeholder.department,
        "origin": stakeholder.origin,
        "immigration_history": stakeholder.immigration_history,
        "gender": stakeholder.gender,
        "age_band": stakeholder.age_band,
        "languages": list(stakeholder.languages),
        "email": stakeholder.email,
        "phone": stakeholder.phone,
        "postal_address": stakeholder.postal_address,
        "influence": stakeholder.influence,
        "interest": stakeholder.interest,
        "consent_to_contact": stakeholder.consent_to_contact,
        "consent_given_on": (
            stakeholder.consent_given_on.isoformat() if stakeholder.consent_given_on else None
        ),
        "consent_purpose": stakeholder.consent_purpose,
        "sits_with": keep_with.name if keep_with else "",
        "notes": stakeholder.notes,
        "process": str(stakeholder.process),
        "created_at": stakeholder.created_at.isoformat(),
        "updated_at": stakeholder.updated_at.isoformat(),
    }


def _organisation_record(organisation: Organisation) -> dict:
    return {
        "kind": organisation.kind,
        "name": organisation.name,
        "target_group": organisation.target_group,
        "department": organisation.department,
        "origin": organisation.origin,
        "email": organisation.email,
        "influence": organisation.influence,
        "interest": organisation.interest,
    }


def _person_record(person: Stakeholder) -> dict:
    return {
        "kind": reading.PERSON,
        "name": person.name,
        "organisation": person.organisation.name if person.organisation else "",
        "role": person.role,
        "target_group": person.target_group,
        "department": person.department,
        "origin": person.origin,
        "gender": person.gender,
        "age_band": person.age_band,
        "languages": list(person.languages),
        "email": person.email,
        "phone": person.phone,
        "postal_address": person.postal_address,
        "influence": person.influence,
        "interest": person.interest,
        "consent": person.consent_to_contact,
        "consent_date": person.consent_given_on,
        "consent_purpose": person.consent_purpose,
    }


def export_records(*, process, with_people: bool) -> list[dict]:
    """The map as rows in the import's layout: organisations, then people."""
    records = [
        _organisation_record(organisation)
        for organisation in Organisation.objects.filter(process=process).order_by("name", "pk")
    ]
    if with_people:
        records += [
            _person_record(person)
            for person in Stakeholder.objects.filter(process=process)
            .select_related("organisation")
            .order_by("name", "pk")
        ]
    return records


def known_for_import(*, process) -> tuple[list[reading.Known], list[reading.Known]]:
    """The map's organisations and people as the import compares rows with them."""
    organisations = [
        reading.Known(pk=organisation.pk, name=organisation.name, values=record)
        for organisation in Organisation.objects.filter(process=process)
        for record in [_organisation_record(organisation)]
    ]
    people = [
        reading.Known(
            pk=person.pk,
            name=person.name,
            values=record,
            email=person.email,
            organisation=person.organisation.name if person.organisation else "",
        )
        for person in Stakeholder.objects.filter(process=process).select_related("organisation")
        for record in [_person_record(person)]
    ]
    return organisations, people


# --- what other apps read of the map (the invitations) ---


def people_invitable(*, process, excluding_ids=()) -> list[Stakeholder]:
    """The map's people who may be invited: consent to be contacted, and an e-mail or a postal
    address. ``excluding_ids`` leaves out people the caller already has (those invited)."""
    return list(
        Stakeholder.objects.filter(process=process, consent_to_contact=True)
        .exclude(email="", postal_address="")
        .exclude(pk__in=list(excluding_ids))
        .select_related("organisation")
        .order_by("name", "pk")
    )


def people_not_invitable_count(*, process, excluding_ids=()) -> int:
    """How many of the map's people may not be invited: no consent, or no address at all."""
    return (
        Stakeholder.objects.filter(process=process)
        .exclude(pk__in=list(excluding_ids))
        .filter(Q(consent_to_contact=False) | Q(email="", postal_address=""))
        .count()
    )


def people_by_ids(*, process, ids) -> QuerySet[Stakeholder]:
    """The map's people among ``ids``, as a queryset: a form's choice of people validates the
    submitted ones against it."""
    return (
        Stakeholder.objects.filter(process=process, pk__in=list(ids))
        .select_related("organisation")
        .order_by("name", "pk")
    )


def departments_named(*, process) -> list[str]:
    """The administration's departments the map names: its departments' organisations, and
    people of the administration who belong to no other kind of organisation."""
    names = set(
        Organisation.objects.filter(process=process, kind=OrganisationKind.ADMINISTRATION)
        .exclude(department="")
        .values_list("department", flat=True)
    )
    names |= set(
        Stakeholder.objects.filter(process=process, target_group=TargetGroup.ADMINISTRATION)
        .filter(
            Q(organisation__isnull=True) | Q(organisation__kind=OrganisationKind.ADMINISTRATION)
        )
        .exclude(department="")
        .values_list("department", flat=True)
    )
    return sorted({name.strip() for name in names if name.strip()})


def organisations_named(*, process) -> list[tuple[int, str]]:
    """The map's organisations as (id, name), by name: what another app offers to choose from
    (the project inventory's providers)."""
    return list(
        Organisation.objects.filter(process=process)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
