"""The participants' pages: join by code, vote, add a statement, see the map."""

import secrets

import pytest
from django.urls import reverse

from cohesion.opinions import charts
from cohesion.opinions.models import OpinionMapSnapshot, Participant, Statement, Vote
from cohesion.opinions.services import opinion_map_recompute
from cohesion.participation.devices import COOKIE_NAME, device_hash
from tests.factories import ConversationFactory, ParticipantFactory, StatementFactory


@pytest.fixture
def conversation(db):
    conversation = ConversationFactory(code="K7M2QX", description="What matters to you here?")
    for text in ("Language courses need childcare", "The town hall speaks many languages"):
        StatementFactory(conversation=conversation, text=text)
    return conversation


def _me(client, conversation) -> Participant:
    token = client.cookies[COOKIE_NAME].value
    return Participant.objects.get(conversation=conversation, device_hash=device_hash(token))


def _vote_url(conversation):
    return reverse("participate:vote", args=[conversation.code])


def test_join_by_code_ignores_case_and_spaces(client, conversation):
    page = client.get(reverse("participate:join"))
    assert page.status_code == 200
    assert b'<label for="id_code">' in page.content
    response = client.post(reverse("participate:join"), {"code": " k7m 2qx "})
    assert response.status_code == 302
    assert response["Location"] == _vote_url(conversation)


def test_an_unknown_or_closed_code_shows_the_form_again(client, conversation):
    response = client.post(
        reverse("participate:join"), {"code": "NOPE42"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "There is no conversation with the code NOPE42" in response.content.decode()
    conversation.is_open = False
    conversation.save()
    response = client.post(
        reverse("participate:join"), {"code": "K7M2QX"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "is closed" in response.content.decode()
    assert client.get(reverse("participate:vote", args=["NOPE42"])).status_code == 404


def test_looking_creates_nobody_the_first_vote_creates_one_participant(client, conversation):
    page = client.get(_vote_url(conversation), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert conversation.title in text and "What matters to you here?" in text
    assert "You voted on 0 of 2 statements." in text
    assert page.context["statement"] is not None
    client.get(_vote_url(conversation))
    assert not Participant.objects.filter(conversation=conversation).exists()
    client.post(_vote_url(conversation), {"statement": page.context["statement"].pk, "value": 1})
    client.post(_vote_url(conversation), {"statement": page.context["statement"].pk, "value": -1})
    assert Participant.objects.filter(conversation=conversation).count() == 1
    page = client.get(_vote_url(conversation), HTTP_ACCEPT_LANGUAGE="en")
    assert "You voted on 1 of 2 statements." in page.content.decode()


def test_a_closed_conversation_shows_no_statement_and_no_form(client, conversation):
    conversation.is_open = False
    conversation.save()
    page = client.get(_vote_url(conversation), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "This conversation is closed" in text
    assert page.context["statement"] is None
    assert 'name="value"' not in text and 'name="text"' not in text
    assert not Participant.objects.exists()


def test_voting_moves_on_and_a_changed_vote_replaces_the_old(client, conversation):
    client.get(_vote_url(conversation))
    first = client.get(_vote_url(conversation)).context["statement"]
    response = client.post(_vote_url(conversation), {"statement": first.pk, "value": 1})
    assert response.status_code == 302 and response["Location"] == _vote_url(conversation)
    page = client.get(_vote_url(conversation), HTTP_ACCEPT_LANGUAGE="en")
    second = page.context["statement"]
    assert second is not None and second != first
    assert "You voted on 1 of 2 statements." in page.content.decode()
    client.post(_vote_url(conversation), {"statement": second.pk, "value": 0})
    page = client.get(_vote_url(conversation), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["statement"] is None
    assert "You voted on all statements" in page.content.decode()
    assert reverse("participate:map", args=[conversation.code]) in page.content.decode()
    # Changed mind on the first statement.
    client.post(_vote_url(conversation), {"statement": first.pk, "value": -1})
    me = _me(client, conversation)
    assert dict(me.votes.values_list("statement_id", "value")) == {first.pk: -1, second.pk: 0}


def test_bad_votes_change_nothing(client, conversation):
    statement = conversation.statements.first()
    elsewhere = StatementFactory()
    pending = StatementFactory(conversation=conversation, moderation=Statement.Moderation.PENDING)
    bad = [
        {"statement": elsewhere.pk, "value": 1},
        {"statement": statement.pk, "value": 5},
        {"statement": statement.pk, "value": "yes"},
        {"value": 1},
        {"statement": 999999, "value": 1},
        {"statement": pending.pk, "value": 1},
    ]
    for data in bad:
        response = client.post(_vote_url(conversation), data, follow=True)
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"], data
    # A newcomer whose first vote is refused has not joined.
    assert not Participant.objects.filter(conversation=conversation).exists()
    other = conversation.statements.exclude(pk=statement.pk).first()
    client.post(_vote_url(conversation), {"statement": other.pk, "value": 0})
    me = _me(client, conversation)
    for data in bad:
        response = client.post(_vote_url(conversation), data, follow=True)
        assert [m.level_tag for m in response.context["messages"]] == ["error"], data
    conversation.is_open = False
    conversation.save()
    response = client.post(
        _vote_url(conversation), {"statement": statement.pk, "value": 1}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert list(Vote.objects.values_list("statement", flat=True)) == [other.pk]
    assert Participant.objects.filter(conversation=conversation).get() == me


def test_an_own_statement_waits_for_the_moderation(client, conversation):
    client.get(_vote_url(conversation))
    url = reverse("participate:submit", args=[conversation.code])
    response = client.post(
        url, {"text": "  We need   more evening courses "}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    text = response.content.decode()
    assert "your statement is shown once the moderation has accepted it" in text
    statement = Statement.objects.get(text="We need more evening courses")
    assert statement.moderation == Statement.Moderation.PENDING
    assert statement.author == _me(client, conversation)
    # Not offered for voting until accepted.
    assert response.context["statement"] != statement
    assert response.context["total"] == 2
    # Too short: a message, nothing stored.
    response = client.post(url, {"text": "no"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Statement.objects.filter(author__isnull=False).count() == 1
    assert client.get(url).status_code == 405


def test_the_map_before_the_first_snapshot(client, conversation):
    page = client.get(
        reverse("participate:map", args=[conversation.code]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    assert "The map is drawn once enough people have voted." in page.content.decode()
    assert 'id="update-pending"' not in page.content.decode()


def test_the_map_says_when_new_votes_wait_for_the_next_update(
    client, conversation, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.get(_vote_url(conversation))
    statement = conversation.statements.first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_vote_url(conversation), {"statement": statement.pk, "value": 1})
    page = client.get(
        reverse("participate:map", args=[conversation.code]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "New votes are being counted." in page.content.decode()


def _snapshot(conversation, statements, big, small, viewer):
    """A map with a group of twelve (0) and a group of three (1)."""
    members = {str(p.pk): 0 for p in big} | {str(p.pk): 1 for p in small}
    points = {str(p.pk): [1.0 + i / 100, 1.0] for i, p in enumerate(big)}
    points |= {str(p.pk): [-2.0, -1.5 - i / 100] for i, p in enumerate(small)}
    a, b, c = (str(s.pk) for s in statements)
    entry = {"n_trials": 12, "p_test": 3.0, "repness": 2.0, "repness_test": 2.0}
    return OpinionMapSnapshot.objects.create(
        conversation=conversation,
        state={},
        vote_count=45,
        result={
            "participants": members,
            "k": 2,
            "group_sizes": {"0": len(big), "1": len(small)},
            "repness": {
                "0": [{**entry, "statement": a, "side": "agree", "n_success": 9, "p_success": 0.7}],
                "1": [
                    {
                        **entry,
                        "statement": b,
                        "side": "disagree",
                        "n_success": 3,
                        "n_trials": 3,
                        "p_success": 0.8,
                    }
                ],
            },
            "consensus": {
                "agree": [{"statement": c, "n_success": 14, "n_trials": 15, "p_success": 0.9}],
                "disagree": [],
            },
            "group_informed_consensus": {},
            "points": points,
            "group_centres": {"0": [1.055, 1.0], "1": [-2.0, -1.51]},
            "priorities": {},
        },
    )


@pytest.fixture
def mapped(conversation):
    statements = [
        *conversation.statements.all(),
        StatementFactory(conversation=conversation, text="Everyone wants a meeting place"),
    ]
    statements[1].text = "Only the small group says no"
    statements[1].save()
    big = ParticipantFactory.create_batch(12, conversation=conversation)
    small = ParticipantFactory.create_batch(3, conversation=conversation)
    return statements, big, small


def _as(client, conversation, participant):
    token = secrets.token_urlsafe(32)
    participant.device_hash = device_hash(token)
    participant.save(update_fields=["device_hash"])
    client.cookies[COOKIE_NAME] = token


def test_the_map_shows_big_groups_only_and_no_one_else_s_position(
    client, conversation, mapped, monkeypatch
):
    statements, big, small = mapped
    _snapshot(conversation, statements, big, small, viewer=big[0])
    drawn = []
    real = charts.chart_svg

    def recording(build, **shown):
        drawn.append(shown)
        return real(build, **shown)

    monkeypatch.setattr(charts, "chart_svg", recording)
    url = reverse("participate:map", args=[conversation.code])

    _as(client, conversation, big[0])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'id="last-update"' in text
    assert "You belong to Group A." in text
    assert "Group B" not in text  # the group of three is not listed
    assert "Only the small group says no" not in text
    assert "Language courses need childcare" in text and "75 % agree" in text
    assert "Everyone wants a meeting place" in text  # consensus
    assert "12 people" in text and "3 people" not in text
    assert '<svg role="img"' in text
    # The chart: only the centre of the shown group and the viewer's own point.
    [shown] = drawn
    assert shown["centres"] == [
        {"x": pytest.approx(1.055), "y": 1.0, "size": 12, "label": "Group A"}
    ]
    assert shown["you"] == [1.0, 1.0]

    _as(client, conversation, small[0])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your group is too small to be shown" in text
    assert "Group B" not in text and "Only the small group says no" not in text
    assert drawn[-1]["you"] == [-2.0, -1.5]
    assert all(c["label"] == "Group A" for c in drawn[-1]["centres"])


def test_the_map_for_a_visitor_who_has_not_voted(client, conversation, mapped):
    statements, big, small = mapped
    _snapshot(conversation, statements, big, small, viewer=None)
    text = client.get(
        reverse("participate:map", args=[conversation.code]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "You have not voted in this conversation yet." in text
    assert not Participant.objects.filter(conversation=conversation, votes__isnull=False).exists()
    assert Participant.objects.filter(conversation=conversation).count() == 15


def test_the_map_status_says_when_it_was_drawn_and_whether_votes_wait(
    client, conversation, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    url = reverse("participate:map_status", args=[conversation.code])
    with django_assert_num_queries(2):  # the conversation, the time of its map
        response = client.get(url)
    assert response.json() == {"computed": "", "pending": False}
    assert response["Cache-Control"] == "no-store"

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.get(_vote_url(conversation))
    statement = conversation.statements.first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_vote_url(conversation), {"statement": statement.pk, "value": 1})
    assert client.get(url).json() == {"computed": "", "pending": True}

    opinion_map_recompute(conversation=conversation)
    status = client.get(url).json()
    snapshot = OpinionMapSnapshot.objects.get(conversation=conversation)
    assert status == {"computed": snapshot.computed_at.isoformat(), "pending": False}
    assert client.get(reverse("participate:map_status", args=["NOPE42"])).status_code == 404
