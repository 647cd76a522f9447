"""Kerpen's invitations in the demo: the quota table prefilled from the statistics the demo
imports and from the method, the people of the stakeholder map invited (e-mail where they gave
an address, else a letter), about four in five answered, seven in ten confirmed, and most of
those checked in on the first workshop day. Everything goes through the services as the
system; only the timestamps are set afterwards to the weeks before the workshop, so that the
demo reads as a finished preparation. The people are the map's (marked as demo data there)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cohesion.core.actors import SYSTEM
from cohesion.demo.workshop import KERPEN_WORKSHOP_DAYS
from cohesion.invitations import selectors, services
from cohesion.invitations.models import Invitation

ROOM_SIZE = 40
INVITED_SHARE = 0.9
# Per ten invitations: 2 no answer, 1 declined, 7 confirmed (of whom 6 come).
_ANSWERS = ["confirmed"] * 7 + ["declined"] + ["pending"] * 2
WORKSHOP_DAY = KERPEN_WORKSHOP_DAYS[0]


def _at(day, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def kerpen_invitations(*, process) -> list[Invitation]:
    services.room_size_set(actor=SYSTEM, process=process, room_size=ROOM_SIZE)
    services.quotas_prefill(process=process, actor=SYSTEM)
    invitable = selectors.stakeholders_invitable(process=process)
    if not invitable:
        return []
    chosen = invitable[: max(1, round(len(invitable) * INVITED_SHARE))]
    invitations = services.invitations_create(
        actor=SYSTEM,
        process=process,
        stakeholders=chosen,
        channel=services.AUTO_CHANNEL,
        site_url="",
        send=False,
    )
    sent = _at(WORKSHOP_DAY - timedelta(days=28), 10)
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
        created_at=sent, sent_at=sent
    )
    confirmed = 0
    for index, invitation in enumerate(invitations):
        answer = _ANSWERS[index % len(_ANSWERS)]
        if answer == "pending":
            continue
        services.invitation_answer(invitation=invitation, answer=answer)
        Invitation.objects.filter(pk=invitation.pk).update(
            answered_at=_at(WORKSHOP_DAY - timedelta(days=21 - index % 14), 9 + index % 9)
        )
        if answer != "confirmed":
            continue
        confirmed += 1
        # One in seven who confirmed does not come.
        if confirmed % 7 == 0:
            continue
        services.invitation_check_in(actor=SYSTEM, invitation=invitation)
        Invitation.objects.filter(pk=invitation.pk).update(
            attended_at=_at(WORKSHOP_DAY, 8, 30) + timedelta(minutes=index % 45)
        )
    return invitations
