"""Kerpen's stakeholder map as the demo shows it: about forty organisations of every kind and a
hundred people, all invented and marked "(demo data)". The kinds, departments and origin groups
follow what a town of 66,000 in the Rhein-Erft district has (the largest origin groups of its
foreign residents: Turkey, Poland, Syria, Ukraine, Romania, Italy, Iraq); the names of people and
organisations are made up. Most people consented to be contacted for the workshop; some did not
(they are not invitable), some come with an interpreter who sits with them. Everything goes
through the map's services, as the editors' forms would."""

import random
import unicodedata
from datetime import date

from cohesion.core.actors import SYSTEM
from cohesion.stakeholders.services import (
    organisation_create,
    relation_create,
    stakeholder_create,
    stakeholder_update,
)

DEMO = " (demo data)"
CONSENT_PURPOSE = "Einladung zum Integrationsworkshop Kerpen"

# (name, kind, target group, department, origin, influence, interest)
ORGANISATIONS = [
    ("Stadtrat Kerpen", "council", "policy", "", "", 5, 3),
    ("CDU-Fraktion Kerpen", "council", "policy", "", "", 5, 3),
    ("SPD-Fraktion Kerpen", "council", "policy", "", "", 4, 4),
    ("Fraktion Bündnis 90/Die Grünen Kerpen", "council", "policy", "", "", 4, 4),
    ("FDP-Fraktion Kerpen", "council", "policy", "", "", 3, 2),
    ("Integrationsrat Kerpen", "council", "policy", "", "", 3, 5),
    ("Büro des Bürgermeisters", "administration", "administration", "Bürgermeisterbüro", "", 5, 4),
    ("Sozialamt Kerpen", "administration", "administration", "Sozialamt", "", 4, 5),
    ("Jugendamt Kerpen", "administration", "administration", "Jugendamt", "", 4, 4),
    ("Schulamt Kerpen", "administration", "administration", "Schulamt", "", 4, 4),
    (
        "Ausländerbehörde Rhein-Erft-Kreis",
        "administration",
        "administration",
        "Ausländerbehörde",
        "",
        5,
        3,
    ),
    (
        "Kommunales Integrationszentrum Rhein-Erft-Kreis",
        "administration",
        "administration",
        "Integration",
        "",
        3,
        5,
    ),
    (
        "Amt für Stadtplanung und Wohnen",
        "administration",
        "administration",
        "Stadtplanung",
        "",
        4,
        2,
    ),
    ("Jobcenter Rhein-Erft", "job_centre", "administration", "Jobcenter", "", 4, 4),
    ("Türkischer Elternverein Kerpen", "immigrant_organisation", "immigrant", "", "Türkei", 2, 5),
    ("Polnischer Kulturverein Kerpen", "immigrant_organisation", "immigrant", "", "Polen", 2, 4),
    ("Syrisch-Deutscher Freundeskreis", "immigrant_organisation", "immigrant", "", "Syrien", 1, 5),
    ("Ukrainische Gemeinschaft Kerpen", "immigrant_organisation", "immigrant", "", "Ukraine", 1, 5),
    (
        "Rumänischer Kulturverein Rhein-Erft",
        "immigrant_organisation",
        "immigrant",
        "",
        "Rumänien",
        1,
        3,
    ),
    ("Italienische Mission Kerpen", "immigrant_organisation", "immigrant", "", "Italien", 2, 3),
    ("Kurdisch-Irakischer Frauenverein", "immigrant_organisation", "immigrant", "", "Irak", 1, 4),
    ("Caritas Rhein-Erft", "welfare", "civil_society", "", "", 3, 5),
    ("Diakonie Kerpen", "welfare", "civil_society", "", "", 3, 5),
    ("AWO Ortsverein Kerpen", "welfare", "civil_society", "", "", 3, 4),
    ("DRK Ortsverein Kerpen", "welfare", "civil_society", "", "", 3, 3),
    ("Volkshochschule Rhein-Erft", "education", "civil_society", "", "", 3, 5),
    ("Gesamtschule Horrem", "education", "civil_society", "", "", 3, 4),
    ("Europaschule Kerpen", "education", "civil_society", "", "", 3, 4),
    ("Grundschule Sindorf", "education", "civil_society", "", "", 2, 4),
    ("IHK Köln, Geschäftsstelle Rhein-Erft", "employer", "other", "", "", 4, 2),
    ("Handwerkerschaft Kerpen", "employer", "other", "", "", 3, 3),
    ("Logistikzentrum Kerpen-Türnich", "employer", "other", "", "", 3, 2),
    ("DITIB-Moscheegemeinde Kerpen", "religious", "immigrant", "", "Türkei", 2, 4),
    ("Katholische Kirchengemeinde St. Martinus", "religious", "civil_society", "", "", 3, 3),
    ("Evangelische Kirchengemeinde Kerpen", "religious", "civil_society", "", "", 3, 3),
    ("Türkspor Kerpen", "club", "civil_society", "", "Türkei", 2, 3),
    ("SV Horrem 1921", "club", "civil_society", "", "", 2, 2),
    ("Kulturforum Kerpen", "club", "civil_society", "", "", 2, 3),
    ("Polizeiwache Kerpen", "police", "administration", "Polizei", "", 4, 3),
    ("Kölner Stadt-Anzeiger, Lokalredaktion Rhein-Erft", "media", "other", "", "", 4, 2),
    ("Radio Erft", "media", "other", "", "", 3, 2),
]

# (source, kind, target) by the names above
RELATIONS = [
    ("Sozialamt Kerpen", "funds", "Caritas Rhein-Erft"),
    ("Sozialamt Kerpen", "funds", "Diakonie Kerpen"),
    ("Sozialamt Kerpen", "funds", "AWO Ortsverein Kerpen"),
    ("Sozialamt Kerpen", "cooperates", "Jobcenter Rhein-Erft"),
    ("Jugendamt Kerpen", "funds", "Türkischer Elternverein Kerpen"),
    ("Jugendamt Kerpen", "cooperates", "Gesamtschule Horrem"),
    ("Jugendamt Kerpen", "cooperates", "Polizeiwache Kerpen"),
    ("Schulamt Kerpen", "cooperates", "Europaschule Kerpen"),
    ("Schulamt Kerpen", "cooperates", "Grundschule Sindorf"),
    ("Schulamt Kerpen", "cooperates", "Gesamtschule Horrem"),
    ("Kommunales Integrationszentrum Rhein-Erft-Kreis", "funds", "Syrisch-Deutscher Freundeskreis"),
    ("Kommunales Integrationszentrum Rhein-Erft-Kreis", "funds", "Ukrainische Gemeinschaft Kerpen"),
    ("Kommunales Integrationszentrum Rhein-Erft-Kreis", "cooperates", "Integrationsrat Kerpen"),
    ("Kommunales Integrationszentrum Rhein-Erft-Kreis", "cooperates", "Volkshochschule Rhein-Erft"),
    ("Jobcenter Rhein-Erft", "funds", "Volkshochschule Rhein-Erft"),
    ("Jobcenter Rhein-Erft", "cooperates", "IHK Köln, Geschäftsstelle Rhein-Erft"),
    ("Jobcenter Rhein-Erft", "cooperates", "Handwerkerschaft Kerpen"),
    ("Ausländerbehörde Rhein-Erft-Kreis", "cooperates", "Jobcenter Rhein-Erft"),
    ("Ausländerbehörde Rhein-Erft-Kreis", "cooperates", "Caritas Rhein-Erft"),
    ("CDU-Fraktion Kerpen", "member_of", "Stadtrat Kerpen"),
    ("SPD-Fraktion Kerpen", "member_of", "Stadtrat Kerpen"),
    ("Fraktion Bündnis 90/Die Grünen Kerpen", "member_of", "Stadtrat Kerpen"),
    ("FDP-Fraktion Kerpen", "member_of", "Stadtrat Kerpen"),
    ("Integrationsrat Kerpen", "cooperates", "Stadtrat Kerpen"),
    ("Büro des Bürgermeisters", "cooperates", "Stadtrat Kerpen"),
    ("Büro des Bürgermeisters", "cooperates", "Integrationsrat Kerpen"),
    ("Türkischer Elternverein Kerpen", "member_of", "Integrationsrat Kerpen"),
    ("Polnischer Kulturverein Kerpen", "member_of", "Integrationsrat Kerpen"),
    ("Syrisch-Deutscher Freundeskreis", "member_of", "Integrationsrat Kerpen"),
    ("Türkischer Elternverein Kerpen", "cooperates", "DITIB-Moscheegemeinde Kerpen"),
    ("Türkischer Elternverein Kerpen", "cooperates", "Europaschule Kerpen"),
    ("Syrisch-Deutscher Freundeskreis", "cooperates", "Diakonie Kerpen"),
    ("Ukrainische Gemeinschaft Kerpen", "cooperates", "Caritas Rhein-Erft"),
    ("Ukrainische Gemeinschaft Kerpen", "cooperates", "Evangelische Kirchengemeinde Kerpen"),
    ("Polnischer Kulturverein Kerpen", "cooperates", "Katholische Kirchengemeinde St. Martinus"),
    ("Italienische Mission Kerpen", "member_of", "Katholische Kirchengemeinde St. Martinus"),
    ("Caritas Rhein-Erft", "member_of", "Katholische Kirchengemeinde St. Martinus"),
    ("Diakonie Kerpen", "member_of", "Evangelische Kirchengemeinde Kerpen"),
    ("Türkspor Kerpen", "cooperates", "SV Horrem 1921"),
    ("Kulturforum Kerpen", "cooperates", "Rumänischer Kulturverein Rhein-Erft"),
    ("Kurdisch-Irakischer Frauenverein", "cooperates", "AWO Ortsverein Kerpen"),
    ("DRK Ortsverein Kerpen", "cooperates", "Polizeiwache Kerpen"),
    ("Logistikzentrum Kerpen-Türnich", "member_of", "IHK Köln, Geschäftsstelle Rhein-Erft"),
    ("Radio Erft", "cooperates", "Kölner Stadt-Anzeiger, Lokalredaktion Rhein-Erft"),
]

# Invented first and last names by origin group, with the languages people there speak.
NAMES = {
    "": (
        [
            "Anna",
            "Thomas",
            "Sabine",
            "Michael",
            "Julia",
            "Stefan",
            "Claudia",
            "Markus",
            "Birgit",
            "Jens",
            "Katrin",
            "Frank",
            "Monika",
            "Andreas",
            "Petra",
            "Lukas",
        ],
        [
            "Schmitz",
            "Müller",
            "Wagner",
            "Becker",
            "Hoffmann",
            "Schäfer",
            "Koch",
            "Richter",
            "Klein",
            "Wolf",
            "Neumann",
            "Krämer",
            "Hartmann",
            "Lange",
            "Weber",
            "Jansen",
        ],
        ["de"],
    ),
    "Türkei": (
        ["Ayşe", "Mehmet", "Fatma", "Emre", "Zeynep", "Can", "Elif", "Hakan"],
        ["Demir", "Yılmaz", "Kaya", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan"],
        ["tr", "de"],
    ),
    "Polen": (
        ["Agnieszka", "Tomasz", "Katarzyna", "Piotr", "Magdalena", "Marek"],
        ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski"],
        ["pl", "de"],
    ),
    "Syrien": (
        ["Rania", "Ahmad", "Lina", "Omar", "Hiba", "Khaled"],
        ["Haddad", "Al-Khatib", "Nasser", "Darwish", "Hamdan", "Sabbagh"],
        ["ar", "de"],
    ),
    "Ukraine": (
        ["Olena", "Andrii", "Iryna", "Taras", "Natalia", "Bohdan"],
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravets"],
        ["uk", "ru"],
    ),
    "Rumänien": (
        ["Ioana", "Andrei", "Elena", "Mihai"],
        ["Popescu", "Ionescu", "Dumitru", "Stan"],
        ["ro", "de"],
    ),
    "Italien": (
        ["Giulia", "Marco", "Francesca", "Luca"],
        ["Russo", "Esposito", "Romano", "Colombo"],
        ["it", "de"],
    ),
    "Irak": (
        ["Shirin", "Karwan", "Nasrin", "Dilshad"],
        ["Barzani", "Ahmed", "Rashid", "Hassan"],
        ["ku", "ar"],
    ),
}
AGE_BANDS = ["18-29", "30-44", "45-64", "65+"]
ROLES = {
    "council": ["Ratsmitglied", "Fraktionsvorsitz", "Sachkundige Bürgerin"],
    "administration": ["Amtsleitung", "Sachbearbeitung", "Integrationsbeauftragte"],
    "job_centre": ["Teamleitung Integration", "Fallmanagement"],
    "immigrant_organisation": ["Vorsitz", "Vorstandsmitglied", "Mitglied"],
    "welfare": ["Migrationsberatung", "Geschäftsführung", "Ehrenamtskoordination"],
    "education": ["Schulleitung", "Lehrkraft", "Schulsozialarbeit"],
    "employer": ["Ausbildungsleitung", "Personalleitung"],
    "religious": ["Gemeindevorstand", "Seelsorge", "Imam"],
    "club": ["Vorsitz", "Jugendtrainer"],
    "police": ["Bezirksdienst", "Kontaktbeamter Migration"],
    "media": ["Lokalredaktion"],
    "other": ["Mitglied"],
}


def _mail_name(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("ß", "ss"))
    return plain.encode("ascii", "ignore").decode().lower().replace(" ", ".")


def _people_count(kind: str) -> int:
    return {"council": 2, "administration": 3, "immigrant_organisation": 4, "welfare": 3}.get(
        kind, 2
    )


def kerpen_stakeholders(*, process) -> dict:
    """Kerpen's map: returns the counts made (organisations, people, relations)."""
    rng = random.Random(66585)  # noqa: S311 - Kerpen's population: the same map on every load
    organisations = {}
    for name, kind, group, department, origin, influence, interest in ORGANISATIONS:
        organisations[name] = organisation_create(
            actor=SYSTEM,
            process=process,
            name=name + DEMO,
            kind=kind,
            target_group=group,
            department=department,
            origin=origin,
            influence=influence,
            interest=interest,
        )
    for source, kind, target in RELATIONS:
        relation_create(
            actor=SYSTEM, source=organisations[source], target=organisations[target], kind=kind
        )
    used: set[str] = set()
    people = []
    for index, (name, kind, group, department, origin, influence, interest) in enumerate(
        ORGANISATIONS
    ):
        organisation = organisations[name]
        for position in range(_people_count(kind)):
            # Immigrant organisations are people of that origin; elsewhere a mix, about a fifth
            # with an immigration history.
            person_origin = origin
            if not person_origin and rng.random() < 0.2:
                person_origin = rng.choice(["Türkei", "Polen", "Syrien", "Italien"])
            first_names, last_names, languages = NAMES[person_origin]
            full = ""
            while not full or full in used:
                full = f"{rng.choice(first_names)} {rng.choice(last_names)}"
            used.add(full)
            consents = rng.random() < 0.85
            has_email = rng.random() < 0.85
            slug = _mail_name(full)
            person = stakeholder_create(
                actor=SYSTEM,
                process=process,
                organisation=organisation,
                name=full + DEMO,
                role=rng.choice(ROLES[kind]) if position else ROLES[kind][0],
                target_group=group,
                department=department,
                origin=person_origin,
                immigration_history=bool(person_origin) or None,
                gender=rng.choice(["female", "male", "female", "male", "diverse"]),
                age_band=rng.choice(AGE_BANDS),
                languages=list(languages) if person_origin else ["de"],
                email=f"{slug}@example.org" if has_email else "",
                postal_address="" if has_email else f"Musterstraße {index + 1}, 50171 Kerpen",
                influence=max(1, min(5, influence + rng.choice([-1, 0, 0, 1]))),
                interest=max(1, min(5, interest + rng.choice([-1, 0, 0, 1]))),
                consent_to_contact=consents,
                consent_given_on=date(2024, 7, rng.randint(1, 28)) if consents else None,
                consent_purpose=CONSENT_PURPOSE if consents else "",
            )
            people.append(person)
    # Interpreters of the Kommunales Integrationszentrum sit with people who asked for one.
    interpreters = [
        ("Leyla Aksoy", ["tr", "de"], "Türkei"),
        ("Yara Mansour", ["ar", "de"], "Syrien"),
        ("Oksana Hrytsenko", ["uk", "ru", "de"], "Ukraine"),
    ]
    centre = organisations["Kommunales Integrationszentrum Rhein-Erft-Kreis"]
    for name, languages, origin in interpreters:
        interpreter = stakeholder_create(
            actor=SYSTEM,
            process=process,
            organisation=centre,
            name=name + DEMO,
            role="Sprachmittlerin",
            target_group="administration",
            department="Integration",
            origin=origin,
            immigration_history=True,
            gender="female",
            age_band="30-44",
            languages=languages,
            email=f"{_mail_name(name)}@example.org",
            influence=1,
            interest=4,
            consent_to_contact=True,
            consent_given_on=date(2024, 7, 2),
            consent_purpose=CONSENT_PURPOSE,
        )
        speaker = next(
            person
            for person in people
            if person.origin == origin and person.languages[0] == languages[0]
        )
        stakeholder_update(actor=SYSTEM, stakeholder=speaker, keep_with=interpreter)
        people.append(interpreter)
    return {
        "organisations": len(organisations),
        "people": len(people),
        "relations": len(RELATIONS),
    }
