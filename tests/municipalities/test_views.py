import re

from django.urls import reverse

from cohesion.municipalities.services import registry_import_gv100ad
from tests.factories import MunicipalityFactory, ProcessFactory


def test_programme_manager_sees_all_municipalities_of_the_programme(
    client, world, django_assert_num_queries
):
    client.force_login(world.manager)
    client.get(reverse("municipalities:list"))
    with django_assert_num_queries(5):
        content = client.get(reverse("municipalities:list")).content.decode()
    assert world.kerpen.name in content and world.stuttgart.name in content
    for _ in range(10):
        ProcessFactory(programme=world.programme, municipality=MunicipalityFactory())
    with django_assert_num_queries(5):
        content = client.get(reverse("municipalities:list")).content.decode()
    assert len(re.findall(r'href="/municipalities/\d+/"', content)) == 12


def test_coordinator_sees_only_their_own_municipality(client, world):
    client.force_login(world.coordinator)
    content = client.get(reverse("municipalities:list")).content.decode()
    assert world.kerpen.name in content
    assert world.stuttgart.name not in content


def test_searching_the_registry_pages_through_results_in_constant_queries(
    client, world, django_assert_num_queries
):
    registry_import_gv100ad()
    client.force_login(world.coordinator)
    url = reverse("municipalities:list")
    client.get(url)
    # session, user, roles, managed programmes, own municipalities, newest edition, count, page
    with django_assert_num_queries(8):
        response = client.get(url, {"q": "berg"}, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    total = response.context["results"].paginator.count
    assert total > 100
    assert f"{total} entries found." in content
    assert len(re.findall(r'href="/municipalities/\d+/"', content)) == 1 + 25  # own + a page
    with django_assert_num_queries(8):
        last = client.get(url, {"q": "berg", "page": 999})
    assert last.context["results"].number == last.context["results"].paginator.num_pages


def test_a_too_long_query_gets_a_clear_message(client, world):
    client.force_login(world.coordinator)
    response = client.get(
        reverse("municipalities:list"), {"q": "x" * 101}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Please enter at most 100 characters." in response.content.decode()
    assert response.context["results"] is None


def test_municipality_page_shows_registry_facts_and_population_history(client, world):
    registry_import_gv100ad()
    client.force_login(world.other_coordinator)  # registry data is public to every signed-in person
    content = client.get(
        reverse("municipalities:detail", args=["05362032"]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "05362032" in content
    assert "medium (20,000 to 99,999 inhabitants)" in content
    assert "Population over time" in content
    assert "66585" in content
    # Stuttgart's coordinator sees no process of Kerpen.
    assert f"/processes/{world.kerpen_process.pk}/" not in content


def test_unknown_key_is_a_404(client, world):
    client.force_login(world.manager)
    assert client.get("/municipalities/99999999/").status_code == 404
    assert client.get("/municipalities/not-a-key/").status_code == 404
    assert client.get("/municipalities/1234/").status_code == 404
