"""The demo's invitations on a small map: most invited, about 80 % answered, 70 % confirmed,
most who confirmed checked in on Kerpen's first workshop day."""

from cohesion.demo.invitations import WORKSHOP_DAY, kerpen_invitations
from cohesion.invitations.models import Invitation, Quota
from tests.factories import InviteeFactory


def test_the_demo_invites_answers_and_checks_in(world, kerpen_figures):
    process = world.kerpen_process
    groups = ["policy", "administration", "immigrant", "civil_society", "other"]
    for number in range(50):
        InviteeFactory(
            process=process,
            target_group=groups[number % 5],
            email="" if number % 6 == 0 else f"p{number}@example.org",
            postal_address="Stiftsstraße 1\n50171 Kerpen" if number % 6 == 0 else "",
        )
    InviteeFactory(process=process, consent_to_contact=False)
    invitations = kerpen_invitations(process=process)
    assert len(invitations) == 45
    rows = Invitation.objects.filter(process=process)
    answered = rows.exclude(answer="pending").count()
    confirmed = rows.filter(answer="confirmed").count()
    attended = rows.filter(attended_at__isnull=False)
    assert 0.75 <= answered / 45 <= 0.85
    assert 0.65 <= confirmed / 45 <= 0.75
    assert confirmed * 0.8 <= attended.count() < confirmed
    assert all(i.attended_at.date() == WORKSHOP_DAY for i in attended)
    assert rows.filter(channel="letter").exists() and rows.filter(channel="email").exists()
    assert not rows.filter(stakeholder__consent_to_contact=False).exists()
    assert Quota.objects.filter(process=process, source="statistics").exists()
