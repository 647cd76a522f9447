"""Reads of the official statistics. Other apps (indicators, peers, the municipality page) read
observations, series and imports only through here."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cohesion.accounts.selectors import user_managed_programme_ids
from cohesion.statistics.models import (
    ImportRun,
    Observation,
    ObservationRevision,
    Series,
    StatisticsImport,
)
from cohesion.statistics.services import staged_file

DIFFERENCES_PER_PAGE = 50


def statistics_imports() -> QuerySet[StatisticsImport]:
    """The applied and undone imports (pending and refused ones are the programme managers')."""
    return (
        StatisticsImport.objects.filter(
            state__in=[StatisticsImport.State.APPLIED, StatisticsImport.State.UNDONE]
        )
        .select_related("imported_by")
        .order_by("-imported_at", "-pk")
    )


def statistics_import_get(*, pk: int) -> StatisticsImport | None:
    """An import that is or was applied: public, as the figures it brought."""
    return statistics_imports().select_related("decided_by").filter(pk=pk).first()


def pending_imports_for(*, user) -> list[StatisticsImport]:
    """The imports waiting for a decision by this programme manager."""
    programmes = user_managed_programme_ids(user=user)
    if not programmes:
        return []
    return list(
        StatisticsImport.objects.filter(
            state=StatisticsImport.State.PENDING,
            municipality__processes__programme_id__in=programmes,
        )
        .select_related("imported_by", "municipality")
        .distinct()
        .order_by("imported_at", "pk")
    )


def pending_import_get(*, user, pk: int) -> StatisticsImport | None:
    """A pending import this person may decide, or None."""
    record = (
        StatisticsImport.objects.filter(pk=pk, state=StatisticsImport.State.PENDING)
        .select_related("imported_by", "municipality")
        .first()
    )
    if record is None or not user.has_perm("statistics.decide_import", record):
        return None
    return record


def import_revisions(*, statistics_import: StatisticsImport, limit: int = 200):
    """The values this import replaced (old → new), the first ``limit``."""
    return list(
        ObservationRevision.objects.filter(statistics_import=statistics_import)
        .select_related("series", "previous_import")
        .order_by("region_key", "period", "series__variable", "series__dimensions_key")[:limit]
    )


def pending_import_differences(*, statistics_import: StatisticsImport, page: int = 1):
    """What approving a pending import would change now: counts and one page of changed values
    (old → new). The file is read and compared with the current values in a transaction that
    is rolled back, so nothing is written."""
    page = max(page, 1)
    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            with staged_file(statistics_import=statistics_import) as stage:
                if stage is None:
                    return None
                return Differences(
                    new_count=stage.new_count(),
                    changed_count=stage.changed_count(),
                    changes=stage.changes(
                        offset=(page - 1) * DIFFERENCES_PER_PAGE, limit=DIFFERENCES_PER_PAGE
                    ),
                    page=page,
                )
        finally:
            transaction.savepoint_rollback(savepoint)


@dataclass
class Differences:
    new_count: int
    changed_count: int
    changes: list[dict]
    page: int

    @property
    def has_next(self) -> bool:
        return self.page * DIFFERENCES_PER_PAGE < self.changed_count

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass
class ImportedFigures:
    """The observations of one region that came from one file, with that file's provenance."""

    statistics_import: StatisticsImport
    observations: list[Observation] = field(default_factory=list)


def figures_of_region(*, municipality, per_table: int = 40) -> list[ImportedFigures]:
    """A region's observations grouped by the file they came from, the newest period first. A
    value that replaced another carries ``previous_value``/``previous_status`` (a revision)."""
    revision = ObservationRevision.objects.filter(
        statistics_import=OuterRef("statistics_import"),
        series=OuterRef("series"),
        region_key=OuterRef("region_key"),
        period=OuterRef("period"),
    )
    observations = (
        Observation.objects.filter(municipality=municipality)
        .select_related("series", "statistics_import")
        .annotate(
            previous_value=Subquery(revision.values("previous_value")[:1]),
            previous_status=Subquery(revision.values("previous_status")[:1]),
        )
        .order_by(
            "statistics_import__table_code",
            "-period",
            "series__variable",
            "series__dimensions_key",
        )
    )
    groups: dict[int, ImportedFigures] = {}
    for observation in observations:
        group = groups.setdefault(
            observation.statistics_import_id, ImportedFigures(observation.statistics_import)
        )
        if len(group.observations) < per_table:
            group.observations.append(observation)
    return list(groups.values())


# --- for the indicators and the peers ------------------------------------------------------------


def series_rows() -> list[tuple]:
    """Every series as (id, table code, variable, unit, dimensions)."""
    return list(Series.objects.values_list("pk", "table_code", "variable", "unit", "dimensions"))


def observation_rows(*, series_ids, municipality_ids):
    """(series id, region id, period, value, status, import id) of these series and regions."""
    return Observation.objects.filter(
        series_id__in=list(series_ids), municipality_id__in=list(municipality_ids)
    ).values_list(
        "series_id", "municipality_id", "period", "value", "status", "statistics_import_id"
    )


def import_provenances(*, ids) -> dict[int, str]:
    return {record.pk: record.provenance for record in StatisticsImport.objects.filter(pk__in=ids)}


def statistics_version() -> tuple:
    """Changes whenever the current values may have: a new import, an approval, an undo."""
    versions = StatisticsImport.objects.aggregate(
        last=Max("pk"), decided=Max("decided_at", filter=~Q(state="pending"))
    )
    return (versions["last"], versions["decided"])


# --- imports running in the background ------------------------------------------------------------

RUNS_SHOWN_HOURS = 24  # a failed run stays on the list this long, so its reason is seen


def import_run_get(*, user, pk: int) -> ImportRun | None:
    """A run this person started (nobody else sees another's file name or failure)."""
    if not user.is_authenticated:
        return None
    return ImportRun.objects.filter(pk=pk, requested_by=user).select_related("result").first()


def import_runs_open(*, user) -> list[ImportRun]:
    """This person's runs still going, and those that failed lately."""
    if not user.is_authenticated:
        return []
    since = timezone.now() - timedelta(hours=RUNS_SHOWN_HOURS)
    return list(
        ImportRun.objects.filter(requested_by=user)
        .filter(
            Q(state__in=[ImportRun.State.QUEUED, ImportRun.State.READING, ImportRun.State.WRITING])
            | Q(state=ImportRun.State.FAILED, finished_at__gte=since)
        )
        .order_by("-requested_at", "-pk")[:20]
    )
