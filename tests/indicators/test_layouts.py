"""Indicators from tables the demo does not ship, in the two layouts the portals deliver.

The numbers in these files are made up for the test; the layouts follow GENESIS-Online
(table 12411-0017, categories named in the title) and the Regionaldatenbank (12411-02-03-4,
whose title names no categories, so the reader calls them "Merkmal 1").
"""

import pytest

from cohesion.core.actors import SYSTEM
from cohesion.indicators.catalogue import AGE_65_AND_OVER, AGE_UNDER_18
from cohesion.indicators.selectors import profile_of
from cohesion.municipalities.models import Municipality
from cohesion.statistics.services import statistics_import

OTHER_GROUPS = [
    f"{low} bis unter {high} Jahre"
    for low, high in [(18, 20), (20, 25), (25, 30), (30, 35), (35, 40), (40, 45)]
    + [(45, 50), (50, 55), (55, 60), (60, 65)]
]
GROUPS = ["Insgesamt", *AGE_UNDER_18, *OTHER_GROUPS, *AGE_65_AND_OVER]
POPULATION = 477_988  # the Rhein-Erft-Kreis in the registry, 31.12.2024


def _count(group: str) -> int:
    return POPULATION if group == "Insgesamt" else 1000 * (GROUPS.index(group) + 10)


def genesis_online() -> bytes:
    lines = [
        "Tabelle: 12411-0017",
        "Bevölkerung: Kreise, Stichtag, Geschlecht,;;;;;;",
        "Altersgruppen;;;;;;",
        "Fortschreibung des Bevölkerungsstandes;;;;;;;;;",
        "Bevölkerungsstand (Anzahl);;;;;;;;;",
        ";;;;männlich;männlich;weiblich;weiblich;Insgesamt;Insgesamt",
    ]
    for group in GROUPS:
        total = _count(group)
        male = total // 2
        lines.append(
            f"31.12.2024;05362;Rhein-Erft-Kreis;{group};{male};e;{total - male};e;{total};e"
        )
    lines += ["__________", "© Statistisches Bundesamt (Destatis), 2026", "Stand: 25.09.2026"]
    return "\n".join(lines).encode()


def regionaldatenbank() -> bytes:
    lines = [
        "12411-02-03-4",
        "Bevölkerung nach Geschlecht und Altersgruppen (17) - Stichtag 31.12. -;;;;",
        "regionale Tiefe: Kreise und krfr. Städte;;;;",
        "Fortschreibung des Bevölkerungsstandes;;;;",
        "Bevölkerung (Anzahl);;;;",
        ";;;Insgesamt;männlich;weiblich",
        ";;;31.12.2024;31.12.2024;31.12.2024",
    ]
    for group in GROUPS:
        total = _count(group)
        lines.append(f"05362;Rhein-Erft-Kreis;{group};{total};{total // 2};{total - total // 2}")
    lines += [
        "__________",
        "(C)Copyright Statistische Ämter des Bundes und der Länder, 2026",
        "Stand: 25.09.2026 / 11:47:11",
    ]
    return "\n".join(lines).encode("cp1252")


@pytest.mark.parametrize("make", [genesis_online, regionaldatenbank])
def test_age_structure_from_either_layout(figures, make):
    # The test's transaction is rolled back afterwards: the other tests never see this import.
    _record, created = statistics_import(data=make(), filename=f"{make.__name__}.csv", actor=SYSTEM)
    assert created
    profile = profile_of(municipality=Municipality.objects.get(ags="05362032"))
    under_18 = profile.result("under-18-share")
    expected = sum(_count(group) for group in AGE_UNDER_18) / POPULATION * 100
    assert under_18.latest.value == pytest.approx(expected)
    assert under_18.region.ags == "05362"  # the district's figures, labelled as such
    over_65 = profile.result("over-65-share").latest.value
    assert over_65 == pytest.approx(sum(map(_count, AGE_65_AND_OVER)) / POPULATION * 100)
