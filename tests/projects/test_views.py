"""The inventory's pages: what each role gets, the forms refused and accepted, the attacks
(another municipality's ids in the address and in forms, bad scores, bad dates, long texts),
and the list's query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohesion.projects.models import Project, ProjectRating
from tests.factories import OrganisationFactory, ProjectFactory
from tests.projects.helpers import kerpen_workshop

pytestmark = pytest.mark.usefixtures("english")


def _form(**overrides) -> dict:
    data = {
        "name": "Sprachcafé (demo data)",
        "provider": "VHS",
        "provider_organisation": "",
        "field_of_action": "0",
        "custom_field": "",
        "target_groups": ["refugees", "women"],
        "reach": "120",
        "funding_source": "Land NRW",
        "funding_amount": "6500.50",
        "starts_on": "2024-01-01",
        "ends_on": "",
        "status": "running",
        "description_de": "Deutsch üben",
        "description_en": "Practise German",
    }
    return data | overrides


def test_the_pages_for_an_editor(client, world):
    project = ProjectFactory(process=world.kerpen_process)
    client.force_login(world.coordinator)
    kerpen = world.kerpen_process.pk
    for url in (
        reverse("projects:list", args=[kerpen]),
        reverse("projects:add", args=[kerpen]),
        reverse("projects:gaps", args=[kerpen]),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
        reverse("projects:rate", args=[project.pk]),
        reverse("projects:delete", args=[project.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "nothing happens here" in client.get(reverse("projects:gaps", args=[kerpen])).text


def test_add_a_project_through_the_form(client, world):
    client.force_login(world.moderator)
    response = client.post(reverse("projects:add", args=[world.kerpen_process.pk]), _form())
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "projects:detail", args=[project.pk]
    )
    assert project.description == {"de": "Deutsch üben", "en": "Practise German"}
    assert str(project.funding_amount) == "6500.50" and project.target_groups == [
        "women",
        "refugees",
    ]
    page = client.get(response["Location"]).text
    assert "Practise German" in page and "Language and education" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_on": "2025-01-01", "ends_on": "2024-01-01"}, "The end lies before the start."),
        ({"name": "x" * 201}, "at most 200 characters"),
        ({"description_de": "x" * 4001}, "at most 4000 characters"),
        ({"target_groups": []}, "This field is required."),
        ({"target_groups": ["martians"]}, "Select a valid choice."),
        ({"field_of_action": "custom", "custom_field": ""}, "Name the field of action."),
        ({"field_of_action": "99"}, "Select a valid choice."),
        ({"reach": "-3"}, "greater than or equal to 0"),
        ({"funding_amount": "viel"}, "Enter a number."),
        ({"name": "bad\x00name"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_answers_the_form_again(client, world, overrides, message):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("projects:add", args=[world.kerpen_process.pk]), _form(**overrides)
    )
    assert response.status_code == 400
    assert message in response.text
    assert not Project.objects.exists()


def test_another_municipalitys_organisation_in_the_form_is_refused(client, world):
    theirs = OrganisationFactory(process=world.stuttgart_process, name="Stuttgarter Verein")
    ours = OrganisationFactory(process=world.kerpen_process, name="Caritas (demo data)")
    client.force_login(world.coordinator)
    url = reverse("projects:add", args=[world.kerpen_process.pk])
    response = client.post(url, _form(provider_organisation=str(theirs.pk)))
    assert response.status_code == 400 and "Stuttgarter Verein" not in response.text
    assert not Project.objects.exists()
    response = client.post(url, _form(provider="", provider_organisation=str(ours.pk)))
    assert Project.objects.get().provider == "Caritas (demo data)"


def test_another_municipalitys_project_answers_404(client, world):
    theirs = ProjectFactory(process=world.stuttgart_process, name="Stuttgarter Projekt")
    client.force_login(world.coordinator)
    for name in ("detail", "edit", "rate", "delete"):
        assert client.get(reverse(f"projects:{name}", args=[theirs.pk])).status_code == 404
    for name, data in (
        ("edit", _form()),
        ("rate", {"criterion_0": "5"}),
        ("delete", {}),
        ("rating_item", {"action": "create"}),
    ):
        response = client.post(reverse(f"projects:{name}", args=[theirs.pk]), data)
        assert response.status_code == 404 and b"Stuttgart" not in response.content
    theirs.refresh_from_db()
    assert theirs.name == "Stuttgarter Projekt" and not ProjectRating.objects.exists()
    for name in ("list", "gaps", "add"):
        url = reverse(f"projects:{name}", args=[world.stuttgart_process.pk])
        assert client.get(url).status_code == 404
    url = reverse("projects:export", args=[world.stuttgart_process.pk, "csv"])
    assert client.get(url).status_code == 404


def test_reading_roles_may_not_change(client, world):
    project = ProjectFactory(process=world.kerpen_process)
    client.force_login(world.working_group_member)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:list", args=[world.kerpen_process.pk])).status_code == 200
    assert client.post(reverse("projects:edit", args=[project.pk]), _form()).status_code == 403
    assert client.post(reverse("projects:delete", args=[project.pk])).status_code == 403
    response = client.post(reverse("projects:rate", args=[project.pk]), {"criterion_0": "3"})
    assert response.status_code == 403 and not ProjectRating.objects.exists()
    assert Project.objects.filter(pk=project.pk).exists()


def test_anonymous_goes_to_the_log_in(client, world):
    project = ProjectFactory(process=world.kerpen_process)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_rate_through_the_form(client, world):
    project = ProjectFactory(process=world.kerpen_process)
    client.force_login(world.coordinator)
    url = reverse("projects:rate", args=[project.pk])
    for bad in ({"criterion_0": "6"}, {"criterion_0": "0"}, {"criterion_0": "x"}, {}):
        assert client.post(url, bad).status_code == 400
    assert "Rate at least one criterion." in client.post(url, {}).text
    assert not ProjectRating.objects.exists()
    response = client.post(url, {"criterion_0": "4", "criterion_2": "2", "note": "Besuch"})
    assert response.status_code == 302
    assert sorted(ProjectRating.objects.values_list("criterion", "score")) == [(0, 4), (2, 2)]
    page = client.get(reverse("projects:detail", args=[project.pk])).text
    assert "Besuch" in page and "4.0" in page


def test_the_rating_item_from_the_project_page(client, world):
    project = ProjectFactory(process=world.kerpen_process)
    client.force_login(world.coordinator)
    url = reverse("projects:rating_item", args=[project.pk])
    client.post(url, {"action": "create"})
    project.refresh_from_db()
    assert project.rating_item is None  # no workshop yet: a message
    workshop = kerpen_workshop(world)
    assert (
        "Rate it in the workshop" in client.get(reverse("projects:detail", args=[project.pk])).text
    )
    client.post(url, {"action": "create"})
    project.refresh_from_db()
    assert project.rating_item.workshop_id == workshop.pk
    assert "fewer than 5 answers" in client.get(reverse("projects:detail", args=[project.pk])).text
    client.post(url, {"action": "unlink"})
    template_item = workshop.items.filter(kind="rating").order_by("pk").first()
    client.post(url, {"action": "link", "item": str(template_item.pk)})
    project.refresh_from_db()
    assert project.rating_item == template_item
    response = client.post(url, {"action": "nonsense"})
    assert response.status_code == 302
    # Another municipality's rating item in the form: refused, the link stays as it was.
    from cohesion.workshops.services import workshop_create

    theirs = workshop_create(actor=world.manager, process=world.stuttgart_process)
    client.post(url, {"action": "unlink"})
    item = theirs.items.get(kind="rating")
    response = client.post(url, {"action": "link", "item": str(item.pk)}, follow=True)
    assert "Choose a rating item of this process" in response.text
    project.refresh_from_db()
    assert project.rating_item is None


def test_the_export(client, world):
    ProjectFactory(process=world.kerpen_process, name="=1+1")
    client.force_login(world.working_group_member)
    response = client.get(reverse("projects:export", args=[world.kerpen_process.pk, "csv"]))
    assert response.status_code == 200 and "'=1+1" in response.content.decode("utf-8-sig")
    assert 'filename="projects-' in response["Content-Disposition"]
    response = client.get(reverse("projects:export", args=[world.kerpen_process.pk, "xlsx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    response = client.get(reverse("projects:export", args=[world.kerpen_process.pk, "pdf"]))
    assert response.status_code == 404


def test_the_list_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    url = reverse("projects:list", args=[world.kerpen_process.pk])
    ProjectFactory(process=world.kerpen_process)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(25):
        project = ProjectFactory(process=world.kerpen_process, reach=None if n % 2 else 10)
        ProjectRating.objects.create(project=project, criterion=0, score=3)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.text.count("/projects/") >= 26


def test_the_gap_page_changes_with_a_project(client, world):
    client.force_login(world.coordinator)
    url = reverse("projects:gaps", args=[world.kerpen_process.pk])
    empty = client.get(url).text.count("nothing happens here")
    ProjectFactory(process=world.kerpen_process, target_groups=["women", "families"])
    page = client.get(url).text
    assert page.count("nothing happens here") == empty - 2
    # The same gaps as a list, in words.
    assert '<strong dir="auto">Language and education</strong>: nothing for Children' in page
    assert '<strong dir="auto">Health</strong>: no project for any target group' in page


def test_phase_cards_on_preparation_and_day_1(world):
    from cohesion.processes.capabilities import phase_cards
    from cohesion.processes.phases import PHASES_BY_SLUG
    from cohesion.processes.rules import ProcessPhase

    for slug, key in (
        ("preparation", "projects.inventory"),
        ("workshop-day-1", "projects.evaluation"),
    ):
        phase = ProcessPhase(world.kerpen_process, PHASES_BY_SLUG[slug])
        keys = {
            card["key"]
            for card in phase_cards(user=world.working_group_member, process_phase=phase)
        }
        assert key in keys
        keys = {
            card["key"] for card in phase_cards(user=world.other_coordinator, process_phase=phase)
        }
        assert key not in keys


def test_the_process_page_links_the_inventory(client, world):
    url = reverse("processes:detail", args=[world.kerpen_process.pk])
    client.force_login(world.working_group_member)
    assert reverse("projects:list", args=[world.kerpen_process.pk]) in client.get(url).text


def test_the_pages_speak_german(client, world, settings):
    """The fields of action and the criteria come from the workshop's template, in the
    reader's language (the inventory's own words follow with the translations)."""
    settings.LANGUAGE_CODE = "de"
    project = ProjectFactory(process=world.kerpen_process)
    client.force_login(world.coordinator)
    page = client.get(reverse("projects:gaps", args=[world.kerpen_process.pk])).text
    assert "Sprache und Bildung" in page
    page = client.get(reverse("projects:detail", args=[project.pk])).text
    assert "Erreicht die Menschen, für die es gedacht ist" in page
