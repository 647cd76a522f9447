"""Peers on the real registry: suggestions, the comparison, and picking peers by hand."""

import pytest
from django.urls import reverse

from cohesion.accounts.models import Role
from cohesion.audit.models import AuditEvent
from cohesion.municipalities.models import Municipality
from cohesion.peers.models import PeerGroup
from cohesion.peers.selectors import municipality_type, peer_group_of, peers_suggested
from cohesion.peers.services import MAX_PEERS
from cohesion.processes.models import Process
from tests.factories import MembershipFactory, ProcessFactory, ProgrammeFactory, UserFactory


def _kerpen():
    return Municipality.objects.get(ags="05362032")


def test_kerpen_peers_are_towns_of_its_size(figures):
    peers = peers_suggested(municipality=_kerpen())
    assert len(peers) == 10
    assert all(peer.municipality.kind == "municipality" for peer in peers)
    assert all(30_000 < peer.municipality.population < 150_000 for peer in peers)
    assert "05362032" not in [peer.municipality.ags for peer in peers]
    assert [peer.distance for peer in peers] == sorted(peer.distance for peer in peers)


def test_same_land_keeps_to_the_land(figures):
    peers = peers_suggested(municipality=_kerpen(), same_land=True)
    assert peers and all(peer.municipality.ags.startswith("05") for peer in peers)


def test_districts_are_compared_with_districts(figures):
    peers = peers_suggested(municipality=Municipality.objects.get(ags="03159"))
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


def test_every_municipality_has_a_type_described_against_the_average(figures):
    kerpen = municipality_type(municipality=_kerpen())
    stuttgart = municipality_type(municipality=Municipality.objects.get(ags="08111000"))
    assert kerpen.count == 9 and 1 <= kerpen.number <= 9
    assert stuttgart.number == 1  # type 1 has the largest population on average
    assert "08111000" not in [m.ags for m in stuttgart.examples]
    assert {level for _label, level in kerpen.traits} <= {"above", "below", "average"}
    district = municipality_type(municipality=Municipality.objects.get(ags="03159"))
    assert district.count == 6


def test_the_peers_page_shows_the_type(coordinator):
    page = coordinator.get(reverse("peers:compare", args=["05362032"])).content.decode()
    assert "Type" in page and "of 9" in page


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
