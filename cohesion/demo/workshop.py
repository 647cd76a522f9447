"""Kerpen's two workshop days as the demo shows them: done, with results. Invented (demo data,
so marked in its title): sixty people of the four stakeholder groups answered the template's
items; the day-2 priorities are dot votes on project ideas. Everything goes through the
workshop's services, as the moderator's console would."""

import hashlib
import random
from datetime import date

from django.utils.translation import gettext_lazy as _

from cohesion.processes.models import Process
from cohesion.workshops.models import Item, StakeholderGroup, Workshop
from cohesion.workshops.services import (
    answer_submit,
    item_run,
    item_save,
    participant_join,
    workshop_create,
    workshop_day_update,
)
from cohesion.workshops.template import in_every_language

DEMO_WORKSHOP_TITLE = _("Integration workshop Kerpen (demo data)")

# (group, how many, languages they chose)
DEMO_ROOM = [
    (StakeholderGroup.POLICY, 8, ["de"]),
    (StakeholderGroup.ADMINISTRATION, 14, ["de"]),
    (StakeholderGroup.IMMIGRANT, 20, ["de", "tr", "tr", "ar", "ar", "ru", "uk", "uk", "en"]),
    (StakeholderGroup.CIVIL_SOCIETY, 12, ["de", "de", "tr"]),
    ("", 6, ["de", "en"]),  # did not name a group
]

# Likert weights over the five steps, per statement and group: immigrants see the information
# and the contact more critically than the administration does (invented).
LIKERT_WEIGHTS = {
    0: {"": (1, 2, 3, 3, 1), "immigrant": (2, 3, 3, 2, 1), "administration": (0, 1, 3, 5, 2)},
    1: {"": (1, 3, 3, 2, 1), "immigrant": (4, 5, 2, 1, 0), "administration": (0, 2, 3, 4, 2)},
    2: {"": (1, 2, 4, 3, 1), "immigrant": (1, 2, 3, 3, 2), "policy": (2, 4, 3, 1, 0)},
}
PROJECT_RATING = {
    "de": "Sprachcafé im Bürgerhaus Sindorf",
    "en": "Language café at the Sindorf community centre",
}
IDEAS = [
    {
        "de": "Mehrsprachige Lotsinnen und Lotsen im Bürgerbüro",
        "en": "Multilingual guides at the citizens' office",
    },
    {
        "de": "Anerkennungsberatung im Jobcenter an zwei Tagen pro Woche",
        "en": "Advice on recognising foreign qualifications at the job centre twice a week",
    },
    {"de": "Elterncafé an jeder Grundschule", "en": "A parents' café at every primary school"},
    {
        "de": "Interkulturelle Woche mit den Sportvereinen",
        "en": "An intercultural week with the sports clubs",
    },
    {
        "de": "Wohnungspatenschaften gegen Diskriminierung bei der Vermietung",
        "en": "Housing mentors against discrimination by landlords",
    },
]
IDEA_WEIGHTS = {"": (3, 4, 2, 1, 2), "immigrant": (3, 5, 2, 1, 4), "policy": (2, 3, 3, 3, 1)}


def _weights(table: dict, group: str):
    return table.get(group, table[""])


def kerpen_workshop(*, process: Process, moderator) -> Workshop:
    workshop = workshop_create(actor=moderator, process=process, language="de")
    Workshop.objects.filter(pk=workshop.pk).update(title=in_every_language(DEMO_WORKSHOP_TITLE))
    days = list(workshop.days.all())
    workshop_day_update(
        actor=moderator,
        day=days[0],
        date=date(2026, 11, 13),
        room="Rathaus Kerpen, Ratssaal (Demo)",
    )
    workshop_day_update(
        actor=moderator,
        day=days[1],
        date=date(2026, 11, 14),
        room="Rathaus Kerpen, Ratssaal (Demo)",
    )
    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not a secret
    people = []
    for group, count, languages in DEMO_ROOM:
        for n in range(count):
            device = hashlib.sha256(f"demo-workshop-{group}-{n}".encode()).hexdigest()
            people.append(
                participant_join(
                    workshop=workshop,
                    device_hash=device,
                    language=languages[n % len(languages)],
                    group=group,
                    group_consent=bool(group),
                )
            )
    items = list(
        workshop.items.select_related("day", "workshop__process").order_by(
            "day__phase_slug", "position"
        )
    )
    likert = 0
    for item in items:
        if item.kind == "rating":
            item = item_save(
                actor=moderator,
                item=item,
                day=item.day,
                kind=item.kind,
                title=PROJECT_RATING,
                prompt=item.prompt,
                config=item.config,
                starts_at=item.starts_at,
                minutes=item.minutes,
            )
        if item.kind == "dots":
            item = item_save(
                actor=moderator,
                item=item,
                day=item.day,
                kind=item.kind,
                title=item.title,
                prompt=item.prompt,
                options=IDEAS,
                starts_at=item.starts_at,
                minutes=item.minutes,
            )
        item = item_run(actor=moderator, item=item, action="open")
        for key, person in enumerate(people):
            value = _demo_answer(item, person.group, rng, likert)
            if value is not None:
                answer_submit(
                    participant=person,
                    item_id=item.pk,
                    value=value,
                    client_key=f"demo-{item.pk}-{key}",
                    sequence=1,
                )
        if item.kind == "scale":
            likert += 1
        item_run(actor=moderator, item=item, action="reveal")
        item_run(actor=moderator, item=item, action="close")
    return workshop


def _demo_answer(item: Item, group: str, rng: random.Random, likert: int):
    if rng.random() < 0.08:  # someone was out of the room
        return None
    if item.kind == "scale":
        weights = _weights(LIKERT_WEIGHTS[likert % len(LIKERT_WEIGHTS)], group)
        return rng.choices(range(1, 6), weights=weights)[0]
    if item.kind == "rating":
        return {str(c): rng.choices(range(1, 6), weights=(1, 1, 3, 4, 2))[0] for c in range(3)}
    if item.kind == "dots":
        allocation: dict[str, int] = {}
        for _dot in range(5):
            option = rng.choices(range(len(IDEAS)), weights=_weights(IDEA_WEIGHTS, group))[0]
            allocation[str(option)] = allocation.get(str(option), 0) + 1
        return allocation
    return None
