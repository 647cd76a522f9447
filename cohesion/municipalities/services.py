from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cohesion.municipalities import gv100ad
from cohesion.municipalities.models import Municipality, PopulationRecord, fold_for_search

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_GV100AD = DATA_DIR / "GV100AD_30112025.txt.gz"
# Every shipped edition, oldest first: together they give the population history of the demo.
SHIPPED_GV100AD_EDITIONS = [
    DATA_DIR / "GV100AD_31122021.txt.gz",
    DATA_DIR / "GV100AD_31122022.txt.gz",
    SHIPPED_GV100AD,
]

_REGISTRY_FIELDS = [
    "ars",
    "kind",
    "name",
    "search_name",
    "type_label",
    "land",
    "district",
    "population",
    "population_reference_date",
    "area_km2",
    "territorial_status",
    "source",
]
_POPULATION_FIELDS = ["population", "population_male", "area_km2", "territorial_status", "source"]


@dataclass(frozen=True)
class RegistryImport:
    territorial_status: object
    population_reference_date: object
    entries: int
    created: int
    updated: int
    kept_newer: int  # entries already known from a newer edition: only their population is added


def gv100ad_attribution(entry: gv100ad.RegistryEntry) -> str:
    return (
        "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, "
        f"{entry.territorial_status:%d.%m.%Y}, dl-de/by-2-0"
    )


def registry_import_gv100ad(*, path: Path = SHIPPED_GV100AD) -> RegistryImport:
    """Create or refresh the registry from one GV100AD edition, in one transaction.

    The registry keeps the newest edition's names and figures; an older edition only adds its
    population to the history (and the units it still lists). Raises gv100ad.GV100ADError
    before touching the database when the file cannot be read.
    """
    entries = gv100ad.parse(gv100ad.read_lines(path))
    with transaction.atomic():
        known = dict(Municipality.objects.values_list("ags", "territorial_status"))
        current = [
            entry
            for entry in entries
            if entry.ags not in known or known[entry.ags] <= entry.territorial_status
        ]
        Municipality.objects.bulk_create(
            [_municipality(entry) for entry in current],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["ags"],
            update_fields=_REGISTRY_FIELDS,
        )
        ids = dict(Municipality.objects.values_list("ags", "pk"))
        PopulationRecord.objects.bulk_create(
            [
                PopulationRecord(
                    municipality_id=ids[entry.ags],
                    reference_date=entry.population_reference_date,
                    population=entry.population,
                    population_male=entry.population_male,
                    area_km2=entry.area_km2,
                    territorial_status=entry.territorial_status,
                    source=gv100ad_attribution(entry),
                )
                for entry in entries
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["municipality", "reference_date"],
            update_fields=_POPULATION_FIELDS,
        )
    created = sum(1 for entry in current if entry.ags not in known)
    return RegistryImport(
        territorial_status=entries[0].territorial_status,
        population_reference_date=entries[0].population_reference_date,
        entries=len(entries),
        created=created,
        updated=len(current) - created,
        kept_newer=len(entries) - len(current),
    )


def _municipality(entry: gv100ad.RegistryEntry) -> Municipality:
    return Municipality(
        ags=entry.ags,
        ars=entry.ars,
        kind=entry.kind,
        name=entry.name,
        search_name=fold_for_search(entry.name),
        type_label=entry.type_label,
        land=entry.land,
        district=entry.district,
        population=entry.population,
        population_reference_date=entry.population_reference_date,
        area_km2=entry.area_km2,
        territorial_status=entry.territorial_status,
        source=gv100ad_attribution(entry),
    )
