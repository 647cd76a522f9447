from pathlib import Path

from django.db import transaction

from cohesion.municipalities import gv100ad
from cohesion.municipalities.models import Municipality

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_GV100AD = DATA_DIR / "GV100AD_30112025.txt.gz"

_REGISTRY_FIELDS = [
    "ars",
    "kind",
    "name",
    "type_label",
    "land",
    "district",
    "population",
    "population_reference_date",
    "area_km2",
    "territorial_status",
    "source",
]


def gv100ad_attribution(entry: gv100ad.RegistryEntry) -> str:
    return (
        "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, "
        f"{entry.territorial_status:%d.%m.%Y}, dl-de/by-2-0"
    )


def registry_load_gv100ad(*, path: Path = SHIPPED_GV100AD) -> int:
    """Create or update the registry from a GV100AD file in one transaction; returns the count.

    Raises gv100ad.GV100ADError before touching the database when the file cannot be read.
    """
    entries = gv100ad.parse(gv100ad.read_lines(path))
    rows = [
        Municipality(
            ags=entry.ags,
            ars=entry.ars,
            kind=entry.kind,
            name=entry.name,
            type_label=entry.type_label,
            land=entry.land,
            district=entry.district,
            population=entry.population,
            population_reference_date=entry.population_reference_date,
            area_km2=entry.area_km2,
            territorial_status=entry.territorial_status,
            source=gv100ad_attribution(entry),
        )
        for entry in entries
    ]
    with transaction.atomic():
        Municipality.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["ags"],
            update_fields=_REGISTRY_FIELDS,
        )
    return len(rows)
