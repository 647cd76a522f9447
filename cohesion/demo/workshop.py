"""Kerpen's two workshop days as the demo shows them: done, with results. Invented (demo data,
so marked in its title): sixty people of the four stakeholder groups answered the template's
items and wrote cards in their languages, a helper translated some, the moderator clustered the
goals (from the suggested groupings) and made candidate goals and, from the dot vote on the
project ideas, candidate measures for the strategy. Everything goes through the workshop's
services, as the phones and the console would."""

import hashlib
import random
from datetime import date

from django.utils.translation import gettext_lazy as _

from cohesion.processes.models import Process
from cohesion.workshops.models import Card, Item, StakeholderGroup, Workshop
from cohesion.workshops.selectors import item_results
from cohesion.workshops.services import (
    answer_submit,
    candidate_from_cluster,
    candidate_from_option,
    card_submit,
    card_translate,
    cluster_accept,
    clusters_suggest,
    item_run,
    item_save,
    participant_join,
    workshop_create,
    workshop_day_update,
)
from cohesion.workshops.template import in_every_language

DEMO_WORKSHOP_TITLE = _("Integration workshop Kerpen (demo data)")
# Kerpen held its workshop in September 2024; the strategy followed within three months.
KERPEN_WORKSHOP_DAYS = (date(2024, 9, 13), date(2024, 9, 14))

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
# Cards as people wrote them, in their languages: (item title key, language, text, field of
# action index of the template's FIELDS_OF_ACTION or None); German translations by the helper.
DEMO_CARDS = {
    "open": [
        ("de", "Dazugehören, ohne sich verbiegen zu müssen", None),
        ("de", "Gleiche Chancen in Schule und Beruf", None),
        ("tr", "Komşularla birlikte yaşamak, yan yana değil", None),
        ("de", "Mitreden können, auch ohne perfektes Deutsch", None),
        ("ar", "أن أشعر بالأمان وأن أجد عملاً يناسب خبرتي", None),
        ("de", "Begegnung im Verein und in der Nachbarschaft", None),
        ("uk", "Щоб діти почувалися вдома в школі", None),
        ("de", "Eine Verwaltung, die man versteht", None),
    ],
    "goals": [
        ("de", "Mehr Sprachkurse am Abend für Berufstätige", 0),
        ("de", "Sprachkurse mit Kinderbetreuung anbieten", 0),
        ("tr", "Akşam saatlerinde daha fazla dil kursu", 0),
        ("ar", "دورات لغة مع رعاية للأطفال", 0),
        ("de", "Ausländische Abschlüsse schneller anerkennen", 1),
        ("de", "Anerkennung von Berufsabschlüssen beschleunigen", 1),
        ("ru", "Быстрее признавать иностранные дипломы", 1),
        ("de", "Praktika in städtischen Betrieben für Zugewanderte", 1),
        ("de", "Vermieter für Diskriminierung sensibilisieren", 2),
        ("uk", "Допомога в пошуку житла для сімей", 2),
        ("de", "Mehrsprachige Informationen im Bürgerbüro", 6),
        ("de", "Informationen der Stadt in einfacher Sprache und mehrsprachig", 6),
        ("tr", "Belediyede çok dilli bilgilendirme", 6),
        ("de", "Migrantenorganisationen im Integrationsrat beteiligen", 5),
        ("de", "Migrantenorganisationen fest in Entscheidungen beteiligen", 5),
        ("de", "Vereine öffnen sich für neue Mitglieder", 4),
    ],
    "potential": [
        ("de", "Viele Zugewanderte sind Pflegefachkräfte ohne Anerkennung", 1),
        ("ar", "كثير من النساء لديهن خبرة في التعليم", 0),
        ("de", "Mehrsprachigkeit als Stärke in Kitas und Schulen", 0),
        ("tr", "Kendi işini kuran girişimciler", 1),
        ("de", "Ehrenamtliche Dolmetscherinnen und Dolmetscher aus den Gemeinden", 6),
    ],
    "ideas": [
        ("de", "Mehrsprachige Lotsinnen und Lotsen im Bürgerbüro", 6),
        ("de", "Anerkennungsberatung im Jobcenter an zwei Tagen pro Woche", 1),
        ("de", "Elterncafé an jeder Grundschule", 0),
        ("tr", "Spor kulüpleriyle kültürlerarası hafta", 4),
        ("de", "Wohnungspatenschaften gegen Diskriminierung bei der Vermietung", 2),
    ],
}
HELPER_TRANSLATIONS = {
    "Akşam saatlerinde daha fazla dil kursu": "Mehr Sprachkurse am Abend",
    "دورات لغة مع رعاية للأطفال": "Sprachkurse mit Kinderbetreuung",
    "Быстрее признавать иностранные дипломы": "Ausländische Abschlüsse schneller anerkennen",
    "Belediyede çok dilli bilgilendirme": "Mehrsprachige Informationen bei der Stadt",
    "Допомога в пошуку житла для сімей": "Hilfe bei der Wohnungssuche für Familien",
    "Komşularla birlikte yaşamak, yan yana değil": (
        "Mit den Nachbarn zusammen leben, nicht nebeneinander"
    ),
    "أن أشعر بالأمان وأن أجد عملاً يناسب خبرتي": (
        "Mich sicher fühlen und Arbeit finden, die zu meiner Erfahrung passt"
    ),
    "Щоб діти почувалися вдома в школі": "Dass sich die Kinder in der Schule zu Hause fühlen",
}
# The template's card items, in agenda order: what each collects here.
CARD_ITEMS = ("open", "goals", "potential", "ideas", None)

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
        date=KERPEN_WORKSHOP_DAYS[0],
        room="Rathaus Kerpen, Ratssaal (Demo)",
    )
    workshop_day_update(
        actor=moderator,
        day=days[1],
        date=KERPEN_WORKSHOP_DAYS[1],
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
    card_items = iter(CARD_ITEMS)
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
        if item.kind in {"open", "cards"}:
            _demo_cards(item, DEMO_CARDS.get(next(card_items) or "", []), people, moderator)
        if item.kind == "scale":
            likert += 1
        item_run(actor=moderator, item=item, action="reveal")
        item_run(actor=moderator, item=item, action="close")
        if item.kind == "cards" and item.day.phase_slug == "workshop-day-1":
            _demo_goals(item, moderator)
        if item.kind == "dots":
            _demo_measures(item, moderator)
    return workshop


def _demo_cards(item: Item, cards, people, moderator) -> None:
    """The cards, each from someone who chose that language, and the helper's translations."""
    for key, (language, text, category) in enumerate(cards):
        writer = next(
            (p for p in people[key:] + people[:key] if p.language == language), people[key]
        )
        receipt = card_submit(
            participant=writer,
            item_id=item.pk,
            text=text,
            category=category if item.config.get("categories") else None,
            client_key=f"demo-card-{item.pk}-{key}",
        )
        if text in HELPER_TRANSLATIONS:
            card = Card.objects.select_related("item__workshop").get(pk=receipt.card_id)
            card_translate(
                actor=moderator, card=card, language="de", text=HELPER_TRANSLATIONS[text]
            )


def _demo_goals(item: Item, moderator) -> None:
    """The moderator takes the suggested groupings of the goals and makes each a candidate."""
    for cluster in clusters_suggest(actor=moderator, item=item):
        cluster_accept(actor=moderator, cluster=cluster)
        if cluster.cards.count() >= 2:
            candidate_from_cluster(actor=moderator, cluster=cluster)


def _demo_measures(item: Item, moderator) -> None:
    """The three ideas with the most dots become candidate measures."""
    dots = item_results(item=item)["count"]["dots"]
    for option in sorted(range(len(dots)), key=lambda o: -dots[o])[:3]:
        candidate_from_option(actor=moderator, item=item, option=option)


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


# Solingen's workshop is still to come: the template's agenda, its days and room set, nothing
# run yet, so that the demo's moderator can try the console on a day that is not done.
UPCOMING_WORKSHOP_TITLE = _("Integration workshop Solingen (demo data)")
UPCOMING_WORKSHOP_DAYS = (date(2027, 1, 22), date(2027, 1, 23))


def upcoming_workshop(*, process: Process, moderator) -> Workshop:
    workshop = workshop_create(actor=moderator, process=process, language="de")
    Workshop.objects.filter(pk=workshop.pk).update(title=in_every_language(UPCOMING_WORKSHOP_TITLE))
    for day, on in zip(workshop.days.all(), UPCOMING_WORKSHOP_DAYS, strict=True):
        workshop_day_update(
            actor=moderator, day=day, date=on, room="Rathaus Solingen, Ratssaal (Demo)"
        )
    return workshop
