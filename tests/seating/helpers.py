"""People in the workshop's room: a stakeholder with a confirmed invitation (or checked in)."""

from django.utils import timezone

from cohesion.invitations.models import Invitation
from cohesion.stakeholders.models import Stakeholder


def room_guest(
    process,
    name: str,
    *,
    target_group: str = "civil_society",
    department: str = "",
    origin: str = "",
    language: str = "de",
    keep_with=None,
    attended: bool = False,
    answer: str = Invitation.Answer.CONFIRMED,
) -> Stakeholder:
    person = Stakeholder.objects.create(
        process=process,
        name=name,
        target_group=target_group,
        department=department,
        origin=origin,
        keep_with=keep_with,
        consent_to_contact=True,
    )
    Invitation.objects.create(
        process=process,
        stakeholder=person,
        channel=Invitation.Channel.LETTER,
        language=language,
        answer=answer,
        attended_at=timezone.now() if attended else None,
    )
    return person


def room_of(process, size: int = 24) -> list[Stakeholder]:
    """``size`` invented guests (demo data) of every target group, one immigrant with an
    interpreter."""
    groups = ["policy", "administration", "immigrant", "civil_society"]
    origins = ["Germany", "Turkey", "Syria", "Poland"]
    people = []
    for i in range(size):
        group = groups[i % 4]
        people.append(
            room_guest(
                process,
                f"Guest {i + 1} (demo data)",
                target_group=group,
                department="schools" if group == "administration" and i % 8 else "",
                origin=origins[(i // 4) % 4],
            )
        )
    interpreter = room_guest(
        process, "Interpreter (demo data)", target_group="other", language="ar"
    )
    people[2].keep_with = interpreter
    people[2].save(update_fields=["keep_with"])
    return [*people, interpreter]
