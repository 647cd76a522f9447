"""The public pages without an account: the consultation (comments held for moderation,
limited per address, the opinion map on the goals) and the adopted strategy (only adopted
ones; in the reader's language where translated, else the original with a note)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.opinions.models import Statement
from cohesion.strategies import services
from cohesion.strategies.models import ConsultationComment, Strategy

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def goals(world, strategy):
    field = strategy.fields_of_action.order_by("order")[0]
    first = services.goal_create(
        actor=world.coordinator,
        field_of_action=field,
        title={"de": "Mehr Sprachkurse für Berufstätige", "ar": "المزيد من دورات اللغة"},
    )
    second = services.goal_create(
        actor=world.coordinator, field_of_action=field, title={"de": "Vereine öffnen sich"}
    )
    services.measure_create(actor=world.coordinator, goal=first, title={"de": "Abendkurse"})
    return [first, second]


def _consultation_url(world):
    return reverse("strategy_public:consultation", args=[world.kerpen.ags])


def test_consultation_with_the_opinion_map(client, world, strategy, goals):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("strategies:consultation_open", args=[strategy.pk]),
        {"label": "Entwurf für die Beteiligung", "with_opinion_map": "on"},
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.CONSULTATION
    consultation = strategy.consultations.get()
    assert consultation.version.kind == "consultation"
    statements = Statement.objects.filter(conversation=consultation.conversation)
    assert sorted(statements.values_list("text", flat=True)) == [
        "Mehr Sprachkurse für Berufstätige",
        "Vereine öffnen sich",
    ]
    assert statements.get(text__startswith="Mehr").translations == {"ar": "المزيد من دورات اللغة"}
    assert all(s.is_seed for s in statements)
    assert AuditEvent.objects.filter(action="strategies.consultation_open").count() == 1
    page = client.get(reverse("strategies:consultation", args=[strategy.pk]))
    assert consultation.conversation.code.encode() in page.content
    client.logout()
    page = client.get(_consultation_url(world))
    assert page.status_code == 200
    assert f"/c/{consultation.conversation.code}/".encode() in page.content
    assert "Vereine öffnen sich".encode() in page.content


def test_anonymous_comments_are_held_then_published(client, world, strategy, goals):
    consultation = services.consultation_open(actor=world.coordinator, strategy=strategy)
    response = client.post(
        _consultation_url(world),
        {"about": f"goal-{goals[0].pk}", "text": "Bitte auch\u202e am Samstag!", "name": "Ayşe"},
    )
    assert response.status_code == 302
    comment = ConsultationComment.objects.get()
    assert comment.state == "pending" and comment.text == "Bitte auch am Samstag!"
    assert comment.object_label == "Mehr Sprachkurse für Berufstätige"
    assert b"am Samstag" not in client.get(_consultation_url(world)).content

    client.force_login(world.working_group_member)
    moderate = reverse("strategies:consultation_comment_moderate", args=[comment.pk])
    assert client.post(moderate, {"state": "published"}).status_code == 302
    client.logout()
    assert b"am Samstag" in client.get(_consultation_url(world)).content
    assert AuditEvent.objects.filter(action="strategies.consultation_comment_moderate").exists()

    # Closed: the public page is gone, comments are refused.
    services.consultation_close(actor=world.coordinator, consultation=consultation)
    assert client.get(_consultation_url(world)).status_code == 404
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.DRAFT


def test_a_comment_flood_from_one_address_gets_429(client, world, strategy, goals):
    services.consultation_open(actor=world.coordinator, strategy=strategy)
    statuses = [
        client.post(
            _consultation_url(world), {"about": "strategy", "text": f"Spam {n}"}
        ).status_code
        for n in range(8)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429] * 3
    assert ConsultationComment.objects.count() == 5
    assert b"Too many attempts" in client.post(_consultation_url(world), {}).content


def test_a_forged_state_does_not_publish_a_comment(client, world, strategy, goals):
    services.consultation_open(actor=world.coordinator, strategy=strategy)
    client.post(
        _consultation_url(world),
        {"about": "strategy", "text": "Selbst veröffentlicht", "state": "published"},
    )
    assert ConsultationComment.objects.get().state == "pending"
    assert b"Selbst" not in client.get(_consultation_url(world)).content


def test_forged_and_bad_public_comments_write_nothing(client, world, strategy, goals):
    services.consultation_open(actor=world.coordinator, strategy=strategy)
    # A goal added after the consultation began is not in the consulted version.
    later = services.goal_create(
        actor=world.coordinator, field_of_action=goals[0].field_of_action, title={"de": "Später"}
    )
    for data in (
        {"about": f"goal-{later.pk}", "text": "Gibt es nicht"},
        {"about": "goal-abc", "text": "kaputt"},
        {"about": "strategy", "text": "\x00\x00\x00"},
        {"about": "strategy", "text": "x" * 2001},
        {"about": "strategy", "text": "ok!", "name": "n" * 81},
    ):
        assert client.post(_consultation_url(world), data).status_code == 400, data
    assert not ConsultationComment.objects.exists()


def test_moderation_by_the_editors_of_this_municipality_only(client, world, strategy, goals):
    consultation = services.consultation_open(actor=world.coordinator, strategy=strategy)
    comment = services.consultation_comment_submit(consultation=consultation, text="Hallo Welt")
    url = reverse("strategies:consultation_comment_moderate", args=[comment.pk])
    client.force_login(world.other_coordinator)
    assert client.post(url, {"state": "published"}).status_code == 404
    client.force_login(world.moderator)
    assert client.post(url, {"state": "published"}).status_code == 403
    client.force_login(world.coordinator)
    assert client.post(url, {"state": "shown-to-all"}).status_code == 302  # a message
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_the_public_page_shows_only_adopted_strategies(
    client, world, strategy, goals, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("strategy_public:strategy", args=[world.kerpen.ags])
    assert client.get(url).status_code == 404
    services.consultation_open(actor=world.coordinator, strategy=strategy)
    assert client.get(url).status_code == 404
    for ags in ("99999999", "abc", "0536203"):
        assert client.get(f"/strategy/{ags}/").status_code == 404
    services.strategy_adopt(
        actor=world.coordinator,
        strategy=strategy,
        decided_on=datetime.date(2026, 11, 5),
        reference="Rat 2026/117",
        document=SimpleUploadedFile("d.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
    )
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rat 2026/117" in html and "Vereine öffnen sich" in html and "Abendkurse" in html
    assert "not translated yet" in html  # English reader, German original
    download = client.get(reverse("strategy_public:decision", args=[world.kerpen.ags]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # In Arabic, the translated goal is shown in Arabic, the others in German with the note.
    client.post(reverse("accounts:language_set"), {"language": "ar", "next": url})
    html = client.get(url).content.decode()
    assert "المزيد من دورات اللغة" in html
    assert "Vereine öffnen sich" in html
    # Stuttgart has no adopted strategy.
    assert client.get(f"/strategy/{world.stuttgart.ags}/").status_code == 404


def test_the_public_page_queries_do_not_grow_with_measures(
    client, world, strategy, goals, django_assert_max_num_queries
):
    services.strategy_adopt(
        actor=world.coordinator,
        strategy=strategy,
        decided_on=datetime.date(2026, 11, 5),
        reference="R",
    )
    url = reverse("strategy_public:strategy", args=[world.kerpen.ags])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(20):
        services.measure_create(actor=world.coordinator, goal=goals[1], title={"de": f"M {n}"})
    services.strategy_adopt(
        actor=world.coordinator,
        strategy=strategy,
        decided_on=datetime.date(2026, 11, 6),
        reference="R2",
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert b"M 19" in client.get(url).content


def test_an_opinion_map_that_cannot_be_made_leaves_nothing_half_written(client, world, strategy):
    from cohesion.opinions.models import Conversation
    from cohesion.strategies.models import Consultation, StrategyVersion

    services.goal_create(
        actor=world.coordinator,
        field_of_action=strategy.fields_of_action.first(),
        title={"de": "Ja"},  # too short for a statement
    )
    client.force_login(world.coordinator)
    response = client.post(
        reverse("strategies:consultation_open", args=[strategy.pk]), {"with_opinion_map": "on"}
    )
    assert response.status_code == 302
    assert not Consultation.objects.exists() and not StrategyVersion.objects.exists()
    assert not Conversation.objects.exists()
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.DRAFT
    page = client.get(reverse("strategies:consultation", args=[strategy.pk]))
    assert b"between 3 and" in page.content or b"statement" in page.content


def test_a_content_change_during_the_consultation_leaves_the_consulted_version(
    client, world, strategy, goals
):
    consultation = services.consultation_open(actor=world.coordinator, strategy=strategy)
    services.goal_update(actor=world.coordinator, goal=goals[1], title={"de": "Geändert"})
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.CONSULTATION
    page = client.get(_consultation_url(world)).content.decode()
    assert "Vereine öffnen sich" in page and "Geändert" not in page
    consultation.version.refresh_from_db()
    assert consultation.version.number == 1


def test_the_opinion_map_of_a_consultation_speaks_the_strategy_s_language(world, strategy):
    from cohesion.opinions.models import Conversation

    Strategy.objects.filter(pk=strategy.pk).update(source_language="tr")
    strategy.refresh_from_db()
    field = strategy.fields_of_action.order_by("order")[0]
    services.goal_create(
        actor=world.coordinator,
        field_of_action=field,
        title={"tr": "Çalışanlar için daha fazla dil kursu", "de": "Mehr Sprachkurse"},
    )
    consultation = services.consultation_open(actor=world.coordinator, strategy=strategy)
    conversation = services.consultation_opinion_map_create(
        actor=world.coordinator, consultation=consultation
    )
    conversation = Conversation.objects.get(pk=conversation.pk)
    assert conversation.source_language == "tr"
    statement = conversation.statements.get()
    assert statement.text == "Çalışanlar için daha fazla dil kursu"
    assert statement.language == "tr"
