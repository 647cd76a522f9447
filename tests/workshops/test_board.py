"""The board of a brainstorm: clusters made by hand or suggested by the grouping, cards moved
between them, and the candidate goals and measures that carry their cards and votes on to the
strategy. Who may, what the audit trail says, and the pages' cost."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.workshops import services
from cohesion.workshops.models import (
    Answer,
    Candidate,
    Card,
    Cluster,
    Workshop,
    WorkshopParticipant,
)

pytestmark = pytest.mark.django_db

CARDS = [
    ("Mehr Sprachkurse am Abend für Berufstätige", "de", 0),
    ("Sprachkurse mit Kinderbetreuung", "de", 0),
    ("Sprachkurse online", "de", 1),
    ("Affordable housing for large families", "en", 2),
    ("More affordable housing near the centre", "en", 2),
    ("ملاعب رياضية للشباب في الحي", "ar", 4),
    ("نوادي رياضية للشباب والشابات", "ar", 4),
    ("Ein Willkommensfest im Stadtpark", "de", None),
]


def _board(workshop):
    return workshop.items.filter(kind="cards").order_by("day__phase_slug", "position").first()


def _cards(item, rows=CARDS, **fields):
    """Cards as participants would have written them (the moderation is another branch's)."""
    return [
        Card.objects.create(item=item, text=text, language=language, category=category, **fields)
        for text, language, category in rows
    ]


@pytest.fixture
def item(workshop):
    return _board(workshop)


def test_clusters_are_made_renamed_and_deleted_with_their_cards_kept(world, item):
    cards = _cards(item)
    cluster = services.cluster_create(
        actor=world.moderator, item=item, title={"de": "Sprache"}, category=0
    )
    assert not cluster.suggested and cluster.category == 0
    services.card_cluster_set(actor=world.moderator, card=cards[0], cluster=cluster)
    services.card_cluster_set(actor=world.moderator, card=cards[1], cluster=cluster)
    assert set(cluster.cards.all()) == {cards[0], cards[1]}
    services.cluster_rename(actor=world.moderator, cluster=cluster, title={"en": "Language"})
    cluster.refresh_from_db()
    assert cluster.title == {"en": "Language"} and cluster.category == 0
    services.card_cluster_set(actor=world.moderator, card=cards[1], cluster=None)
    services.cluster_delete(actor=world.moderator, cluster=cluster)
    assert not Cluster.objects.filter(pk=cluster.pk).exists()
    assert Card.objects.filter(item=item).count() == len(CARDS)
    assert not Card.objects.filter(item=item).exclude(cluster=None).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="workshops.c").values_list("action", flat=True)
    )
    assert actions.count("workshops.card_cluster_set") == 3
    assert {"workshops.cluster_create", "workshops.cluster_change"} <= set(actions)
    assert "workshops.cluster_delete" in actions


def test_a_cluster_needs_a_title_and_a_known_field_of_action(world, item):
    with pytest.raises(ValidationError):
        services.cluster_create(actor=world.moderator, item=item, title={"de": "  "})
    with pytest.raises(ValidationError):
        services.cluster_create(actor=world.moderator, item=item, title={"de": "X"}, category=99)
    scale = item.workshop.items.filter(kind="scale").first()
    with pytest.raises(ValidationError):
        services.cluster_create(actor=world.moderator, item=scale, title={"de": "X"})


def test_an_outsider_may_not_arrange_the_board(world, item):
    cards = _cards(item)
    cluster = services.cluster_create(actor=world.moderator, item=item, title={"de": "Sprache"})
    for actor in (world.outsider, world.other_coordinator, world.working_group_member):
        with pytest.raises(PermissionDenied):
            services.cluster_create(actor=actor, item=item, title={"de": "X"})
        with pytest.raises(PermissionDenied):
            services.card_cluster_set(actor=actor, card=cards[0], cluster=cluster)
        with pytest.raises(PermissionDenied):
            services.clusters_suggest(actor=actor, item=item)
        with pytest.raises(PermissionDenied):
            services.candidate_from_cluster(actor=actor, cluster=cluster)
    assert cluster.cards.count() == 0


def test_a_card_goes_only_into_a_cluster_of_its_own_board(world, item):
    """Another workshop's card, or another board's, is refused (the manager may edit both)."""
    cluster = services.cluster_create(actor=world.manager, item=item, title={"de": "Sprache"})
    stuttgart = services.workshop_create(actor=world.manager, process=world.stuttgart_process)
    foreign = _cards(_board(stuttgart), CARDS[:1])[0]
    with pytest.raises(ValidationError):
        services.card_cluster_set(actor=world.manager, card=foreign, cluster=cluster)
    other_board = item.workshop.items.filter(kind="cards").exclude(pk=item.pk).first()
    elsewhere = _cards(other_board, CARDS[:1])[0]
    with pytest.raises(ValidationError):
        services.card_cluster_set(actor=world.manager, card=elsewhere, cluster=cluster)
    foreign.refresh_from_db()
    elsewhere.refresh_from_db()
    assert foreign.cluster_id is None and elsewhere.cluster_id is None


def test_suggest_accept_and_a_candidate_goal_with_its_cards(world, item):
    cards = _cards(item)
    hidden = Card.objects.create(
        item=item, text="Sprachkurse sofort", moderation=Card.Moderation.PENDING
    )
    # A cluster placed by hand stays as it is.
    mine = services.cluster_create(actor=world.moderator, item=item, title={"de": "Fest"})
    services.card_cluster_set(actor=world.moderator, card=cards[7], cluster=mine)
    clusters = services.clusters_suggest(actor=world.moderator, item=item)
    assert len(clusters) == 3
    assert all(cluster.suggested for cluster in clusters)
    grouped = [sorted(c.pk for c in cluster.cards.all()) for cluster in clusters]
    assert sorted(c.pk for c in cards[0:3]) in grouped
    assert sorted(c.pk for c in cards[3:5]) in grouped
    assert sorted(c.pk for c in cards[5:7]) in grouped
    hidden.refresh_from_db()
    assert hidden.cluster_id is None  # waiting for moderation: not on the board
    mine.refresh_from_db()
    assert list(mine.cards.all()) == [cards[7]] and not mine.suggested
    courses = next(cluster for cluster in clusters if cards[0] in cluster.cards.all())
    assert courses.title == {"de": "Sprachkurse"}
    assert courses.category == 0  # most of its cards name the first field of action
    assert AuditEvent.objects.filter(action="workshops.clusters_suggest").count() == 1
    # Suggesting again finds nothing left to group.
    assert services.clusters_suggest(actor=world.moderator, item=item) == []

    services.cluster_accept(actor=world.moderator, cluster=courses)
    courses.refresh_from_db()
    assert not courses.suggested
    goal = services.candidate_from_cluster(actor=world.moderator, cluster=courses)
    assert goal.kind == Candidate.Kind.GOAL
    assert goal.title == {"de": "Sprachkurse"}
    assert goal.cluster == courses
    assert set(goal.cards.all()) == set(cards[0:3])
    assert goal.field_of_action == item.config["categories"][0]["de"]
    assert AuditEvent.objects.filter(action="workshops.candidate_create").count() == 1
    with pytest.raises(ValidationError):  # once per cluster
        services.candidate_from_cluster(actor=world.moderator, cluster=courses)
    # Without a field of action of its own, the cluster's cards name it.
    housing = next(cluster for cluster in clusters if cards[3] in cluster.cards.all())
    Cluster.objects.filter(pk=housing.pk).update(category=None)
    housing.refresh_from_db()
    second = services.candidate_from_cluster(actor=world.moderator, cluster=housing)
    assert second.field_of_action == item.config["categories"][2]["de"]
    services.candidate_delete(actor=world.moderator, candidate=second)
    assert not Candidate.objects.filter(pk=second.pk).exists()
    assert AuditEvent.objects.filter(action="workshops.candidate_delete").count() == 1


def test_an_empty_cluster_is_no_candidate_goal(world, item):
    cluster = services.cluster_create(actor=world.moderator, item=item, title={"de": "Leer"})
    with pytest.raises(ValidationError):
        services.candidate_from_cluster(actor=world.moderator, cluster=cluster)


OPTIONS = [
    {"de": "Sprachcafé im Rathaus", "en": "Language café at the town hall"},
    {"de": "Patenschaften für Neuzugewanderte", "en": "Mentoring for newcomers"},
    {"de": "Interkulturelles Stadtfest", "en": "Intercultural town festival"},
]


def _dots(workshop):
    """The template's dot voting, with the ideas brought over from the boards as its options."""
    dots = workshop.items.filter(kind="dots").first()
    dots.config = {**dots.config, "options": OPTIONS}
    dots.save(update_fields=["config"])
    return dots


def test_a_candidate_measure_from_a_top_voted_option(world, workshop, item):
    dots = _dots(workshop)
    option_text = dots.config["options"][1][workshop.source_language]
    card = _cards(item, [(option_text, "de", 3)])[0]
    participant = WorkshopParticipant.objects.create(
        workshop=workshop, device_hash="a" * 64, language="de"
    )
    Answer.objects.create(item=dots, participant=participant, value={"1": 3}, client_key="k" * 8)
    measure = services.candidate_from_option(actor=world.moderator, item=dots, option=1)
    assert measure.kind == Candidate.Kind.MEASURE
    assert measure.voted_item == dots and measure.voted_option == 1
    assert measure.title[workshop.source_language] == option_text
    assert list(measure.cards.all()) == [card]
    assert measure.field_of_action == item.config["categories"][3]["de"]
    with pytest.raises(ValidationError):
        services.candidate_from_option(actor=world.moderator, item=dots, option=1)
    with pytest.raises(ValidationError):
        services.candidate_from_option(actor=world.moderator, item=dots, option=99)
    with pytest.raises(ValidationError):
        services.candidate_from_option(actor=world.moderator, item=item, option=0)
    with pytest.raises(PermissionDenied):
        services.candidate_from_option(actor=world.outsider, item=dots, option=0)


# --- the pages ---


def test_the_board_shows_clusters_cards_and_translations(
    client, world, item, django_assert_max_num_queries
):
    cards = _cards(item)
    Card.objects.filter(pk=cards[5].pk).update(translations={"en": "Sports grounds for youth"})
    services.clusters_suggest(actor=world.moderator, item=item)
    client.force_login(world.moderator)
    url = reverse("workshops:board", args=[item.workshop_id, item.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    for text, _language, _category in CARDS:
        assert text in page
    assert "Sports grounds for youth" in page
    assert reverse("workshops:card_move", args=[item.workshop_id, cards[0].pk]) in page
    assert 'dir="auto"' in page
    # More cards and clusters cost no more queries.
    _cards(item)
    services.clusters_suggest(actor=world.moderator, item=item)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_board_is_not_found_for_others_or_items_without_cards(client, world, item):
    url = reverse("workshops:board", args=[item.workshop_id, item.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.moderator)
    scale = item.workshop.items.filter(kind="scale").first()
    response = client.get(reverse("workshops:board", args=[item.workshop_id, scale.pk]))
    assert response.status_code == 404


def test_moving_a_card_with_the_form(client, world, item):
    cards = _cards(item)
    cluster = services.cluster_create(actor=world.moderator, item=item, title={"de": "Sprache"})
    client.force_login(world.moderator)
    move = reverse("workshops:card_move", args=[item.workshop_id, cards[0].pk])
    response = client.post(move, {"cluster": str(cluster.pk)})
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:board", args=[item.workshop_id, item.pk])
    cards[0].refresh_from_db()
    assert cards[0].cluster == cluster
    client.post(move, {"cluster": ""})
    cards[0].refresh_from_db()
    assert cards[0].cluster is None
    # A cluster of another board is refused.
    other = item.workshop.items.filter(kind="cards").exclude(pk=item.pk).first()
    foreign = services.cluster_create(actor=world.moderator, item=other, title={"de": "X"})
    client.post(move, {"cluster": str(foreign.pk)})
    cards[0].refresh_from_db()
    assert cards[0].cluster is None


def test_board_buttons_suggest_accept_and_make_a_goal(client, world, item):
    _cards(item)
    client.force_login(world.moderator)
    workshop_pk = item.workshop_id
    client.post(reverse("workshops:board_suggest", args=[workshop_pk, item.pk]))
    cluster = Cluster.objects.filter(item=item, suggested=True).first()
    assert cluster is not None
    client.post(reverse("workshops:cluster", args=[workshop_pk, cluster.pk, "accept"]))
    client.post(
        reverse("workshops:cluster", args=[workshop_pk, cluster.pk, "rename"]),
        {"title": "Language courses", "category": "1"},
    )
    client.post(reverse("workshops:cluster", args=[workshop_pk, cluster.pk, "candidate"]))
    cluster.refresh_from_db()
    assert not cluster.suggested and cluster.title == {"de": "Language courses"}
    goal = Candidate.objects.get(cluster=cluster)
    assert goal.field_of_action == item.config["categories"][1]["de"]
    client.post(reverse("workshops:cluster_add", args=[workshop_pk, item.pk]), {"title": "Neu"})
    assert Cluster.objects.filter(item=item, title={"de": "Neu"}).exists()


def test_the_candidates_page_links_back_to_cards_and_votes(
    client, world, workshop, item, django_assert_max_num_queries
):
    cards = _cards(item)
    cluster = services.cluster_create(actor=world.moderator, item=item, title={"de": "Sprache"})
    services.card_cluster_set(actor=world.moderator, card=cards[0], cluster=cluster)
    services.candidate_from_cluster(actor=world.moderator, cluster=cluster)
    client.force_login(world.moderator)
    dots = _dots(workshop)
    response = client.post(
        reverse("workshops:candidate_measure", args=[workshop.pk]),
        {"item": str(dots.pk), "option": "0"},
    )
    assert response.status_code == 302
    measure = Candidate.objects.get(kind=Candidate.Kind.MEASURE)
    url = reverse("workshops:candidates", args=[workshop.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    page = response.content.decode()
    assert "Sprache" in page
    assert f"#card-{cards[0].pk}" in page
    assert dots.config["options"][0][workshop.source_language] in page
    assert reverse("workshops:candidate_delete", args=[workshop.pk, measure.pk]) in page
    client.post(reverse("workshops:candidate_delete", args=[workshop.pk, measure.pk]))
    assert not Candidate.objects.filter(pk=measure.pk).exists()
    # The console leads from a voting's results to its top ideas.
    Workshop.objects.filter(pk=workshop.pk).update(current_item=dots)
    console = client.get(reverse("workshops:console", args=[workshop.pk])).content.decode()
    assert f"{url}#voted-{dots.pk}" in console
    agenda = client.get(reverse("workshops:agenda", args=[workshop.pk])).content.decode()
    assert url in agenda
    assert reverse("workshops:board", args=[workshop.pk, item.pk]) in agenda
