"""Statements, titles and questions in the reader's language: the organisers' translations beside
the originals, participants' statements kept in their own language, the original one tap away;
and a map with too few people says so."""

import secrets

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohesion.accounts.models import Role
from cohesion.audit.models import AuditEvent
from cohesion.opinions.models import OpinionMapSnapshot, Statement
from cohesion.opinions.selectors import MIN_PEOPLE_FOR_GROUPS
from cohesion.opinions.services import (
    conversation_translate,
    statement_seed,
    statement_translate,
)
from cohesion.participation.devices import COOKIE_NAME, device_hash
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    ParticipantFactory,
    ProcessFactory,
    StatementFactory,
)

GERMAN = "In Kerpen fühlen sich Zugewanderte willkommen."
ARABIC = "يشعر المهاجرون بالترحيب في كيربن."


@pytest.fixture
def conversation(db):
    return ConversationFactory(
        process=ProcessFactory(),
        code="KLIMA1",
        title="Integrationsklima",
        description="Was bedeutet Integration hier?",
    )


@pytest.fixture
def moderator(conversation):
    return MembershipFactory(
        municipality=conversation.process.municipality, role=Role.MODERATOR
    ).user


@pytest.fixture
def member(conversation):
    return MembershipFactory(
        municipality=conversation.process.municipality, role=Role.WORKING_GROUP_MEMBER
    ).user


def _page(client, name, conversation, language):
    client.cookies["cohesion_language"] = language
    return client.get(reverse(f"participate:{name}", args=[conversation.code])).content.decode()


def test_an_arabic_reader_sees_arabic_with_the_german_original_one_tap_away(
    client, conversation, moderator
):
    statement_seed(
        actor=moderator, conversation=conversation, text=GERMAN, translations={"ar": ARABIC}
    )
    conversation_translate(
        actor=moderator,
        conversation=conversation,
        language="ar",
        title="مناخ الاندماج",
        description="ماذا يعني الاندماج هنا؟",
    )
    text = _page(client, "vote", conversation, "ar")
    assert f'lang="ar">{ARABIC}</legend>' in text
    assert f'<p dir="auto" lang="de">{GERMAN}</p></details>' in text
    assert '<h1 dir="auto" lang="ar">مناخ الاندماج</h1>' in text
    assert 'lang="de">Integrationsklima</p></details>' in text
    assert "ماذا يعني الاندماج هنا؟" in text
    # A German reader reads the original, with nothing to unfold.
    text = _page(client, "vote", conversation, "de")
    assert f'lang="de">{GERMAN}</legend>' in text
    assert "<details" not in text


def test_a_participant_s_statement_keeps_its_language_until_a_helper_translates_it(
    client, conversation, moderator
):
    turkish = "Akşamları daha fazla dil kursu olmalı."
    statement = StatementFactory(
        conversation=conversation,
        text=turkish,
        language="tr",
        author=ParticipantFactory(conversation=conversation),
    )
    text = _page(client, "vote", conversation, "ar")
    assert f'lang="tr">{turkish}</legend>' in text
    assert "<details" not in text
    statement_translate(
        actor=moderator, statement=statement, language="ar", text="يجب توفير دورات لغة مسائية."
    )
    statement.refresh_from_db()
    assert statement.text == turkish and statement.language == "tr"
    text = _page(client, "vote", conversation, "ar")
    assert 'lang="ar">يجب توفير دورات لغة مسائية.</legend>' in text
    assert f'<p dir="auto" lang="tr">{turkish}</p></details>' in text


def test_translating_is_for_those_who_manage_it_checked_and_audited(
    conversation, moderator, member
):
    statement = statement_seed(actor=moderator, conversation=conversation, text=GERMAN)
    assert statement.language == "de"  # the conversation's language
    with pytest.raises(PermissionDenied):
        statement_translate(actor=member, statement=statement, language="ar", text=ARABIC)
    with pytest.raises(PermissionDenied):
        conversation_translate(
            actor=member, conversation=conversation, language="en", title="Climate"
        )
    for language, text in (("de", "Noch einmal deutsch"), ("xx", "Whatever it is"), ("en", "\x00")):
        with pytest.raises(ValidationError):
            statement_translate(actor=moderator, statement=statement, language=language, text=text)
    with pytest.raises(ValidationError):
        statement_seed(
            actor=moderator, conversation=conversation, text=GERMAN, translations={"en": "ab"}
        )
    statement_translate(actor=moderator, statement=statement, language="ar", text=ARABIC)
    statement_translate(actor=moderator, statement=statement, language="ar", text=ARABIC)  # same
    conversation_translate(
        actor=moderator, conversation=conversation, language="en", title="Integration climate"
    )
    statement.refresh_from_db()
    conversation.refresh_from_db()
    assert statement.translations == {"ar": ARABIC}
    assert conversation.title_translations == {"en": "Integration climate"}
    assert conversation.title == "Integrationsklima"
    events = AuditEvent.objects.exclude(action="opinions.statement_seed")
    assert sorted(events.values_list("action", flat=True)) == [
        "opinions.conversation_translate",
        "opinions.statement_translate",
    ]
    # An empty text removes the translation, audited too.
    statement_translate(actor=moderator, statement=statement, language="ar", text="")
    statement.refresh_from_db()
    assert statement.translations == {}
    assert AuditEvent.objects.filter(action="opinions.statement_translate").count() == 2


def test_the_organiser_translates_on_the_conversation_s_page_and_sees_what_is_missing(
    client, conversation, moderator
):
    statement = statement_seed(actor=moderator, conversation=conversation, text=GERMAN)
    client.force_login(moderator)
    client.cookies["cohesion_language"] = "en"
    manage = reverse("opinions:manage", args=[conversation.pk])
    page = client.get(manage).content.decode()
    assert page.count('value="translate"') == 1
    assert "Translation missing: en, tr, ar, ru, uk" in page
    client.post(
        manage, {"action": "translate", "statement": statement.pk, "language": "ar", "text": ARABIC}
    )
    client.post(
        manage,
        {
            "action": "translate_conversation",
            "language": "en",
            "title": "Integration climate",
            "description": "What does integration mean here?",
        },
    )
    statement.refresh_from_db()
    conversation.refresh_from_db()
    assert statement.translations == {"ar": ARABIC}
    assert conversation.description_translations == {"en": "What does integration mean here?"}
    page = client.get(manage).content.decode()
    assert "Translation missing: en, tr, ru, uk" in page
    assert ARABIC in page and "Integration climate" in page
    # Who only sees the conversation gets no form and may not post one.
    member = MembershipFactory(
        municipality=conversation.process.municipality, role=Role.WORKING_GROUP_MEMBER
    ).user
    client.force_login(member)
    assert 'value="translate"' not in client.get(manage).content.decode()
    response = client.post(
        manage,
        {"action": "translate", "statement": statement.pk, "language": "en", "text": "x y z"},
    )
    assert response.status_code == 403


def _snapshot(conversation, groups: dict[str, list], statement: Statement, unplaced=()):
    """A stored map: the given members per group, each group characterised by ``statement``,
    and voters the engine has not placed in a group yet."""
    members = {str(p.pk): int(group) for group, people in groups.items() for p in people}
    entry = {"statement": str(statement.pk), "side": "agree", "n_success": 8, "n_trials": 10}
    return OpinionMapSnapshot.objects.create(
        conversation=conversation,
        state={},
        result={
            "participants": members | {str(p.pk): None for p in unplaced},
            "group_sizes": {group: len(people) for group, people in groups.items()},
            "repness": {group: [entry] for group in groups},
            "consensus": {"agree": [], "disagree": []},
            "points": {p: [float(g), 0.0] for p, g in members.items()},
            "group_centres": {group: [float(group), 0.0] for group in groups},
        },
    )


def _as(client, participant):
    token = secrets.token_urlsafe(32)
    participant.device_hash = device_hash(token)
    participant.save(update_fields=["device_hash"])
    client.cookies[COOKIE_NAME] = token


def test_the_map_describes_the_groups_in_the_reader_s_language(client, conversation, moderator):
    statement = statement_seed(
        actor=moderator, conversation=conversation, text=GERMAN, translations={"ar": ARABIC}
    )
    people = ParticipantFactory.create_batch(12, conversation=conversation)
    _snapshot(conversation, {"0": people[:6], "1": people[6:]}, statement)
    text = _page(client, "map", conversation, "ar")
    assert f'<td dir="auto" lang="ar">{ARABIC}<details' in text
    assert f'<p dir="auto" lang="de">{GERMAN}</p></details>' in text
    assert "Too few people" not in _page(client, "map", conversation, "en")


def test_a_map_with_too_few_people_says_so_instead_of_asking_for_more_votes(
    client, conversation, moderator
):
    statement = statement_seed(actor=moderator, conversation=conversation, text=GERMAN)
    people = ParticipantFactory.create_batch(3, conversation=conversation)
    _snapshot(conversation, {"0": people[:2], "1": people[2:]}, statement)
    expected = (
        f"Too few people have voted yet for opinion groups (3 of at least "
        f"{MIN_PEOPLE_FOR_GROUPS}); the map appears when more take part."
    )
    text = _page(client, "map", conversation, "en")  # a visitor
    assert text.count(expected) == 1
    _as(client, people[0])
    text = _page(client, "map", conversation, "en")  # a participant without a shown group
    assert text.count(expected) == 1
    assert "vote on a few more statements" not in text
    assert "Your group is too small" not in text


def test_with_enough_people_an_unplaced_participant_is_asked_to_vote_more(
    client, conversation, moderator
):
    statement = statement_seed(actor=moderator, conversation=conversation, text=GERMAN)
    people = ParticipantFactory.create_batch(MIN_PEOPLE_FOR_GROUPS + 1, conversation=conversation)
    newcomer = people[-1]  # voted, but not placed yet
    groups = {"0": people[:3], "1": people[3:6]}  # neither is shown
    _snapshot(conversation, groups, statement, unplaced=people[6:])
    _as(client, newcomer)
    text = _page(client, "map", conversation, "en")
    assert "Too few people" not in text
    assert "You are not in a group yet: vote on a few more statements." in text
