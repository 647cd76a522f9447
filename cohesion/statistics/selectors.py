from dataclasses import dataclass, field

from django.db.models import QuerySet

from cohesion.statistics.models import Observation, StatisticsImport


def statistics_imports() -> QuerySet[StatisticsImport]:
    return StatisticsImport.objects.select_related("imported_by").order_by("-imported_at", "-pk")


@dataclass
class ImportedFigures:
    """The observations of one region that came from one file, with that file's provenance."""

    statistics_import: StatisticsImport
    observations: list[Observation] = field(default_factory=list)


def figures_of_region(*, municipality, per_table: int = 40) -> list[ImportedFigures]:
    """A region's observations grouped by the file they came from, the newest period first."""
    observations = (
        Observation.objects.filter(municipality=municipality)
        .select_related("series", "statistics_import")
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
