import json

import pytest
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.stakeholders import services
from cohesion.stakeholders.models import Organisation, Stakeholder
from tests.factories import OrganisationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def _map(world, organisations=12, people=30):
    process = world.kerpen_process
    orgs = [
        OrganisationFactory(process=process, kind=kind, target_group="civil_society")
        for kind, _n in zip(
            ["club", "welfare", "council", "media"] * 10, range(organisations), strict=False
        )
    ]
    for index in range(1, len(orgs)):
        services.relation_create(
            actor=world.coordinator, source=orgs[index], target=orgs[0], kind="member_of"
        )
    for index in range(people):
        StakeholderFactory(
            process=process,
            organisation=orgs[index % len(orgs)],
            target_group="immigrant" if index < 26 else "policy",
            email=f"p{index}@example.org",
        )
    return orgs


def test_map_page_draws_both_svgs_with_their_lists(client, world):
    orgs = _map(world)
    client.force_login(world.moderator)
    response = client.get(reverse("stakeholders:map", args=[world.kerpen_process.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg role="img" aria-labelledby=') == 2
    assert '<title id="grid-title">' in html and '<desc id="network-desc">' in html
    assert 'id="grid-list"' in html and 'id="network-list"' in html
    assert "Manage closely" in html and "Keep informed" in html and "Monitor" in html
    assert orgs[3].name in html
    # The editor sees people and their contact data.
    assert "p0@example.org" in html


def test_map_page_queries_are_bounded(client, world, django_assert_max_num_queries):
    _map(world, organisations=30, people=80)
    client.force_login(world.moderator)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("stakeholders:map", args=[world.kerpen_process.pk]))
    assert response.status_code == 200


def test_viewer_sees_organisations_but_no_people_and_no_small_groups(client, world):
    _map(world)
    client.force_login(world.working_group_member)
    html = client.get(reverse("stakeholders:map", args=[world.kerpen_process.pk])).content.decode()
    assert "example.org" not in html
    assert "Person 0" not in html
    assert "fewer than 5" in html  # 4 policymakers are not counted
    assert ">26<" in html  # the immigrant group is


def test_filters(client, world):
    OrganisationFactory(process=world.kerpen_process, name="Moschee Kerpen", kind="religious")
    OrganisationFactory(process=world.kerpen_process, name="TuS Kerpen", kind="club")
    client.force_login(world.moderator)
    url = reverse("stakeholders:map", args=[world.kerpen_process.pk])
    html = client.get(url, {"kind": "religious"}).content.decode()
    assert '<th scope="row" dir="auto">Moschee Kerpen' in html
    assert '<th scope="row" dir="auto">TuS Kerpen' not in html
    assert client.get(url, {"kind": "<script>"}).status_code == 200


def test_add_organisation_and_person_through_forms(client, world):
    client.force_login(world.moderator)
    process = world.kerpen_process
    response = client.post(
        reverse("stakeholders:organisation_add", args=[process.pk]),
        {
            "name": "AWO Kerpen",
            "kind": "welfare",
            "target_group": "civil_society",
            "influence": "3",
            "interest": "4",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="AWO Kerpen")
    response = client.post(
        reverse("stakeholders:person_add", args=[process.pk]),
        {
            "name": "Jan Kowalski (demo data)",
            "organisation": organisation.pk,
            "target_group": "immigrant",
            "languages": "pl de",
            "influence": "2",
            "interest": "5",
            "immigration_history": "true",
            "email": "jan@example.org",
            "consent-consent": "on",
            "consent-given_on": "2026-09-01",
            "consent-purpose": "Workshop",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Stakeholder.objects.get()
    assert person.languages == ["pl", "de"] and person.invitable
    response = client.post(
        reverse("stakeholders:person_add", args=[process.pk]),
        {
            "name": "X",
            "target_group": "immigrant",
            "languages": "<b>",
            "influence": "9",
            "interest": "1",
        },
    )
    assert response.status_code == 400 and Stakeholder.objects.count() == 1


def test_person_data_export_and_erase(client, world):
    person = StakeholderFactory(process=world.kerpen_process, email="ayse@example.org")
    client.force_login(world.coordinator)
    response = client.get(reverse("stakeholders:person_data", args=[person.pk, "json"]))
    assert json.loads(response.content)["email"] == "ayse@example.org"
    response = client.get(reverse("stakeholders:person_data", args=[person.pk, "csv"]))
    assert b"ayse@example.org" in response.content
    assert (
        client.get(reverse("stakeholders:person_data", args=[person.pk, "exe"])).status_code == 404
    )
    response = client.post(reverse("stakeholders:person_erase", args=[person.pk]))
    assert response.status_code == 302
    assert not Stakeholder.objects.exists()
    assert AuditEvent.objects.filter(action="stakeholders.stakeholder_erase").exists()


def test_working_group_cannot_open_a_person(client, world):
    person = StakeholderFactory(process=world.kerpen_process)
    client.force_login(world.working_group_member)
    assert client.get(reverse("stakeholders:person", args=[person.pk])).status_code == 404
    assert client.post(reverse("stakeholders:person_erase", args=[person.pk])).status_code == 404
    assert Stakeholder.objects.exists()


def test_the_preparation_phase_and_the_process_page_link_to_the_map(client, world):
    client.force_login(world.working_group_member)
    url = reverse("stakeholders:map", args=[world.kerpen_process.pk])
    phase = client.get(
        reverse("processes:phase", args=[world.kerpen_process.pk, "preparation"])
    ).content.decode()
    assert url in phase
    assert (
        url
        in client.get(reverse("processes:detail", args=[world.kerpen_process.pk])).content.decode()
    )
    client.force_login(world.other_coordinator)
    assert client.get(url).status_code == 404


def test_the_map_page_asks_the_same_queries_for_a_small_and_a_large_map(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.moderator)
    url = reverse("stakeholders:map", args=[world.kerpen_process.pk])
    _map(world, organisations=4, people=5)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _map(world, organisations=40, people=100)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_no_total_that_would_give_away_a_small_group(client, world):
    for index in range(7):
        StakeholderFactory(
            process=world.kerpen_process, target_group="immigrant" if index < 5 else "policy"
        )
    client.force_login(world.working_group_member)
    html = client.get(reverse("stakeholders:map", args=[world.kerpen_process.pk])).content.decode()
    assert "7 people" not in html and ">5<" in html


def test_the_total_shows_when_no_group_is_small(client, world):
    for _index in range(6):
        StakeholderFactory(process=world.kerpen_process, target_group="immigrant")
    client.force_login(world.working_group_member)
    html = client.get(reverse("stakeholders:map", args=[world.kerpen_process.pk])).content.decode()
    assert "6 people on the map" in html


def test_edit_an_organisation_and_add_a_relation(client, world):
    a = OrganisationFactory(process=world.kerpen_process, name="Jobcenter Rhein-Erft")
    b = OrganisationFactory(process=world.kerpen_process, name="VHS Rhein-Erft")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("stakeholders:organisation", args=[a.pk]),
        {
            "name": "Jobcenter Rhein-Erft",
            "kind": "job_centre",
            "target_group": "administration",
            "influence": "5",
            "interest": "4",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.kind == "job_centre" and a.influence == 5
    event = AuditEvent.objects.get(action="stakeholders.organisation_change")
    assert event.after["influence"] == 5
    response = client.post(
        reverse("stakeholders:relation_add", args=[world.kerpen_process.pk]),
        {"relation-source": a.pk, "relation-kind": "funds", "relation-target": b.pk},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "funds" in html and '<line x1="' in html
    # An organisation of another map cannot be chosen.
    other = OrganisationFactory(process=world.stuttgart_process)
    client.post(
        reverse("stakeholders:relation_add", args=[world.kerpen_process.pk]),
        {"relation-source": a.pk, "relation-kind": "funds", "relation-target": other.pk},
    )
    assert not other.relations.exists() and a.relations.count() == 1


def test_consent_through_the_person_page(client, world):
    person = StakeholderFactory(process=world.kerpen_process)
    client.force_login(world.moderator)
    url = reverse("stakeholders:person_consent", args=[person.pk])
    client.post(url, {"consent": "on"})  # no date, no purpose: refused with messages
    person.refresh_from_db()
    assert not person.consent_to_contact
    client.post(url, {"consent": "on", "given_on": "2026-09-03", "purpose": "Workshop"})
    person.refresh_from_db()
    assert person.invitable
