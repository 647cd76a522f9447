"""Reader for the Gemeindeverzeichnis GV100AD of Destatis (fixed-width text, one record a line).

Pure module, no Django: it turns the file into registry entries for the Länder, districts and
municipalities. Record layout after the official Datensatzbeschreibung: Satzart in columns 1–2,
Gebietsstand 3–10, AGS 11–18, Gemeindeverband 19–22, name 23–72, Textkennzeichen 123–124,
area in hectares 129–139, population 140–150, male population 151–161.
"""

import datetime
import gzip
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

RECORD_STATE = "10"
RECORD_DISTRICT = "40"
RECORD_MUNICIPALITY = "60"

TYPE_LABELS = {
    "41": "Kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
    "60": "Markt",
    "61": "Kreisfreie Stadt",
    "62": "Stadtkreis",
    "63": "Stadt",
    "64": "Kreisangehörige Gemeinde",
    "65": "Gemeindefreies Gebiet, bewohnt",
    "66": "Gemeindefreies Gebiet, unbewohnt",
    "67": "Große Kreisstadt",
}


class GV100ADError(ValueError):
    """The file is not a readable GV100AD file; the message says where and why."""


@dataclass(frozen=True)
class RegistryEntry:
    ags: str
    ars: str
    kind: str  # "state", "district" or "municipality"
    name: str
    type_label: str
    land: str
    district: str
    population: int | None
    population_male: int | None
    area_km2: Decimal | None
    territorial_status: datetime.date
    population_reference_date: datetime.date | None


def population_reference_date(territorial_status: datetime.date) -> datetime.date:
    """Editions as of 31 December carry that day's population; the editions during the year
    carry the population of the previous 31 December (see the Hinweise shipped with each file)."""
    if (territorial_status.month, territorial_status.day) == (12, 31):
        return territorial_status
    return datetime.date(territorial_status.year - 1, 12, 31)


def _int(field: str) -> int | None:
    field = field.strip()
    return int(field) if field.isdigit() else None


def _decode(raw: bytes) -> str:
    # UTF-8 since the 2021 editions, ISO-8859-1 before.
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def read_lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    yield from _decode(raw).splitlines()


def parse(lines: Iterable[str]) -> list[RegistryEntry]:
    """Parse the records of Länder (10), districts (40) and municipalities (60).

    District and Land populations and areas are the sums over their municipalities, because the
    file gives them only at municipality level.
    """
    states: dict[str, tuple[str, datetime.date]] = {}
    districts: dict[str, tuple[str, str, datetime.date]] = {}
    municipalities: list[RegistryEntry] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = line[:2]
        if not record.isdigit() or len(line) < 72:
            raise GV100ADError(f"line {number}: not a GV100AD record")
        try:
            status = datetime.datetime.strptime(line[2:10], "%Y%m%d").date()
        except ValueError as error:
            raise GV100ADError(f"line {number}: invalid Gebietsstand {line[2:10]!r}") from error
        key = line[10:18].strip()
        name = line[22:72].strip()
        if record == RECORD_STATE:
            states[key[:2]] = (name, status)
        elif record == RECORD_DISTRICT:
            districts[key[:5]] = (name, line[122:124].strip(), status)
        elif record == RECORD_MUNICIPALITY:
            if len(key) != 8 or not key.isdigit():
                raise GV100ADError(f"line {number}: invalid AGS {key!r}")
            area_ha = _int(line[128:139])
            municipalities.append(
                RegistryEntry(
                    ags=key,
                    ars=key[:5] + line[18:22] + key[5:],
                    kind="municipality",
                    name=name,
                    type_label=TYPE_LABELS.get(line[122:124].strip(), ""),
                    land="",
                    district="",
                    population=_int(line[139:150]),
                    population_male=_int(line[150:161]),
                    area_km2=None if area_ha is None else Decimal(area_ha) / 100,
                    territorial_status=status,
                    population_reference_date=population_reference_date(status),
                )
            )
    if not municipalities:
        raise GV100ADError("the file holds no municipality records (Satzart 60)")
    return _with_aggregates(states, districts, municipalities)


def _with_aggregates(states, districts, municipalities) -> list[RegistryEntry]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # population, male, area in ha
    for entry in municipalities:
        for key in (entry.ags[:5], entry.ags[:2]):
            totals = sums[key]
            totals[0] += entry.population or 0
            totals[1] += entry.population_male or 0
            totals[2] += int((entry.area_km2 or 0) * 100)
    entries: list[RegistryEntry] = []
    for key, (name, status) in states.items():
        entries.append(_aggregate(key, "state", name, "", name, "", status, sums[key]))
    for key, (name, code, status) in districts.items():
        land = states.get(key[:2], ("", None))[0]
        entries.append(
            _aggregate(
                key, "district", name, TYPE_LABELS.get(code, ""), land, name, status, sums[key]
            )
        )
    for entry in municipalities:
        entries.append(
            replace(
                entry,
                land=states.get(entry.ags[:2], ("", None))[0],
                district=districts.get(entry.ags[:5], ("", "", None))[0],
            )
        )
    return entries


def _aggregate(key, kind, name, type_label, land, district, status, totals) -> RegistryEntry:
    return RegistryEntry(
        ags=key,
        ars=key,
        kind=kind,
        name=name,
        type_label=type_label,
        land=land,
        district=district,
        population=totals[0],
        population_male=totals[1],
        area_km2=Decimal(totals[2]) / 100,
        territorial_status=status,
        population_reference_date=population_reference_date(status),
    )
