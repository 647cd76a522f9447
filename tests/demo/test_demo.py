from io import StringIO

import pytest
from django.core.management import call_command

from cohesion.accounts.models import Membership, User
from cohesion.municipalities.models import Municipality
from cohesion.onboarding.models import Commitment
from cohesion.opinions.models import Conversation
from cohesion.opinions.selectors import groups_shown, snapshot_of
from cohesion.processes.models import Process


def _demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_once_and_prints_the_logins(db):
    output = _demo()
    assert "coordinator" in output and "cohesion-demo" in output
    phases = dict(Process.objects.values_list("municipality__ags", "current_phase_slug"))
    assert phases == {
        "05362032": "monitoring",
        "08111000": "monitoring",
        "05122000": "workshop-day-1",
        "06632": "learning",
    }
    assert Municipality.objects.get(ags="05362032").population == 66585
    # Every process passed the commitment gate; Kerpen's mayor committed by signed letter.
    kerpen = Commitment.objects.get(process__municipality__ags="05362032")
    assert (kerpen.office, kerpen.given_as) == ("mayor", "signed_letter")
    assert Commitment.objects.count() == 4 and "(demo data)" in kerpen.signatory_name
    # A second run keeps the data as it is.
    Process.objects.filter(municipality__ags="05362032").update(current_phase_slug="strategy")
    output = _demo()
    assert "cohesion demo --reset" in output
    assert Process.objects.get(municipality__ags="05362032").current_phase_slug == "strategy"
    assert User.objects.count() == 5


@pytest.mark.django_db(transaction=True)  # flushing needs its own transaction on PostgreSQL
def test_demo_reset_starts_over():
    _demo()
    User.objects.create(username="someone-new")
    _demo("--reset")
    assert not User.objects.filter(username="someone-new").exists()
    assert Process.objects.get(municipality__ags="05362032").current_phase_slug == "monitoring"


def test_one_person_holds_different_roles_in_different_municipalities(db):
    _demo()
    roles = set(
        Membership.objects.filter(user__username="working-group").values_list(
            "municipality__ags", "role"
        )
    )
    assert roles == {("05362032", "working_group_member"), ("06632", "coordinator")}


def test_kerpen_s_workshop_is_done_with_results_of_every_group(db):
    from cohesion.workshops.models import Answer, Item, Workshop
    from cohesion.workshops.selectors import item_results

    _demo()
    workshop = Workshop.objects.get(process__municipality__ags="05362032")
    assert "(Demo" in workshop.title["de"] and "demo" in workshop.title["en"]
    assert set(workshop.items.values_list("state", flat=True)) == {Item.State.CLOSED}
    climate = workshop.items.filter(kind="scale").order_by("position").first()
    results = item_results(item=climate)
    assert results["answers"] >= 45
    assert set(results["breakdown"]["groups"]) == {
        "administration",
        "civil_society",
        "immigrant",
        "policy",
    }
    dots = workshop.items.get(kind="dots")
    assert sum(item_results(item=dots)["count"]["dots"]) > 200
    assert Answer.objects.filter(item__workshop=workshop).count() > 250


def test_kerpen_s_demo_map_shows_groups_and_its_statements_are_translated(db):
    _demo()
    conversation = Conversation.objects.get(code="KERPEN")
    participants = conversation.participants.all()
    assert participants.count() >= 20
    assert all(p.external_id.startswith("demo-") and not p.device_hash for p in participants)
    snapshot = snapshot_of(conversation=conversation)
    assert len(groups_shown(snapshot=snapshot)) >= 2
    assert set(conversation.title_translations) == {"en", "tr", "ar", "ru", "uk"}
    for statement in conversation.statements.all():
        assert statement.language == "de"
        assert set(statement.translations) == {"en", "tr", "ar", "ru", "uk"}


def test_kerpen_s_workshop_hands_candidates_with_their_cards_and_votes_to_the_strategy(db):
    from cohesion.workshops.models import Candidate, Card, Workshop

    _demo()
    workshop = Workshop.objects.get(process__municipality__ags="05362032")
    goals = Candidate.objects.filter(workshop=workshop, kind=Candidate.Kind.GOAL)
    measures = Candidate.objects.filter(workshop=workshop, kind=Candidate.Kind.MEASURE)
    assert goals.count() >= 2 and all(goal.cards.count() >= 2 for goal in goals)
    assert measures.count() == 3 and all(m.voted_item_id for m in measures)
    languages = set(Card.objects.filter(item__workshop=workshop).values_list("language", flat=True))
    assert {"de", "tr", "ar", "ru", "uk"} <= languages
    translated = Card.objects.filter(item__workshop=workshop, language="tr").exclude(
        translations={}
    )
    assert translated.exists()
