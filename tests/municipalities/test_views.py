from django.urls import reverse

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
    assert content.count("/municipalities/0") + content.count("/municipalities/9") >= 12


def test_coordinator_sees_only_their_own_municipality(client, world):
    client.force_login(world.coordinator)
    content = client.get(reverse("municipalities:list")).content.decode()
    assert world.kerpen.name in content
    assert world.stuttgart.name not in content


def test_municipality_page_shows_registry_facts(client, world):
    client.force_login(world.coordinator)
    content = client.get(
        reverse("municipalities:detail", args=[world.kerpen.ags]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "05362032" in content
    assert "medium (20,000 to 99,999 inhabitants)" in content


def test_unknown_key_is_a_404(client, world):
    client.force_login(world.manager)
    assert client.get("/municipalities/99999999/").status_code == 404
    assert client.get("/municipalities/not-a-key/").status_code == 404
