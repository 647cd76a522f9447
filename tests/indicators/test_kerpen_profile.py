"""Kerpen's profile, the seed's own town: its own figures first and from the NRW files, a
district's figure labelled beside its number, hints naming the region's own Land office, one
number format per page."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from cohesion.indicators.catalogue import (
    INDICATORS_BY_SLUG,
    LAND_OFFICES,
    Topic,
    census_basis,
    check_catalogue,
    missing_hint,
)
from cohesion.indicators.selectors import profile_of
from cohesion.municipalities.models import Municipality
from tests.factories import UserFactory

KERPEN = "05362032"


def _profile(ags):
    return profile_of(municipality=Municipality.objects.get(ags=ags))


def _value_line(page: str, slug: str) -> str:
    """The paragraph that shows an indicator's number."""
    block = page[page.index(f'id="indicator-{slug}"') :]
    return block[block.index('class="indicator__value"') : block.index("</p>")]


@pytest.fixture
def signed_in(client, figures):
    client.force_login(UserFactory())
    client.cookies["cohesion_language"] = "en"
    return client


def test_the_catalogue_names_only_known_series():
    check_catalogue()


def test_kerpen_s_population_since_1962_is_its_own_from_it_nrw(figures):
    population = _profile(KERPEN).result("population")
    values = {value.period: value.value for value in population.trend}
    assert values["2019-12-31"] == 66702
    assert values["1962-12-31"] == 35752
    assert population.level is None  # the town's own figures, no district standing in
    assert population.latest.value == 66585  # the registry's latest edition ends the trend
    assert any("IT.NRW" in source for source in population.sources)
    assert population.census_break.period == "2024-12-31"
    assert population.earlier_bases == [
        "Volkszählung 1961",
        "Volkszählung 1970",
        "Volkszählung 1987",
    ]


def test_census_bases_of_a_long_series():
    assert census_basis("1962-12-31") == "Volkszählung 1961"
    assert census_basis("1986-12-31") == "Volkszählung 1970"
    assert census_basis("2010-12-31") == "Volkszählung 1987"
    assert census_basis("2011-12-31") == "Zensus 2011"
    assert census_basis("2024-12-31") == "Zensus 2022"


def test_the_town_s_own_figures_come_first(figures):
    sections = _profile(KERPEN).sections
    assert sections[0].topic == Topic.POPULATION
    ranks = []
    for section in sections:
        own = any(result.level is None for result in section.available)
        ranks.append(0 if own else 1 if section.available else 2)
        # Within a topic: own figures, then a district's, then the missing ones.
        order = [2 if result.missing else 1 if result.level else 0 for result in section.results]
        assert order == sorted(order)
    assert ranks == sorted(ranks)
    assert ranks.count(1) >= 2  # foreigners and origin groups of the Rhein-Erft-Kreis


def test_district_figures_say_so_beside_the_number(signed_in):
    page = signed_in.get(reverse("indicators:profile", args=[KERPEN])).content.decode()
    foreigners = _value_line(page, "foreigners")
    assert "91,165" in foreigners
    assert '<span class="level-badge">Rhein-Erft-Kreis (district)</span>' in foreigners
    assert "Rhein-Erft-Kreis (district)" in _value_line(page, "foreign-share")
    # The town's own population carries no label; it comes before every district figure.
    population = _value_line(page, "population")
    assert "66,585" in population and "level-badge" not in population
    assert page.index('id="indicator-population"') < page.index('id="indicator-foreigners"')


def test_school_leavers_of_the_district_from_the_regionaldatenbank(figures):
    result = _profile(KERPEN).result("leavers-without-certificate")
    assert result.region.ags == "05362" and result.level is not None
    assert result.latest.period == "2023"
    assert result.latest.value == pytest.approx(215 / 4705 * 100)
    assert any("21111-02-06-4" in source for source in result.latest.sources)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("foreign-pupils-share", 7400 / 53850 * 100),
        ("disposable-income", 24503),
        ("net-migration", 22240 - 19300),
    ],
)
def test_district_tables_for_the_integration_strategy(figures, slug, expected):
    result = _profile(KERPEN).result(slug)
    assert result.region.ags == "05362"
    assert result.latest.value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("ags", "slug", "office", "table"),
    [
        (KERPEN, "population", "IT.NRW", "12411-01i"),
        (KERPEN, "foreigners", "IT.NRW", "12521-0041"),
        ("03159016", "foreign-share-published", "LSN", "1.2.2"),
        ("03159016", "naturalisation-rate", "LSN", "2.3.3"),
        ("06632002", "under-18-share", "Hessisches Statistisches Landesamt", "12411-02-03-5"),
        ("08111000", "under-18-share", "Statistisches Landesamt Baden-Württemberg", "12411-02-03"),
        ("09162000", "childcare-under-3", "Bayerisches Landesamt für Statistik", "22543-03-01"),
        ("11000000", "childcare-under-3", "AfS BB", "22543-03-01"),
        ("12054000", "unemployment-rate-foreigners", "AfS BB", "13211-02-05-4"),
    ],
)
def test_a_hint_names_the_table_of_the_region_s_own_land_office(ags, slug, office, table):
    with translation.override("en"):
        hint = missing_hint(INDICATORS_BY_SLUG[slug], ags)
    assert office in hint and table in hint
    if not ags.startswith("03"):
        assert "Niedersachsen" not in hint and "LSN" not in hint and "IM-NI" not in hint


def test_every_land_has_its_office():
    assert sorted(LAND_OFFICES) == [f"{number:02d}" for number in range(1, 17)]


def test_kerpen_s_missing_figures_point_to_it_nrw_never_to_niedersachsen(signed_in):
    page = signed_in.get(reverse("indicators:profile", args=[KERPEN])).content.decode()
    hints = " ".join(re.findall(r'<div class="missing-data">(.*?)</div>', page, flags=re.S))
    assert "IT.NRW" in hints and "Landesdatenbank NRW" in hints
    assert "IM-NI" not in hints and "Niedersachsen" not in hints and "LSN" not in hints


def test_one_number_format_per_page(signed_in):
    english = signed_in.get(reverse("indicators:profile", args=[KERPEN])).content.decode()
    assert "91,165" in english and "66,585" in english
    assert "91.165" not in english and "66.585" not in english
    signed_in.cookies["cohesion_language"] = "de"
    german = signed_in.get(reverse("indicators:profile", args=[KERPEN])).content.decode()
    assert "91.165" in german and "66.585" in german
    assert "91,165" not in german and "66,585" not in german
    # A lagged input's date is written as the page writes periods, not as an ISO date.
    assert "2024-12-31" not in german


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_fact_sheet_labels_district_figures_beside_the_number(signed_in, tmp_path):
    response = signed_in.get(reverse("indicators:fact_sheet", args=[KERPEN]))
    pdf = tmp_path / "fact-sheet.pdf"
    pdf.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    pdftotext = shutil.which("pdftotext")
    text = subprocess.run(  # noqa: S603 - our own file, a fixed program
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Rhein-Erft-Kreis (district)" in text
    assert text.index("66,585") < text.index("91,165")  # the town's own figures first
    assert "Landesdatenbank NRW" in text  # where the missing figures are published
    assert "IM-NI" not in text.split("Not available yet")[-1]
