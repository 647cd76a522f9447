"""How a person of the map counts for the quota table: a country for its statistics group, an
age band for the table's band around it."""

import pytest

from cohesion.invitations.origins import origin_counted
from cohesion.invitations.selectors import age_band_counted, origin_normalised

RANKED = ["Gastarbeiterländer", "EU-27 (seit 01.02.2020)", "Vorderasien"]


@pytest.mark.parametrize(
    ("origin", "counted"),
    [
        ("Türkei", "Gastarbeiterländer"),
        ("Turkey", "Gastarbeiterländer"),
        ("Italien", "Gastarbeiterländer"),  # in both: the larger group of the table
        ("Polen", "EU-27 (seit 01.02.2020)"),
        ("Syria", "Vorderasien"),
        ("Vorderasien", "Vorderasien"),
        ("Ukraine", "Ukraine"),  # the table has no row for its group
        ("Atlantis", "Atlantis"),
    ],
)
def test_a_country_counts_for_its_group(origin, counted):
    assert origin_counted(origin, RANKED) == counted


def test_group_spellings_are_one_group():
    assert origin_normalised("guest_worker") == "Gastarbeiterländer"
    assert origin_normalised("former Soviet Union") == "Gebiet der ehemaligen Sowjetunion"
    assert origin_normalised("Türkei") == "Türkei"


@pytest.mark.parametrize(
    ("band", "counted"),
    [
        ("30-44", "18-64"),
        ("18–29", "18-64"),
        ("65+", "65+"),
        ("70-79", "65+"),
        ("12-17", "12-17"),
        ("", ""),
    ],
)
def test_an_age_band_counts_for_the_band_around_it(band, counted):
    assert age_band_counted(band, ["18-64", "65+"]) == counted
