"""Cards of the live workshop (brainstorm, open text, questions): written once whatever the
network does, within a limit, moderated, typed in from paper, upvoted, counted and shown, and
erased with the participant who wrote them."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from cohesion.audit.models import AuditEvent
from cohesion.participation.devices import device_hash
from cohesion.workshops import contributions, services, tally
from cohesion.workshops.messages import card_error_message
from cohesion.workshops.models import Card, CardUpvote, Item, Workshop, WorkshopParticipant
from cohesion.workshops.selectors import item_results
from cohesion.workshops.services import CardError, card_submit, card_upvote

pytestmark = pytest.mark.django_db


def _item(world, workshop, kind="cards", *, open_it=True, **config):
    """A card item of the template (a brainstorm with fields of action), or one of the given
    kind; opened (live, so current) unless told otherwise."""
    item = workshop.items.filter(kind=kind).order_by("day__phase_slug", "position").first()
    if item is None:
        item = Item.objects.create(
            workshop=workshop,
            day=workshop.days.first(),
            position=99,
            kind=kind,
            title={"de": "Ihre Fragen", "en": "Your questions"},
        )
    if config:
        Item.objects.filter(pk=item.pk).update(config={**item.config, **config})
    item.refresh_from_db()
    if open_it:
        item = services.item_run(actor=world.moderator, item=item, action="open")
    return item


def _person(workshop, device="card-token-00000000001", language="de", **fields):
    return services.participant_join(
        workshop=workshop, device_hash=device_hash(device), language=language, **fields
    )


def _card(participant, item, text="Mehr Sprachkurse am Abend", key="card-key-0001", **fields):
    return card_submit(
        participant=participant, item_id=item.pk, text=text, client_key=key, **fields
    )


def _refused(code, call, *args, **kwargs):
    with pytest.raises(CardError) as raised:
        call(*args, **kwargs)
    assert raised.value.code == code


# --- writing cards ---


def test_a_resent_card_is_stored_once_in_the_writers_language(world, workshop):
    item = _item(world, workshop)
    person = _person(workshop, language="tr")
    first = _card(person, item, text="Akşam dil kursları", category=2)
    again = _card(person, item, text="Akşam dil kursları", category=2)
    assert (first.status, again.status) == ("counted", "repeated")
    assert first.card_id == again.card_id and first.moderation == "accepted"
    card = Card.objects.get()
    assert (card.text, card.language, card.category, card.participant) == (
        "Akşam dil kursları",
        "tr",
        2,
        person,
    )
    assert _card(person, item, key="card-key-0002").status == "counted"
    assert Card.objects.count() == 2


@override_settings(WORKSHOP_CARDS_PER_MINUTE=2)
def test_cards_are_limited_per_participant_item_and_minute(world, workshop):
    item = _item(world, workshop)
    person = _person(workshop)
    _card(person, item, key="card-key-0001")
    _card(person, item, key="card-key-0002")
    _refused("card_limit", _card, person, item, key="card-key-0003")
    # a resend of a stored card is still acknowledged, and others may write on
    assert _card(person, item, key="card-key-0002").status == "repeated"
    assert _card(_person(workshop, device="card-token-00000000002"), item).status == "counted"
    assert Card.objects.count() == 3
    with translation.override("de"):
        assert card_error_message("card_limit") != card_error_message("malformed")


def test_a_card_item_takes_cards_only_while_it_is_open(world, workshop):
    person = _person(workshop)
    waiting = _item(world, workshop, open_it=False)
    _refused("not_open", _card, person, waiting)
    item = _item(world, workshop)
    services.item_run(actor=world.moderator, item=item, action="lock")
    _refused("not_open", _card, person, item)
    services.item_run(actor=world.moderator, item=item, action="open")
    other = workshop.items.filter(kind="open").first()
    services.item_run(actor=world.moderator, item=other, action="open")  # now the current one
    _refused("not_open", _card, person, item)
    Workshop.objects.filter(pk=workshop.pk).update(is_open=False)
    _refused("closed", _card, person, other)
    scale = workshop.items.filter(kind="scale").first()
    _refused("no_cards", _card, person, scale)
    _refused(
        "no_such_item", card_submit, participant=person, item_id="1", text="x", client_key="k" * 10
    )
    assert not Card.objects.exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("\u202e\u2066\u2069", "text_length"),  # nothing but bidirectional controls
        ("\u200b\u200b\ufeff", "text_length"),  # nothing but invisible characters
        ("\u200d\u200d", "text_invisible"),  # joiners alone are kept, but show nothing
        ("x" * 281, "text_length"),
        ("x" * 100_000, "text_length"),
        ("   ", "text_length"),
        ("Sprach\x00kurse", "text_control"),
        ("Sprach\x1bkurse", "text_control"),
        (["a", "list"], "text_length"),
        (None, "text_length"),
    ],
)
def test_unreadable_text_is_refused_with_nothing_written(world, workshop, text, code):
    item = _item(world, workshop)
    _refused(code, _card, _person(workshop), item, text=text)
    assert not Card.objects.exists()


def test_bidirectional_overrides_are_taken_out_of_a_card(world, workshop):
    item = _item(world, workshop)
    _card(_person(workshop), item, text="Sprach\u202ekurse\u202c am Abend\u200b")
    assert Card.objects.get().text == "Sprachkurse am Abend"


def test_a_category_must_be_a_field_of_action_of_the_item(world, workshop):
    item = _item(world, workshop)
    person = _person(workshop)
    categories = len(item.config["categories"])
    for category in (categories, -1, "1", True, 1.0):
        _refused("no_such_category", _card, person, item, category=category)
    _refused("key", _card, person, item, key="short")
    _refused("key", _card, person, item, key=["a"])
    assert not Card.objects.exists()


def test_a_premoderated_item_queues_cards_for_the_moderator(client, world, workshop):
    item = _item(world, workshop, premoderate=True)
    receipt = _card(_person(workshop), item)
    assert receipt.moderation == "pending"
    card = Card.objects.get()
    assert card.moderation == Card.Moderation.PENDING
    client.force_login(world.moderator)
    console = client.get(reverse("workshops:console", args=[workshop.pk])).content.decode()
    assert "Mehr Sprachkurse am Abend" in console
    assert reverse("workshops:card_action", args=[workshop.pk, card.pk, "accept"]) in console
    # the presenter shows nothing before the results are revealed, and never the queue
    presenter = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert "Mehr Sprachkurse am Abend" not in presenter
    response = client.post(reverse("workshops:card_action", args=[workshop.pk, card.pk, "accept"]))
    assert response["Location"] == reverse("workshops:console", args=[workshop.pk])
    card.refresh_from_db()
    assert card.moderation == Card.Moderation.ACCEPTED
    event = AuditEvent.objects.get(action="workshops.card_moderate")
    assert (event.before, event.after) == ({"moderation": "pending"}, {"moderation": "accepted"})
    services.item_run(actor=world.moderator, item=item, action="reveal")
    presenter = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert "Mehr Sprachkurse am Abend" in presenter


def test_the_moderator_types_in_paper_cards_and_deletes_with_a_trail(client, world, workshop):
    item = _item(world, workshop)
    with pytest.raises(PermissionDenied):
        services.card_type_in(actor=world.outsider, item=item, text="Text", language="de")
    with pytest.raises(ValidationError):
        services.card_type_in(actor=world.moderator, item=item, text="Text", language="xx")
    client.force_login(world.moderator)
    url = reverse("workshops:card_add", args=[workshop.pk, item.pk])
    client.post(url, {"text": "Mentoring für Neue", "language": "de", "category": "1"})
    card = Card.objects.get()
    assert (card.participant, card.category, card.moderation) == (None, 1, "accepted")
    assert AuditEvent.objects.filter(action="workshops.card_type_in").count() == 1
    client.post(reverse("workshops:card_action", args=[workshop.pk, card.pk, "delete"]))
    assert not Card.objects.exists()
    trail = AuditEvent.objects.get(action="workshops.card_delete")
    assert trail.before["text"] == "Mentoring für Neue"


def test_cards_are_shown_by_field_of_action_with_a_translation_beside(client, world, workshop):
    item = _item(world, workshop)
    Workshop.objects.filter(pk=workshop.pk).update(room_language="en")
    _card(_person(workshop), item, text="Abendkurse", category=0)
    Card.objects.update(translations={"en": "Evening classes"})
    services.item_run(actor=world.moderator, item=item, action="reveal")
    client.force_login(world.moderator)
    page = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert '<span dir="auto" lang="de">Abendkurse</span>' in page
    assert "Evening classes" in page
    assert item_results(item=item)["count"]["counts"][0] == 1


def test_the_fallback_card_form_sent_twice_stores_once(client, world, workshop):
    item = _item(world, workshop)
    client.post(
        reverse("participate:workshop_join", args=[workshop.code]),
        {"language": "ar", "nickname": "", "group": "", "attribute": ""},
    )
    room = client.get(reverse("participate:workshop", args=[workshop.code])).content.decode()
    assert reverse("participate:workshop_card", args=[workshop.code]) in room
    url = reverse("participate:workshop_card", args=[workshop.code])
    data = {"item": item.pk, "text": "دروس مسائية", "category": "", "key": "form-key-0001"}
    for _attempt in range(2):
        response = client.post(url, data)
        assert response["Location"] == reverse("participate:workshop", args=[workshop.code])
    assert Card.objects.get().language == "ar"
    client.post(url, {**data, "key": "form-key-0002", "text": "\u202e"})
    assert Card.objects.count() == 1


# --- questions and upvotes ---


def test_a_question_is_upvoted_once(client, world, workshop):
    item = _item(world, workshop, "questions")
    asker = _person(workshop)
    voter = _person(workshop, device="card-token-00000000002")
    version = Workshop.objects.get(pk=workshop.pk).version
    question = Card.objects.get(pk=_card(asker, item, text="Wann beginnt es?").card_id)
    # the phones list the accepted questions: their fragment is rendered anew
    assert Workshop.objects.get(pk=workshop.pk).version == version + 1
    first = card_upvote(participant=voter, card_id=question.pk)
    second = card_upvote(participant=voter, card_id=question.pk)
    assert (first.status, second.status, second.upvotes) == ("counted", "repeated", 1)
    assert card_upvote(participant=asker, card_id=question.pk).upvotes == 2  # one's own too
    assert CardUpvote.objects.count() == 2
    assert item_results(item=item)["count"] == {"total": 1, "upvotes": 2}
    _refused("no_such_card", card_upvote, participant=voter, card_id=999_999)
    _refused("no_such_card", card_upvote, participant=voter, card_id="1")
    Card.objects.filter(pk=question.pk).update(moderation=Card.Moderation.PENDING)
    _refused("no_such_card", card_upvote, participant=voter, card_id=question.pk)
    brainstorm = Card.objects.create(item=_item(world, workshop), text="Idee")
    _refused("no_upvotes", card_upvote, participant=voter, card_id=brainstorm.pk)
    # the fallback form
    client.post(
        reverse("participate:workshop_join", args=[workshop.code]),
        {"language": "en", "nickname": "", "group": "", "attribute": ""},
    )
    Card.objects.filter(pk=question.pk).update(moderation=Card.Moderation.ACCEPTED)
    services.item_run(actor=world.moderator, item=item, action="open")
    room = client.get(reverse("participate:workshop", args=[workshop.code])).content.decode()
    assert "Wann beginnt es?" in room
    url = reverse("participate:workshop_upvote", args=[workshop.code])
    client.post(url, {"card": question.pk})
    client.post(url, {"card": question.pk})
    assert CardUpvote.objects.filter(card=question).count() == 3


def test_questions_are_shown_by_upvotes(client, world, workshop):
    item = _item(world, workshop, "questions")
    people = [_person(workshop, device=f"card-token-0000000000{n}") for n in range(3)]
    few = _card(people[0], item, text="Erste Frage", key="card-key-0001").card_id
    many = _card(people[0], item, text="Zweite Frage", key="card-key-0002").card_id
    for person in people:
        card_upvote(participant=person, card_id=many)
    card_upvote(participant=people[1], card_id=few)
    services.item_run(actor=world.moderator, item=item, action="reveal")
    client.force_login(world.moderator)
    page = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert page.index("Zweite Frage") < page.index("Erste Frage")


# --- open text and the word cloud ---


def test_the_word_cloud_counts_words_per_language():
    cloud = tally.word_cloud(
        [
            ("Mehr Sprachkurse und mehr Kitas", "de"),
            ("Sprachkurse! Sprachkurse am Abend", "de"),
            ("More language courses and the courses", "en"),
            ("Kurse", "tr"),
        ]
    )
    words = {(entry["language"], entry["word"]): entry for entry in cloud}
    assert words[("de", "sprachkurse")]["count"] == 3
    assert words[("de", "sprachkurse")]["size"] == 5
    assert words[("en", "courses")]["count"] == 2
    assert ("de", "und") not in words and ("de", "mehr") not in words  # stop words
    assert ("en", "the") not in words and ("de", "am") not in words  # short or stop words
    assert words[("de", "kitas")]["size"] == 1
    assert cloud[0]["word"] == "sprachkurse"
    assert tally.word_cloud([]) == []


def test_the_presenter_shows_the_word_cloud_as_a_list(client, world, workshop):
    item = _item(world, workshop, "open")
    person = _person(workshop)
    _card(person, item, text="Sprachkurse helfen", key="card-key-0001")
    _card(person, item, text="Sprachkurse am Abend", key="card-key-0002")
    services.item_run(actor=world.moderator, item=item, action="reveal")
    assert item_results(item=item)["count"]["words"][0]["word"] == "sprachkurse"
    client.force_login(world.moderator)
    page = client.get(reverse("workshops:presenter", args=[workshop.pk])).content.decode()
    assert '<ul class="cloud">' in page and 'class="cloud-5" lang="de"' in page
    assert "style=" not in page


# --- the participant's data ---


def test_a_participants_cards_and_upvotes_are_collected_and_erased(world, workshop):
    item = _item(world, workshop, "questions")
    token = "card-token-00000000009"
    person = _person(workshop, device=token)
    other = _person(workshop, device="card-token-00000000002")
    own = _card(person, item, text="Meine Frage").card_id
    theirs = _card(other, item, text="Ihre Frage").card_id
    card_upvote(participant=person, card_id=theirs)
    card_upvote(participant=other, card_id=own)
    [found] = contributions.contributions_collect(device_hash(token))
    assert [card["text"] for card in found["cards"]] == ["Meine Frage"]
    assert [upvote["question"] for upvote in found["upvotes"]] == ["Ihre Frage"]
    assert contributions.contributions_erase(device_hash(token)) > 0
    assert list(Card.objects.values_list("text", flat=True)) == ["Ihre Frage"]
    assert not CardUpvote.objects.exists()
    assert not WorkshopParticipant.objects.filter(pk=person.pk).exists()


# --- over the websocket ---


def _phone(workshop, device):
    from tests.workshops.test_consumers import _phone

    return _phone(workshop, device)


@pytest.mark.realtime
@pytest.mark.django_db(transaction=True)
def test_a_phone_sends_cards_and_upvotes(world, workshop):
    device = "card-phone-000000000001"
    _person(workshop, device=device, language="en")
    item = _item(world, workshop, "questions")
    card = {"type": "card", "item": item.pk, "text": "When does it start?", "key": "card-key-0001"}

    async def scenario():
        phone = _phone(workshop, device)
        assert (await phone.connect())[0]
        await phone.receive_json_from(timeout=5)
        await phone.send_json_to(card)
        acks = [await phone.receive_json_from(timeout=5)]
        # an accepted question changes what every phone lists: the fragment comes anew
        changed = await phone.receive_json_from(timeout=5)
        await phone.send_json_to(card)
        acks.append(await phone.receive_json_from(timeout=5))
        question = await database_sync_to_async(lambda: Card.objects.get().pk)()
        await phone.send_json_to({"type": "upvote", "card": question})
        upvotes = [await phone.receive_json_from(timeout=5)]
        await phone.send_json_to({"type": "upvote", "card": question})
        upvotes.append(await phone.receive_json_from(timeout=5))
        await phone.disconnect()
        return acks, changed, upvotes, question

    acks, changed, upvotes, question = async_to_sync(scenario)()
    assert acks == [
        {"type": "ack", "key": "card-key-0001", "status": "counted", "moderation": "accepted"},
        {"type": "ack", "key": "card-key-0001", "status": "repeated", "moderation": "accepted"},
    ]
    assert changed["type"] == "workshop.changed" and "When does it start?" in changed["html"]
    assert [(u["type"], u["status"], u["upvotes"]) for u in upvotes] == [
        ("upvoted", "counted", 1),
        ("upvoted", "repeated", 1),
    ]
    assert upvotes[0]["card"] == question
    assert Card.objects.count() == 1 and CardUpvote.objects.count() == 1


@pytest.mark.realtime
@pytest.mark.django_db(transaction=True)
def test_malformed_cards_and_upvotes_are_refused_in_the_participants_language(world, workshop):
    device = "card-phone-000000000002"
    _person(workshop, device=device, language="ar")
    item = _item(world, workshop)
    card = {"type": "card", "item": item.pk, "text": "Idee", "key": "card-key-0001"}
    refused = [
        ({**card, "text": "\u202e\u2066"}, "text_length", "card-key-0001"),
        ({**card, "text": "x" * 281}, "text_length", "card-key-0001"),
        ({**card, "text": "a\x00b"}, "text_control", "card-key-0001"),
        ({**card, "text": 5}, "text_length", "card-key-0001"),
        ({**card, "text": {"de": "x"}}, "text_length", "card-key-0001"),
        ({**card, "category": 99}, "no_such_category", "card-key-0001"),
        ({**card, "category": "1"}, "no_such_category", "card-key-0001"),
        ({**card, "item": str(item.pk)}, "no_such_item", "card-key-0001"),
        ({**card, "item": 999_999_999}, "no_such_item", "card-key-0001"),
        ({**card, "key": "x"}, "key", "x"),
        ({**card, "key": ["a"]}, "key", ""),
        ({"type": "card"}, "key", ""),
        ({"type": "upvote", "card": "1"}, "no_such_card", None),
        ({"type": "upvote", "card": True}, "no_such_card", None),
        ({"type": "upvote"}, "no_such_card", None),
        ({"type": "upvote", "card": 2**70}, "no_such_card", None),
    ]

    async def scenario():
        phone = _phone(workshop, device)
        assert (await phone.connect())[0]
        await phone.receive_json_from(timeout=5)
        replies = []
        for message, _code, _key in refused:
            await phone.send_json_to(message)
            replies.append(await phone.receive_json_from(timeout=5))
        await phone.disconnect()
        return replies

    replies = async_to_sync(scenario)()
    for (_message, code, key), reply in zip(refused, replies, strict=True):
        assert reply["type"] == "refused" and reply["code"] == code, reply
        if key is not None:
            assert reply["key"] == key
        else:
            assert reply["card"] == 0
    with translation.override("ar"):
        arabic = card_error_message("text_length")
    assert replies[0]["message"] == arabic
    assert not Card.objects.exists() and not CardUpvote.objects.exists()


@pytest.mark.realtime
@pytest.mark.django_db(transaction=True)
def test_the_console_hears_cards_as_counts(world, workshop):
    from tests.workshops.test_consumers import _screen, _user_headers

    item = _item(world, workshop, premoderate=True)
    person = _person(workshop)
    headers = _user_headers(world.moderator)

    async def scenario():
        console = _screen(workshop, headers)
        assert (await console.connect())[0]
        await console.receive_json_from(timeout=5)
        await database_sync_to_async(_card)(person, item, text="Warten auf Moderation")
        pushed = await console.receive_json_from(timeout=5)
        await console.disconnect()
        return pushed

    pushed = async_to_sync(scenario)()
    assert pushed["type"] == "results" and pushed["item"] == item.pk
    assert "Warten auf Moderation" in pushed["html"]  # the moderation queue
