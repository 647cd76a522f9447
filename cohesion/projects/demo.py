"""Kerpen's inventory of existing integration projects as the demo shows it: eight projects,
invented and marked "Demo data" in their descriptions, in several fields of action and for
several target groups, so that the gap view has both full and empty cells. The language café is
the project the demo workshop's room rated on day 1; providers on the stakeholder map are
linked to it. Everything goes through the inventory's services, as the editors' forms would."""

from datetime import date
from decimal import Decimal

from cohesion.core.actors import SYSTEM
from cohesion.projects.selectors import provider_choices
from cohesion.projects.services import project_create, project_rate, project_rating_item_link
from cohesion.workshops.selectors import items_of, workshop_of_process

DEMO_NOTE = {
    "de": "Demo-Daten (erfunden).",
    "en": "Demo data (invented).",
}

# (name, provider on the map or None, provider text, standard field index or custom name,
#  target groups, reach, funding source, amount, start, end, status, description de, en)
PROJECTS = [
    (
        "Sprachcafé im Bürgerhaus Sindorf",
        "Volkshochschule Rhein-Erft",
        "",
        0,
        ["new_arrivals", "refugees", "women"],
        180,
        "Kommunales Integrationszentrum",
        Decimal("6500"),
        date(2022, 3, 1),
        None,
        "running",
        "Jeden Dienstagabend Deutsch sprechen üben, mit Ehrenamtlichen und Kinderbetreuung.",
        "German conversation every Tuesday evening, with volunteers and childcare.",
    ),
    (
        "Anerkennungsberatung im Jobcenter",
        "Jobcenter Rhein-Erft",
        "",
        1,
        ["job_seekers", "new_arrivals"],
        95,
        "Bundesprogramm IQ",
        Decimal("24000"),
        date(2023, 1, 1),
        date(2027, 12, 31),
        "running",
        "Beratung zur Anerkennung ausländischer Berufsabschlüsse, zweimal im Monat.",
        "Advice on recognising foreign qualifications, twice a month.",
    ),
    (
        "Elterncafé an Grundschulen",
        "Grundschule Sindorf",
        "",
        0,
        ["families", "children_youth"],
        60,
        "Landesprogramm KOMM-AN NRW",
        Decimal("3000"),
        date(2024, 9, 1),
        None,
        "running",
        "Eltern treffen sich morgens in der Schule; Sprachmittlerinnen übersetzen.",
        "Parents meet at school in the morning; language mediators interpret.",
    ),
    (
        "Mehrsprachige Gesundheitslotsen",
        "Caritas Rhein-Erft",
        "",
        3,
        ["refugees", "older_people"],
        None,
        "Krankenkassen (Prävention)",
        Decimal("12000"),
        date(2025, 4, 1),
        date(2026, 3, 31),
        "ended",
        "Geschulte Lotsinnen begleiten zu Ärztinnen und Ärzten und erklären das Gesundheitssystem.",
        "Trained guides go along to doctors and explain the health system.",
    ),
    (
        "Interkulturelle Fußballliga",
        None,
        "Sportvereine Kerpen",
        4,
        ["children_youth"],
        240,
        "Stadtsportbund",
        Decimal("2500"),
        date(2021, 5, 1),
        None,
        "running",
        "Gemischte Teams aus allen Stadtteilen spielen eine Saison lang gegeneinander.",
        "Mixed teams from every district play each other for a season.",
    ),
    (
        "Wohnungspatenschaften",
        "Diakonie Kerpen",
        "",
        2,
        ["refugees", "families"],
        40,
        "Spenden",
        None,
        date(2027, 1, 1),
        None,
        "planned",
        "Patinnen und Paten begleiten Geflüchtete bei der Wohnungssuche und bei Vermietern.",
        "Mentors support refugees in their search for a flat and with landlords.",
    ),
    (
        "Welcome-Desk im Bürgerbüro",
        None,
        "Stadt Kerpen, Bürgerbüro",
        8,
        ["new_arrivals", "eu_citizens"],
        1200,
        "Haushalt der Stadt",
        Decimal("45000"),
        date(2024, 1, 1),
        None,
        "running",
        "Eine Anlaufstelle für Neuzugezogene mit Beratung auf Englisch, Türkisch und Arabisch.",
        "A first stop for new arrivals with advice in English, Turkish and Arabic.",
    ),
    (
        "Digitale Sprechstunde für Seniorinnen und Senioren",
        "AWO Ortsverein Kerpen",
        "",
        "Digitale Teilhabe",
        ["older_people"],
        35,
        "",
        None,
        date(2025, 10, 1),
        None,
        "running",
        "Hilfe mit Smartphone und Online-Terminen, auch auf Russisch und Polnisch.",
        "Help with smartphones and online appointments, in Russian and Polish too.",
    ),
]

# Entered scores (three criteria) for some projects, as a coordinator might after visiting.
SCORES = {
    "Anerkennungsberatung im Jobcenter": {0: 4, 1: 4, 2: 3},
    "Interkulturelle Fußballliga": {0: 5, 1: 3, 2: 4},
    "Mehrsprachige Gesundheitslotsen": {0: 4, 1: 4, 2: 1},
}


def kerpen_projects(*, process) -> None:
    """Kerpen's eight projects; the language café linked to the demo workshop's rating item."""
    organisations = {
        name.removesuffix(" (demo data)"): pk for pk, name in provider_choices(process=process)
    }
    workshop = workshop_of_process(process=process)
    rating_items = [
        item
        for item in (items_of(workshop=workshop) if workshop else [])
        if item.kind == "rating" and item.day.phase_slug == "workshop-day-1"
    ]
    for row in PROJECTS:
        (name, organisation, provider, field, groups, reach, source, amount) = row[:8]
        starts_on, ends_on, status, german, english = row[8:]
        project = project_create(
            actor=SYSTEM,
            process=process,
            name=name,
            description={
                "de": f"{german}\n\n{DEMO_NOTE['de']}",
                "en": f"{english}\n\n{DEMO_NOTE['en']}",
            },
            source_language="de",
            provider=provider,
            provider_organisation_id=organisations.get(organisation) if organisation else None,
            standard_field=field if isinstance(field, int) else None,
            custom_field=field if isinstance(field, str) else "",
            target_groups=groups,
            reach=reach,
            funding_source=source,
            funding_amount=amount,
            starts_on=starts_on,
            ends_on=ends_on,
            status=status,
        )
        if name in SCORES:
            project_rate(actor=SYSTEM, project=project, scores=SCORES[name], note="Demo data")
        if name == PROJECTS[0][0] and rating_items:
            project_rating_item_link(actor=SYSTEM, project=project, item_id=rating_items[0].pk)
