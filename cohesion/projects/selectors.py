"""Reads of the project inventory, each with its permission filter: None for what the user may
not see. The workshop's results are read through ``workshops.selectors`` and shown only from
five answers up (never a mean of fewer than five people)."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count
from django.utils.translation import get_language

from cohesion.core.translations import translation_pick
from cohesion.processes.models import Process
from cohesion.projects.models import (
    ACTIVE_STATUSES,
    Project,
    ProjectRating,
    Status,
    TargetGroup,
)
from cohesion.stakeholders.selectors import organisations_named
from cohesion.workshops.selectors import item_results, item_text, items_of, workshop_of_process
from cohesion.workshops.tally import MIN_GROUP_SIZE
from cohesion.workshops.template import FIELDS_OF_ACTION, PROJECT_CRITERIA


def _pk(value) -> int | None:
    if not str(value).isdigit() or int(value) >= 2**63:
        return None
    return int(value)


def inventory_process(*, user, pk) -> Process | None:
    """The process whose inventory the user sees, or None."""
    pk = _pk(pk)
    if pk is None:
        return None
    process = Process.objects.select_related("municipality", "programme").filter(pk=pk).first()
    if process is None or not user.has_perm("projects.view_inventory", process):
        return None
    return process


def project_visible(*, user, pk) -> Project | None:
    """A project of an inventory the user sees (whether they may change it is the view's
    question: a known project is a 403, not a 404)."""
    pk = _pk(pk)
    if pk is None:
        return None
    project = (
        Project.objects.select_related("process__municipality", "process__programme")
        .filter(pk=pk)
        .first()
    )
    if project is None or not user.has_perm("projects.view_inventory", project):
        return None
    return project


def description_shown(project: Project, language: str | None = None):
    return translation_pick(
        project.description,
        language=language or get_language() or project.source_language,
        original_language=project.source_language,
    )


@dataclass
class Inventory:
    process: Process
    can_edit: bool
    can_rate: bool
    projects: list[Project]
    status: str = ""

    @property
    def reach_total(self) -> int:
        return sum(project.reach or 0 for project in self.projects)


def inventory_of(*, user, process, status: str = "") -> Inventory | None:
    """The process's projects, each with the mean and count of its entered ratings: one query
    whatever their number."""
    if not user.has_perm("projects.view_inventory", process):
        return None
    projects = Project.objects.filter(process=process).annotate(
        rating_mean=Avg("ratings__score"), rating_count=Count("ratings")
    )
    status = status if status in Status.values else ""
    if status:
        projects = projects.filter(status=status)
    return Inventory(
        process=process,
        can_edit=user.has_perm("projects.change_inventory", process),
        can_rate=user.has_perm("projects.rate_project", process),
        projects=list(projects.order_by("name", "pk")),
        status=status,
    )


# --- evaluation ---


@dataclass
class CriterionRow:
    label: str
    entered_mean: float | None
    entered_count: int
    workshop_label: str = ""
    workshop_mean: float | None = None  # None: no answers, or fewer than five
    workshop_count: int = 0


@dataclass
class Evaluation:
    rows: list[CriterionRow]
    ratings: list[ProjectRating]
    workshop_answers: int | None  # None: no item linked
    workshop_shown: bool  # five answers or more
    workshop_item_title: str = ""
    workshop_item_state: str = ""
    minimum: int = MIN_GROUP_SIZE
    extra_workshop_rows: list[CriterionRow] = field(default_factory=list)


def project_evaluation(*, project: Project) -> Evaluation:
    """Per criterion of the method: the mean of the entered scores, and the workshop's mean
    where its rating item has five answers or more (per criterion, five scores or more)."""
    ratings = list(
        ProjectRating.objects.filter(project=project)
        .select_related("entered_by")
        .order_by("criterion", "-created_at", "pk")
    )
    rows = []
    for index, criterion in enumerate(PROJECT_CRITERIA):
        scores = [rating.score for rating in ratings if rating.criterion == index]
        rows.append(
            CriterionRow(
                label=str(criterion),
                entered_mean=round(sum(scores) / len(scores), 2) if scores else None,
                entered_count=len(scores),
            )
        )
    evaluation = Evaluation(rows=rows, ratings=ratings, workshop_answers=None, workshop_shown=False)
    item = project.rating_item
    if item is None:
        return evaluation
    workshop = workshop_of_process(process=project.process)
    if workshop is None or item.workshop_id != workshop.pk:
        return evaluation
    item.workshop = workshop
    results = item_results(item=item)
    text = item_text(item=item, language=get_language() or workshop.source_language)
    count = results["count"]
    evaluation.workshop_answers = results["answers"]
    evaluation.workshop_shown = results["answers"] >= MIN_GROUP_SIZE
    evaluation.workshop_item_title = text.title.text
    evaluation.workshop_item_state = item.get_state_display()
    means, counts = count.get("means", []), count.get("counts", [])
    for index, label in enumerate(text.criteria):
        n = counts[index] if index < len(counts) else 0
        mean = means[index] if index < len(means) and n >= MIN_GROUP_SIZE else None
        if not evaluation.workshop_shown:
            mean = None
        if index < len(rows):
            rows[index].workshop_label = label.text
            rows[index].workshop_mean, rows[index].workshop_count = mean, n
        else:
            evaluation.extra_workshop_rows.append(
                CriterionRow(
                    label=label.text,
                    entered_mean=None,
                    entered_count=0,
                    workshop_label=label.text,
                    workshop_mean=mean,
                    workshop_count=n,
                )
            )
    return evaluation


def rating_items_free(*, project: Project) -> list[tuple[int, str]]:
    """Day 1's rating items of the process's workshop that rate no project yet (or this one),
    as (id, title in the interface's language)."""
    workshop = workshop_of_process(process=project.process)
    if workshop is None:
        return []
    taken = set(
        Project.objects.filter(process=project.process, rating_item__isnull=False)
        .exclude(pk=project.pk)
        .values_list("rating_item_id", flat=True)
    )
    language = get_language() or workshop.source_language
    return [
        (item.pk, item_text(item=item, language=language).title.text)
        for item in items_of(workshop=workshop)
        if item.kind == "rating"
        and item.day.phase_slug == "workshop-day-1"
        and item.pk not in taken
    ]


def workshop_exists(*, process) -> bool:
    return workshop_of_process(process=process) is not None


def provider_choices(*, process) -> list[tuple[int, str]]:
    return organisations_named(process=process)


# --- the gap view ---


@dataclass
class GapCell:
    target_group: str
    projects: int
    reach: int  # the known reach of those projects
    reach_unknown: int  # projects without a reach

    @property
    def empty(self) -> bool:
        return self.projects == 0


@dataclass
class GapRow:
    label: str
    custom: bool
    cells: list[GapCell]

    labels: dict = field(default_factory=dict)  # target group value -> label

    @property
    def empty(self) -> bool:
        return all(cell.empty for cell in self.cells)

    @property
    def empty_labels(self) -> list[str]:
        return [self.labels.get(cell.target_group, "") for cell in self.cells if cell.empty]


@dataclass
class GapTable:
    process: Process
    columns: list[tuple[str, str]]  # (value, label)
    rows: list[GapRow]
    counted: int  # the planned and running projects

    @property
    def empty_cells(self) -> int:
        return sum(cell.empty for row in self.rows for cell in row.cells)


def gap_table(*, user, process) -> GapTable | None:
    """Fields of action × target groups: how many planned and running projects serve each
    cell and the people they reach. The standard fields of action come first, then the
    municipality's own, so an empty standard field still shows as a gap. One query."""
    if not user.has_perm("projects.view_inventory", process):
        return None
    columns = [(value, str(label)) for value, label in TargetGroup.choices]
    projects = list(
        Project.objects.filter(process=process, status__in=ACTIVE_STATUSES).values_list(
            "standard_field", "custom_field", "target_groups", "reach"
        )
    )
    keys: list[tuple[str, object, bool]] = [
        (str(label), index, False) for index, label in enumerate(FIELDS_OF_ACTION)
    ]
    customs = sorted(
        {custom.strip() for standard, custom, _groups, _reach in projects if standard is None},
        key=str.casefold,
    )
    keys += [(custom, custom, True) for custom in customs]
    tallies: dict = {}
    for standard, custom, groups, reach in projects:
        key = standard if standard is not None else custom.strip()
        for group in groups or []:
            cell = tallies.setdefault((key, group), [0, 0, 0])
            cell[0] += 1
            if reach is None:
                cell[2] += 1
            else:
                cell[1] += reach
    rows = [
        GapRow(
            label=label,
            custom=custom,
            labels=dict(columns),
            cells=[
                GapCell(value, *tallies.get((key, value), [0, 0, 0])) for value, _label in columns
            ],
        )
        for label, key, custom in keys
    ]
    return GapTable(process=process, columns=columns, rows=rows, counted=len(projects))


# --- export ---


def export_table(*, process) -> tuple[list[str], list[list]]:
    """The inventory as one table, in the interface's language: one row per project with the
    mean of its entered scores per criterion. One query for the projects, one for the scores."""
    from django.utils.translation import gettext as _

    projects = list(Project.objects.filter(process=process).order_by("name", "pk"))
    means: dict[tuple[int, int], float] = {
        (project_id, criterion): mean
        for project_id, criterion, mean in ProjectRating.objects.filter(project__process=process)
        .values_list("project_id", "criterion")
        .annotate(mean=Avg("score"))
        .values_list("project_id", "criterion", "mean")
    }
    header = [
        _("Name"),
        _("Provider"),
        _("Field of action"),
        _("Target groups"),
        _("People reached per year"),
        _("Funding source"),
        _("Funding per year (EUR)"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Description"),
        *[_("Rating: %(criterion)s") % {"criterion": c} for c in PROJECT_CRITERIA],
    ]
    rows = [
        [
            project.name,
            project.provider,
            project.field_of_action,
            ", ".join(project.target_group_labels),
            project.reach,
            project.funding_source,
            project.funding_amount,
            project.starts_on,
            project.ends_on,
            project.get_status_display(),
            description_shown(project).text,
            *[
                round(means[(project.pk, index)], 2) if (project.pk, index) in means else None
                for index in range(len(PROJECT_CRITERIA))
            ],
        ]
        for project in projects
    ]
    return header, rows
