"""The profile on the real registry and the real statistics files of the demo."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohesion.indicators.catalogue import INDICATORS, Level
from cohesion.indicators.selectors import indicator_results, level_note, profile_of
from cohesion.municipalities.models import Municipality
from tests.factories import UserFactory


def _profile(ags):
    return profile_of(municipality=Municipality.objects.get(ags=ags))


def test_population_per_edition_of_the_registry(figures):
    kerpen = _profile("05362032").result("population")
    # The registry's editions end the trend (IT.NRW's series before them ends in 2019).
    assert [(v.period, v.value) for v in kerpen.trend[-3:]] == [
        ("2021-12-31", 66294),
        ("2022-12-31", 67239),
        ("2024-12-31", 66585),
    ]
    assert "GV-ISys, 30.11.2025" in kerpen.trend[-1].sources[0]
    assert kerpen.level is None
    assert [v.census_basis for v in kerpen.trend[-3:]] == [
        "Zensus 2011",
        "Zensus 2011",
        "Zensus 2022",
    ]
    assert kerpen.census_break.period == "2024-12-31"


def test_a_trend_marks_where_the_figures_change_their_census_basis(figures):
    profile = _profile("05362032")
    foreign = profile.result("foreign-share")  # AZR counts over the Fortschreibung
    assert {v.census_basis for v in foreign.trend} <= {"Zensus 2011", "Zensus 2022"}
    assert profile.result("foreigners").census_break is None  # a register count: no census
    assert all(v.census_basis is None for v in profile.result("foreigners").values)


def test_foreign_share_comes_from_the_district_labelled_as_such(figures):
    result = _profile("05362032").result("foreign-share")
    assert result.level == Level.DISTRICT and result.region.ags == "05362"
    assert "Rhein-Erft-Kreis" in level_note(result)
    assert round(result.latest.value, 1) == 19.1  # 91,165 foreigners over 477,988 inhabitants
    assert result.latest.lagged == {"population": "2024-12-31"}
    assert any("12521-0041" in source for source in result.latest.sources)


def test_a_district_free_city_has_its_district_figures_as_its_own(figures):
    result = _profile("05122000").result("foreigners")
    assert result.level is None and result.latest.value == 31005


def test_stuttgart_migration_background_from_the_zensus(figures):
    profile = _profile("08111000")
    assert round(profile.result("immigration-history-share").latest.value, 1) == 35.6
    assert round(profile.result("foreign-share").latest.value, 1) == 28.4
    assert profile.result("immigration-history-share").latest.period == "2022-05-15"


def test_origin_groups_are_shares_of_all_foreigners(figures):
    profile = _profile("08111000")
    eu = profile.result("origin-eu27").latest.value
    assert eu == pytest.approx(71185 / 173810 * 100)


def test_niedersachsen_monitoring_for_goettingen(figures):
    profile = _profile("03159")
    assert len(profile.result("naturalisation-rate").trend) == 20
    assert profile.result("foreign-share-published").latest.period == "2024"
    gap = profile.result("leavers-without-certificate-gap").latest
    foreigners = profile.result("leavers-without-certificate-foreigners").latest.value
    assert gap.value < foreigners


def test_missing_data_is_missing_never_zero(figures):
    profile = _profile("05362032")
    for slug in ("under-18-share", "childcare-under-3", "naturalisation-rate"):
        result = profile.result(slug)
        assert result.missing and result.latest is None
        assert all(value.value != 0 for value in result.values)


def test_the_number_of_queries_does_not_grow_with_the_regions(figures):
    one = list(Municipality.objects.filter(ags__in=["05362032"]))
    many = list(Municipality.objects.filter(ags__startswith="05362"))
    with CaptureQueriesContext(connection) as few:
        indicator_results(regions=one, indicators=INDICATORS)
    with CaptureQueriesContext(connection) as more:
        indicator_results(regions=many, indicators=INDICATORS)
    assert len(many) > 10
    assert len(more.captured_queries) == len(few.captured_queries) <= 7


@pytest.fixture
def signed_in(client, figures):
    client.force_login(UserFactory())
    client.cookies["cohesion_language"] = "en"
    return client


def test_profile_page_shows_values_sources_charts_and_missing(signed_in):
    response = signed_in.get(reverse("indicators:profile", args=["08111000"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "35.6" in page and "Zensus 2022" in page
    assert '<svg role="img"' in page
    assert "Not available yet" in page and "22543-03-01-4-B" in page


def test_profile_page_marks_the_census_break_in_chart_and_text(signed_in):
    page = signed_in.get(reverse("indicators:profile", args=["05362032"])).content.decode()
    population = page[page.index('id="indicator-population"') :]
    population = population[: population.index("</section>")]
    note = "From 2024 the figures rest on the Zensus 2022, before on the Zensus 2011"
    assert note in population  # under the chart and in the chart's accessible name
    assert population.count(note) == 2
    assert "Zensus 2022 basis" in population  # the label of the dashed rule in the SVG


def test_profile_page_in_german_uses_the_decimal_comma(client, figures):
    client.force_login(UserFactory(language="de"))
    client.cookies["cohesion_language"] = "de"
    page = client.get(reverse("indicators:profile", args=["08111000"])).content.decode()
    assert "35,6" in page


def test_profile_page_costs_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        signed_in.get(reverse("indicators:profile", args=["03159"]))


def test_unknown_key_is_a_404(signed_in):
    assert signed_in.get("/profiles/99999999/").status_code == 404
    assert signed_in.get("/profiles/abc/").status_code == 404


def test_fact_sheet_is_a_pdf(signed_in):
    response = signed_in.get(reverse("indicators:fact_sheet", args=["03159"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 10_000


def test_data_export_is_a_workbook(signed_in):
    response = signed_in.get(reverse("indicators:data", args=["05362032"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3


def test_catalogue_defines_every_indicator(signed_in):
    page = signed_in.get(reverse("indicators:catalogue")).content.decode()
    for indicator in INDICATORS:
        assert indicator.slug in page
