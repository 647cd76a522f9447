from django.urls import reverse


def test_the_navigation_links_the_programmes_only_for_their_managers(client, world):
    link = f'href="{reverse("onboarding:programmes")}"'
    assert link not in client.get(reverse("home")).content.decode()
    for person, shown in [(world.manager, True), (world.coordinator, False)]:
        client.force_login(person)
        assert (link in client.get(reverse("home")).content.decode()) is shown
