"""The demo: the real registry and four processes of the seed's cities, with log-ins to try."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Role
from cohesion.accounts.services import membership_grant, user_create
from cohesion.core.actors import SYSTEM
from cohesion.demo.invitations import kerpen_invitations
from cohesion.demo.stakeholders import kerpen_stakeholders
from cohesion.demo.workshop import kerpen_workshop, upcoming_workshop
from cohesion.monitoring.demo import kerpen_monitoring
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.selectors import municipality_get_by_ags
from cohesion.municipalities.services import SHIPPED_GV100AD_EDITIONS, registry_import_gv100ad
from cohesion.onboarding.models import Commitment
from cohesion.onboarding.services import commitment_record
from cohesion.opinions.models import Conversation, Participant, Statement, Vote
from cohesion.opinions.services import (
    conversation_create,
    conversation_translate,
    opinion_map_recompute,
    statement_seed,
)
from cohesion.processes.models import Process
from cohesion.processes.phases import PHASES_BY_SLUG, phase_after
from cohesion.processes.services import process_advance, process_start, programme_create
from cohesion.projects.demo import kerpen_projects
from cohesion.statistics.models import StatisticsImport
from cohesion.statistics.readers.tidy import TidyMapping
from cohesion.statistics.services import statistics_import
from cohesion.strategies.demo import kerpen_strategy

DEMO_PASSWORD = "cohesion-demo"  # noqa: S105 - printed for everyone to try; demo only

KERPEN, STUTTGART, SOLINGEN, HERSFELD_ROTENBURG = "05362032", "08111000", "05122000", "06632"

# username, first name, last name, language, [(AGS, role)], what to show on the console
DEMO_PEOPLE = [
    ("programme", "Paula", "Programm", "en", [], _("programme manager, all municipalities")),
    (
        "coordinator",
        "Clara",
        "Koordinatorin",
        "de",
        [(KERPEN, Role.COORDINATOR)],
        _("coordinator of Kerpen"),
    ),
    (
        "moderator",
        "Murat",
        "Moderator",
        "de",
        [(KERPEN, Role.MODERATOR), (SOLINGEN, Role.MODERATOR)],
        _("moderator in Kerpen and Solingen"),
    ),
    (
        "working-group",
        "Wiktoria",
        "Arbeitsgruppe",
        "de",
        [(KERPEN, Role.WORKING_GROUP_MEMBER), (HERSFELD_ROTENBURG, Role.COORDINATOR)],
        _("working-group member in Kerpen, coordinator of Hersfeld-Rotenburg"),
    ),
    (
        "stuttgart",
        "Sofia",
        "Stuttgart",
        "de",
        [(STUTTGART, Role.COORDINATOR)],
        _("coordinator of Stuttgart"),
    ),
]

# Each demo process's commitment (invented signatories): office, date, how it was given.
DEMO_COMMITMENTS = {
    KERPEN: (
        "Dieter Beispiel (demo data)",
        Commitment.Office.MAYOR,
        datetime.date(2024, 5, 16),
        Commitment.Form.SIGNED_LETTER,
    ),
    STUTTGART: (
        "Frank Muster (demo data)",
        Commitment.Office.DEPUTY_MAYOR,
        datetime.date(2025, 2, 14),
        Commitment.Form.COUNCIL_DECISION,
    ),
    SOLINGEN: (
        "Tim Probe (demo data)",
        Commitment.Office.MAYOR,
        datetime.date(2026, 8, 20),
        Commitment.Form.EMAIL,
    ),
    HERSFELD_ROTENBURG: (
        "Heike Vorlage (demo data)",
        Commitment.Office.MAYOR,
        datetime.date(2024, 9, 12),
        Commitment.Form.IN_PERSON,
    ),
}

# Where each demo process stands today. Kerpen has come the whole way: its workshop in
# September 2024, its strategy adopted in December 2024, two years of monitoring since.
# Solingen's workshop is next: its agenda is ready for the moderator's console.
DEMO_PROCESSES = [
    (KERPEN, "monitoring", datetime.date(2024, 6, 1)),
    (STUTTGART, "monitoring", datetime.date(2025, 3, 1)),
    (SOLINGEN, "workshop-day-1", datetime.date(2026, 9, 1)),
    (HERSFELD_ROTENBURG, "learning", datetime.date(2024, 10, 1)),
]


DATA_DIR = Path(__file__).resolve().parent / "data"
LSN = "© Landesamt für Statistik Niedersachsen (LSN), Integrationsmonitoring Niedersachsen"


def _niedersachsen(
    indicator: str, variable: str, unit_column: str | None = None, dimensions=()
) -> TidyMapping:
    return TidyMapping(
        region_key="GeoCode",
        region_key_prefix_strip="K",
        region_name="Gebietseinheit",
        period="Year",
        value="Value",
        fixed_variable=variable,
        unit_column=unit_column,
        dimension_columns=dimensions,
        table_code=f"IM-NI {indicator}",
        title=f"Integrationsmonitoring Niedersachsen, Indikator {indicator}",
        source=LSN,
        licence="dl-de/by-2-0",
    )


# The real files of the demo's facts and figures (see data/SOURCE.md), with how to read them.
DEMO_STATISTICS = [
    ("12521-0041_auslaender_kreise_2025-12-31_extract.csv", None),
    (
        "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv",
        TidyMapping(
            region_key="ags",
            region_name="name",
            period="",
            fixed_period="2022-05-15",
            value_columns=(
                "population",
                "german",
                "foreign",
                "immigration_history_total",
                "immigrated",
                "descendants",
                "one_parent",
                "without_immigration_history",
            ),
            table_code="Zensus 2022 BW",
            title="Zensus 2022: Bevölkerung nach Einwanderungsgeschichte, Gemeinden in BW",
            source="© Statistische Ämter des Bundes und der Länder, Deutschland, Zensus 2022",
            licence="dl-de/by-2-0",
        ),
    ),
    ("integrationsmonitoring_niedersachsen_1-1-1.csv", _niedersachsen("1.1.1", "Bevölkerung")),
    (
        "integrationsmonitoring_niedersachsen_1-2-1.csv",
        _niedersachsen("1.2.1", "Ausländerinnen und Ausländer"),
    ),
    (
        "integrationsmonitoring_niedersachsen_1-2-2.csv",
        _niedersachsen("1.2.2", "Ausländeranteil", unit_column="Units"),
    ),
    (
        "integrationsmonitoring_niedersachsen_2-3-3.csv",
        _niedersachsen("2.3.3", "Einbürgerungen in % der Ausländer", unit_column="Units"),
    ),
    (
        "integrationsmonitoring_niedersachsen_4-1-4.csv",
        _niedersachsen(
            "4.1.4",
            "Schulabgänger ohne Hauptschulabschluss",
            unit_column="Units",
            dimensions=("Nationalität",),
        ),
    ),
    (
        "integrationsmonitoring_niedersachsen_6-2-2.csv",
        _niedersachsen(
            "6.2.2",
            "Mindestsicherungsempfänger je 1 000 Einwohner",
            dimensions=("Altersgruppe", "Nationalität"),
        ),
    ),
    # Kerpen's own population since 1962 (IT.NRW, every Gemeinde of NRW; an excerpt of the
    # lines of the Land, the Regierungsbezirk Köln, the Rhein-Erft-Kreis and its towns, and the
    # NRW towns the demo compares Kerpen with).
    ("nrw_12411-01i_excerpt.csv", None),
    # The Regionaldatenbank's tables of the districts (the Rhein-Erft-Kreis for Kerpen): schools
    # and their foreign pupils, school leavers, disposable income, moves across district borders.
    ("rgs_21111-01-03-4.csv", None),
    ("rgs_21111-02-06-4.csv", None),
    ("rgs_82411-01-03-4.csv", None),
    ("rgs_12711-04-02-4-j21.xlsx", None),
]

# Attribution of the shipped files that print none themselves (flat files have no footer):
# filename -> (source, licence, table code), as data/SOURCE.md states it.
DEMO_ATTRIBUTION = {
    "nrw_12411-01i_excerpt.csv": (
        "© IT.NRW, Düsseldorf, 2021. Landesdatenbank NRW",
        "dl-de/by-2-0",
        "12411-01i",
    ),
}


def demo_statistics_load(*, actor=SYSTEM) -> list[tuple[str, str]]:
    """Import the shipped statistics files, each with its attribution; returns the files a
    reader refused, with the reason (the demo loads the rest rather than nothing)."""
    refused = []
    for filename, mapping in DEMO_STATISTICS:
        try:
            record, _new = statistics_import(
                data=(DATA_DIR / filename).read_bytes(),
                filename=filename,
                mapping=mapping,
                actor=actor,
            )
        except ValidationError as error:  # the reader's refusal, in the user's words
            refused.append((filename, " ".join(error.messages)))
            continue
        if filename in DEMO_ATTRIBUTION:
            source, licence, table_code = DEMO_ATTRIBUTION[filename]
            StatisticsImport.objects.filter(pk=record.pk).update(
                source=source, licence=licence, table_code=table_code
            )
    return refused


def demo_load() -> list[tuple[str, str]]:
    """Load the demo into an empty database (the registry is loaded or refreshed); returns the
    shipped statistics files that could not be read, with the reason."""
    if not Municipality.objects.exists():
        for edition in SHIPPED_GV100AD_EDITIONS:
            registry_import_gv100ad(path=edition)
    with transaction.atomic():
        users = {}
        for username, first, last, language, roles, _description in DEMO_PEOPLE:
            users[username] = user_create(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                language=language,
            )
            for ags, role in roles:
                membership_grant(
                    user=users[username],
                    municipality=municipality_get_by_ags(ags=ags),
                    role=role,
                    actor=SYSTEM,
                )
        programme = programme_create(
            actor=SYSTEM,
            name="Integration workshops for inclusive cities",
            slug="integration-workshops",
            description="Two-day integration workshops, strategy within three months, monitoring.",
            managers=[users["programme"]],
        )
        for ags, phase_slug, started_on in DEMO_PROCESSES:
            process = process_start(
                actor=SYSTEM,
                programme=programme,
                municipality=municipality_get_by_ags(ags=ags),
                started_on=started_on,
            )
            name, office, given_on, given_as = DEMO_COMMITMENTS[ags]
            commitment_record(
                actor=SYSTEM,
                process=process,
                signatory_name=name,
                office=office,
                given_on=given_on,
                given_as=given_as,
            )
            # Kerpen's story is told in its order: its workshop while the workshop is on.
            story_phase = "workshop-day-1" if ags == KERPEN else phase_slug
            _walk_to(process, PHASES_BY_SLUG[story_phase], actor=users["programme"])
        kerpen = Process.objects.get(programme=programme, municipality__ags=KERPEN)
        _climate_conversation(process=kerpen, moderator=users["moderator"])
        kerpen_workshop(process=kerpen, moderator=users["moderator"])
        kerpen_stakeholders(process=kerpen)
        kerpen_projects(process=kerpen)
        refused = demo_statistics_load(actor=SYSTEM)
        # After the statistics: the quota table is prefilled from Kerpen's figures.
        kerpen_invitations(process=kerpen)
        kerpen = _walk_to(kerpen, PHASES_BY_SLUG["strategy"], actor=users["programme"])
        made = kerpen_strategy(process=kerpen, actor=users["coordinator"])
        kerpen = _walk_to(kerpen, PHASES_BY_SLUG["monitoring"], actor=users["programme"])
        kerpen_monitoring(made=made, actor=users["coordinator"])
        solingen = Process.objects.get(programme=programme, municipality__ags=SOLINGEN)
        upcoming_workshop(process=solingen, moderator=users["moderator"])
    return refused


# The climate survey of workshop day 1 in Kerpen: statements the moderator seeds (our own
# wording, with the moderator's translations), for participants to vote on with the code the
# demo prints.
DEMO_CLIMATE_CODE = "KERPEN"
DEMO_CLIMATE_TITLE = {
    "de": "Integrationsklima in Kerpen",
    "en": "Integration climate in Kerpen",
    "tr": "Kerpen'de entegrasyon iklimi",
    "ar": "مناخ الاندماج في كيربن",
    "ru": "Климат интеграции в Керпене",
    "uk": "Клімат інтеграції в Керпені",
}
DEMO_CLIMATE_QUESTION = {
    "de": "Was bedeutet Integration in unserer Stadt?",
    "en": "What does integration mean in our town?",
    "tr": "Şehrimizde entegrasyon ne anlama geliyor?",
    "ar": "ماذا يعني الاندماج في مدينتنا؟",
    "ru": "Что значит интеграция в нашем городе?",
    "uk": "Що означає інтеграція в нашому місті?",
}
DEMO_CLIMATE_STATEMENTS = [
    {
        "de": "In Kerpen fühlen sich Zugewanderte willkommen.",
        "en": "Immigrants feel welcome in Kerpen.",
        "tr": "Göçmenler Kerpen'de kendilerini hoş karşılanmış hissediyor.",
        "ar": "يشعر المهاجرون بالترحيب في كيربن.",
        "ru": "Мигранты чувствуют, что в Керпене им рады.",
        "uk": "Мігранти відчувають, що в Керпені їм раді.",
    },
    {
        "de": "Die Verwaltung erklärt ihre Angebote so, dass man sie auch mit wenig Deutsch "
        "versteht.",
        "en": "The administration explains its services so that they can be understood even "
        "with little German.",
        "tr": "Belediye, hizmetlerini az Almanca bilenlerin de anlayabileceği şekilde açıklıyor.",
        "ar": "تشرح الإدارة خدماتها بطريقة يفهمها حتى من يعرف القليل من الألمانية.",
        "ru": "Администрация объясняет свои услуги так, что их можно понять даже при слабом "
        "знании немецкого.",
        "uk": "Адміністрація пояснює свої послуги так, що їх можна зрозуміти навіть за слабкого "
        "знання німецької.",
    },
    {
        "de": "Es gibt genug Sprachkurse am Abend und am Wochenende.",
        "en": "There are enough language courses in the evenings and at weekends.",
        "tr": "Akşamları ve hafta sonları yeterince dil kursu var.",
        "ar": "توجد دورات لغة كافية في المساء وفي عطلة نهاية الأسبوع.",
        "ru": "Вечером и по выходным достаточно языковых курсов.",
        "uk": "Увечері та у вихідні достатньо мовних курсів.",
    },
    {
        "de": "Migrantenorganisationen werden bei Entscheidungen der Stadt gehört.",
        "en": "Migrant organisations are listened to when the town makes decisions.",
        "tr": "Şehir karar verirken göçmen derneklerinin görüşü alınıyor.",
        "ar": "يُستمع إلى منظمات المهاجرين عندما تتخذ المدينة قراراتها.",
        "ru": "Когда город принимает решения, он прислушивается к организациям мигрантов.",
        "uk": "Коли місто ухвалює рішення, воно дослухається до організацій мігрантів.",
    },
    {
        "de": "Auf dem Wohnungsmarkt haben Menschen mit ausländischem Namen schlechtere Chancen.",
        "en": "People with foreign names have worse chances on the housing market.",
        "tr": "Yabancı isimli insanların konut piyasasında şansı daha düşük.",
        "ar": "أصحاب الأسماء الأجنبية فرصهم أسوأ في سوق السكن.",
        "ru": "У людей с иностранными именами меньше шансов на рынке жилья.",
        "uk": "Люди з іноземними іменами мають гірші шанси на ринку житла.",
    },
    {
        "de": "In den Sportvereinen begegnen sich Alteingesessene und Zugewanderte.",
        "en": "Long-standing residents and newcomers meet in the sports clubs.",
        "tr": "Spor kulüplerinde eski Kerpenliler ile göçmenler bir araya geliyor.",
        "ar": "في الأندية الرياضية يلتقي السكان القدامى بالقادمين الجدد.",
        "ru": "В спортивных клубах встречаются старожилы и приезжие.",
        "uk": "У спортивних клубах зустрічаються давні мешканці та новоприбулі.",
    },
    {
        "de": "Ausländische Berufsabschlüsse werden zu langsam anerkannt.",
        "en": "Foreign vocational qualifications are recognised too slowly.",
        "tr": "Yurt dışında alınan meslek diplomaları çok yavaş tanınıyor.",
        "ar": "يجري الاعتراف بالمؤهلات المهنية الأجنبية ببطء شديد.",
        "ru": "Иностранные дипломы о профессиональном образовании признают слишком медленно.",
        "uk": "Іноземні дипломи про професійну освіту визнають надто повільно.",
    },
    {
        "de": "Die Schulen unterstützen mehrsprachige Kinder gut.",
        "en": "The schools support multilingual children well.",
        "tr": "Okullar çok dilli çocuklara iyi destek veriyor.",
        "ar": "تدعم المدارس الأطفال متعددي اللغات دعمًا جيدًا.",
        "ru": "Школы хорошо поддерживают детей, говорящих на нескольких языках.",
        "uk": "Школи добре підтримують багатомовних дітей.",
    },
]
# Demo participants, marked as such by their external id, who have voted already so that the
# map shows its groups: two views of the town (agree 1, disagree -1 per statement above), each
# held by a dozen people who differ here and there.
DEMO_PARTICIPANT_PREFIX = "demo-"
DEMO_CLIMATE_VIEWS = [
    (1, 1, 1, 1, -1, 1, -1, 1),  # things go well
    (-1, -1, -1, -1, 1, 1, 1, -1),  # the barriers are real
]
DEMO_CLIMATE_PEOPLE_PER_VIEW = 12


def _climate_conversation(*, process: Process, moderator) -> None:
    conversation = conversation_create(
        actor=moderator,
        process=process,
        phase_slug="workshop-day-1",
        title=DEMO_CLIMATE_TITLE["de"],
        description=DEMO_CLIMATE_QUESTION["de"],
    )
    conversation.code = DEMO_CLIMATE_CODE
    conversation.save(update_fields=["code"])
    for language in DEMO_CLIMATE_TITLE:
        if language != conversation.source_language:
            conversation_translate(
                actor=moderator,
                conversation=conversation,
                language=language,
                title=DEMO_CLIMATE_TITLE[language],
                description=DEMO_CLIMATE_QUESTION[language],
            )
    statements = [
        statement_seed(
            actor=moderator,
            conversation=conversation,
            text=texts["de"],
            language="de",
            translations={lang: text for lang, text in texts.items() if lang != "de"},
        )
        for texts in DEMO_CLIMATE_STATEMENTS
    ]
    _climate_votes(conversation=conversation, statements=statements)


def _climate_votes(*, conversation: Conversation, statements: list[Statement]) -> None:
    """The demo participants' votes, then the map drawn at once (no worker needed)."""
    votes = []
    number = 0
    for view in DEMO_CLIMATE_VIEWS:
        for person in range(DEMO_CLIMATE_PEOPLE_PER_VIEW):
            number += 1
            participant = Participant.objects.create(
                conversation=conversation, external_id=f"{DEMO_PARTICIPANT_PREFIX}{number}"
            )
            for index, (statement, value) in enumerate(zip(statements, view, strict=True)):
                # Everyone differs from their view somewhere: passes on one statement, and
                # every third person disagrees with it on another.
                if index == person % len(statements):
                    value = Vote.Choice.PASS
                elif person % 3 == 0 and index == (person + 3) % len(statements):
                    value = -value
                votes.append(Vote(participant=participant, statement=statement, value=value))
    Vote.objects.bulk_create(votes)
    opinion_map_recompute(conversation=conversation)


def _walk_to(process: Process, target, *, actor) -> Process:
    while process.current_phase != target and phase_after(process.current_phase):
        process = process_advance(
            process=process, actor=actor, expected_phase_slug=process.current_phase_slug
        )
    return process


def demo_reset() -> list[tuple[str, str]]:
    call_command("flush", interactive=False, verbosity=0)
    return demo_load()
