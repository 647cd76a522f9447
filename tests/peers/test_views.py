"""Peers on the real registry: suggestions, the comparison, and picking peers by hand."""

import datetime
import re

import pytest
from django.urls import reverse

from cohesion.accounts.models import Role
from cohesion.audit.models import AuditEvent
from cohesion.municipalities.models import Municipality
from cohesion.peers.models import PeerGroup
from cohesion.peers.selectors import (
    change_span,
    municipality_type,
    peer_group_of,
    peers_suggested,
)
from cohesion.peers.services import MAX_PEERS
from cohesion.processes.models import Process
from tests.factories import MembershipFactory, ProcessFactory, ProgrammeFactory, UserFactory

# Session and user; the municipality; twice the version of the figures (2 each), for the peers
# and the type; the suggested peers; the peers picked by hand (2 when there are some); the
# indicators of the compared regions (districts and Länder, series, observations, provenance,
# population records: 5); the examples of the type; the permissions (3). None grows with the
# number of peers, municipalities or figures.
QUERIES = 19


def _kerpen():
    return Municipality.objects.get(ags="05362032")


def test_kerpen_peers_are_towns_of_its_size(figures):
    peers = peers_suggested(municipality=_kerpen()).peers
    assert len(peers) == 10
    assert all(peer.municipality.kind == "municipality" for peer in peers)
    assert all(30_000 < peer.municipality.population < 150_000 for peer in peers)
    assert "05362032" not in [peer.municipality.ags for peer in peers]
    assert [peer.distance for peer in peers] == sorted(peer.distance for peer in peers)


def test_same_land_keeps_to_the_land(figures):
    peers = peers_suggested(municipality=_kerpen(), same_land=True).peers
    assert peers and all(peer.municipality.ags.startswith("05") for peer in peers)


def test_districts_are_compared_with_districts(figures):
    peers = peers_suggested(municipality=Municipality.objects.get(ags="03159")).peers
    assert peers and all(peer.municipality.kind == "district" for peer in peers)


@pytest.fixture
def coordinator(client, figures):
    user = MembershipFactory(municipality=_kerpen(), role=Role.COORDINATOR).user
    client.force_login(user)
    client.cookies["cohesion_language"] = "en"
    return client


def _change(client, **data):
    return client.post(reverse("peers:change", args=["05362032"]), data, follow=True)


def test_the_coordinator_picks_and_removes_peers(coordinator):
    response = _change(coordinator, action="add", peer="05122000")
    assert "The peers have been saved." in response.content.decode()
    assert [m.ags for m in peer_group_of(municipality=_kerpen())] == ["05122000"]
    page = coordinator.get(reverse("peers:compare", args=["05362032"])).content.decode()
    assert "Solingen" in page and "Compared with the peers picked by hand." in page
    _change(coordinator, action="remove", peer="05122000")
    assert peer_group_of(municipality=_kerpen()) == []
    _change(coordinator, action="suggested")
    assert len(peer_group_of(municipality=_kerpen())) == 5


def test_bad_changes_are_answered_and_change_nothing(coordinator):
    _change(coordinator, action="add", peer="05122000")
    for data in (
        {"action": "add", "peer": "99999999"},
        {"action": "explode"},
        {"action": "add", "peer": "<script>"},
    ):
        response = _change(coordinator, **data)
        assert "That change of peers is not possible." in response.content.decode()
    assert [m.ags for m in peer_group_of(municipality=_kerpen())] == ["05122000"]


def test_at_most_fifteen_peers(coordinator):
    group = PeerGroup.objects.create(municipality=_kerpen())
    others = Municipality.objects.filter(kind="municipality").exclude(ags="05362032")[:MAX_PEERS]
    group.peers.set(others)
    response = _change(coordinator, action="add", peer="08111000")
    assert "Pick at most 15 peers." in response.content.decode()
    assert group.peers.count() == MAX_PEERS


def test_the_programme_manager_may_pick_but_not_a_stranger(client, figures):
    manager = UserFactory()
    ProcessFactory(programme=ProgrammeFactory(managers=[manager]), municipality=_kerpen())
    client.force_login(UserFactory())
    assert _change(client, action="clear").status_code == 403
    client.force_login(manager)
    assert _change(client, action="clear").status_code == 200
    assert Process.objects.count() == 1


def test_search_finds_municipalities_to_add(coordinator):
    page = coordinator.get(reverse("peers:compare", args=["05362032"]), {"q": "Bergheim"})
    assert "Add Bergheim" in page.content.decode()


BIG_THREE = ("11000000", "02000000", "09162000")  # Berlin, Hamburg, München


def test_kerpen_is_a_larger_medium_sized_town_not_typed_with_the_big_three(figures):
    kerpen = municipality_type(municipality=_kerpen())
    assert _kerpen().population == 66_585
    assert kerpen.code == "groessere-mittelstadt/dense"
    assert "Mittelstadt, 50,000 to 99,999" in kerpen.label
    for ags in BIG_THREE:
        big = municipality_type(municipality=Municipality.objects.get(ags=ags))
        assert big.code == "grosse-grossstadt/dense" != kerpen.code
        assert "05362032" not in [m.ags for m in big.examples]
    assert not set(BIG_THREE) & {m.ags for m in kerpen.examples}
    assert all(50_000 <= m.population < 100_000 for m in kerpen.examples)
    assert all(m.kind == "municipality" for m in kerpen.examples)


def test_districts_have_the_bbsr_settlement_types(figures):
    def code(ags):
        return municipality_type(municipality=Municipality.objects.get(ags=ags)).code

    assert code("05315") == "kreisfreie-grossstadt"  # Köln
    assert code("05362") == "staedtischer-kreis"  # Rhein-Erft-Kreis
    district = municipality_type(municipality=Municipality.objects.get(ags="05362"))
    assert all(m.kind == "district" for m in district.examples)


def test_peers_are_compared_on_registry_features_every_unit_has(figures):
    found = peers_suggested(municipality=_kerpen())
    assert found.features == [
        "population (on a logarithmic scale)",
        "inhabitants per km² (on a logarithmic scale)",
        "population change 2021–2022 (%)",
    ]
    # The demo has these shares for some municipalities only (Baden-Württemberg, Niedersachsen).
    assert found.left_out == [
        "Share of foreign residents",
        "Share of people with immigration history",
    ]


def test_a_municipality_formed_since_2021_is_compared_on_what_every_one_has(figures):
    # Formed by a merger after 2022: the registry has no population of 2021 or 2022 for it.
    jahnatal = Municipality.objects.get(ags="14522275")
    found = peers_suggested(municipality=jahnatal)
    assert found.features == [
        "population (on a logarithmic scale)",
        "inhabitants per km² (on a logarithmic scale)",
    ]
    assert found.peers and all(p.municipality.kind == "municipality" for p in found.peers)


def test_the_peers_page_names_the_features_and_the_type(coordinator):
    page = coordinator.get(reverse("peers:compare", args=["05362032"])).content.decode()
    assert "Compared on:" in page
    assert "<li>population change 2021–2022 (%)</li>" in page
    assert "Not compared on, as not every municipality has it:" in page
    assert "larger medium-sized town (Mittelstadt, 50,000 to 99,999)" in page
    table = page[page.index('id="suggested-caption"') :]
    assert "<td>larger medium-sized town, dense</td>" in table[: table.index("</table>")]


def _comparison_table(page: str) -> str:
    start = page.index('id="comparison-caption"')
    return page[start : page.index("</table>", start)]


def test_a_district_figure_is_labelled_and_not_in_the_towns_column(coordinator):
    page = coordinator.get(reverse("peers:compare", args=["05362032"])).content.decode()
    table = _comparison_table(page)
    row = table[table.index("Share of foreign residents") :]
    kerpen_cell = row[row.index("<td") : row.index("</td>")]
    # Kerpen has no foreign share of its own; the Rhein-Erft-Kreis has 19.1 %.
    assert "no figure of its own" in kerpen_cell
    assert "Rhein-Erft-Kreis (district): 19.1, 2025" in kerpen_cell
    assert not re.search(r'<td class="numeric">\s*19\.1', row)


def test_one_number_format_on_the_page(client, figures):
    user = MembershipFactory(municipality=_kerpen(), role=Role.COORDINATOR).user
    client.force_login(user)
    for language, numbers, wrong in (
        ("de", ("66.585", "50.000", "99.999", "0,07"), r"\d,\d{3}(?!\d)"),
        ("en", ("66,585", "50,000", "99,999", "0.07"), r"\d\.\d{3}(?!\d)"),
    ):
        client.cookies["cohesion_language"] = language
        page = client.get(reverse("peers:compare", args=["05362032"])).content.decode()
        main = page[page.index("<main") : page.index("</main>")]
        # The text only, the charts' labels included, without dates such as 15.05.2022.
        text = re.sub(r"<[^>]+>", " ", main)
        text = re.sub(r"\d{2}\.\d{2}\.\d{4}", "", text)
        for number in numbers:  # a population, a type's bounds, a distance
            assert number in text, (language, number)
        # Populations, distances, bounds and indicator values all group and mark decimals alike.
        assert not re.search(wrong, text), (language, re.search(wrong, text))


def test_the_peers_page_costs_a_fixed_number_of_queries(coordinator, django_assert_max_num_queries):
    url = reverse("peers:compare", args=["05362032"])
    coordinator.get(url)  # builds the comparison once per process
    with django_assert_max_num_queries(QUERIES):
        coordinator.get(url)
    PeerGroup.objects.create(municipality=_kerpen()).peers.set(
        Municipality.objects.filter(kind="municipality", population__gte=60_000)[:10]
    )
    with django_assert_max_num_queries(QUERIES):
        coordinator.get(url)


def test_a_district_peers_page(coordinator):
    page = coordinator.get(reverse("peers:compare", args=["05362"])).content.decode()
    assert "Districts most similar in size and structure" in page
    assert "urban district (städtischer Kreis)" in page  # its type
    assert "Compared with the five most similar districts" in page


@pytest.mark.parametrize(("ags", "kind"), [("05", "Land"), ("05362", "district")])
def test_a_land_or_a_district_is_no_peer_of_a_municipality(coordinator, ags, kind):
    response = _change(coordinator, action="add", peer=ags)
    assert f"is a {kind}, not a municipality" in response.content.decode()
    assert peer_group_of(municipality=_kerpen()) == []
    assert not AuditEvent.objects.filter(action="peers.peer_group_set").exists()


def test_peer_changes_write_the_audit_trail(coordinator):
    _change(coordinator, action="add", peer="05122000")
    _change(coordinator, action="remove", peer="05122000")
    events = list(AuditEvent.objects.filter(action="peers.peer_group_set").order_by("pk"))
    assert [(event.before["peers"], event.after["peers"]) for event in events] == [
        ([], ["05122000 Solingen, Klingenstadt"]),
        (["05122000 Solingen, Klingenstadt"], []),
    ]
    assert all(event.municipality_id == _kerpen().pk for event in events)


def _dates(*isodates):
    return [datetime.date.fromisoformat(date) for date in isodates]


@pytest.mark.parametrize(
    ("dates", "span"),
    [
        # The shipped registry: 2024 rests on the Zensus 2022, 2021 and 2022 on the Zensus 2011.
        (("2021-12-31", "2022-12-31", "2024-12-31"), ("2021-12-31", "2022-12-31")),
        (("2021-12-31", "2023-12-31", "2024-12-31"), ("2023-12-31", "2024-12-31")),
        (("2020-12-31", "2021-12-31", "2022-12-31"), ("2020-12-31", "2022-12-31")),
        (("2021-12-31", "2024-12-31"), None),
        ((), None),
    ],
)
def test_population_change_never_spans_the_census_correction(dates, span):
    assert change_span(_dates(*dates)) == (tuple(_dates(*span)) if span else None)


def test_a_share_imported_for_every_district_is_compared_on(figures, monkeypatch):
    from cohesion.peers import selectors

    def every_district_has_a_foreign_share(*, regions, indicators):
        return {region.pk: {"foreign-share": 5 + int(region.ags) % 17} for region in regions}

    monkeypatch.setattr(selectors, "_SPACES", {})  # not the space built from the demo's figures
    monkeypatch.setattr(selectors, "latest_own_values", every_district_has_a_foreign_share)
    found = peers_suggested(municipality=Municipality.objects.get(ags="05362"))
    assert "Share of foreign residents" in found.features
    assert found.left_out == ["Share of people with immigration history"]
