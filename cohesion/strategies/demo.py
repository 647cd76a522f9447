"""Kerpen's integration strategy as the demo shows it, derived from its demo workshop and
invented (demo data, so marked in every description, every lead and the strategy's title).

The working group takes every candidate goal and measure of the workshop, words the goals
afresh, focuses the method's nine fields of action on six (health goes, culture and sport join
the welcome culture, anti-discrimination joins housing), and adds goals, measures with leads,
partners, dates, budgets and milestones, and indicators: those of the indicator catalogue that
the imported statistics hold for Kerpen or its district (their baselines real), the others the
town's own (their baselines invented). Everything goes through ``strategies.services`` as the
coordinator's forms would.

The draft goes out for comments and the council adopts it on ``ADOPTED_ON`` (12 December
2024, three months after the workshop).

``monitoring_rounds()`` holds two years of invented monitoring, half-year by half-year from
May 2025 to November 2026: per measure its status, progress and a note, per indicator of the
town's own its actual value. ``monitoring_on`` tells what of it is dated on or before a day:
each measure's status and progress of the latest round by then, the milestones done by then,
and the actual values of the rounds by then; ``monitoring.demo.kerpen_monitoring`` reports it
into the adopted strategy as the people responsible would. Nothing dated after the day the
demo is loaded is applied."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from cohesion.strategies import services
from cohesion.strategies.models import FieldOfAction, Goal, GoalIndicator, Measure, Strategy

DEMO_DE = " (Demo-Daten)"
DEMO_EN = " (demo data)"
DEMO_ORG = " (Demo)"


def _texts(de: str, en: str) -> dict:
    return {"de": de, "en": en}


def _described(de: str, en: str) -> dict:
    """A description, marked as demo data once per language."""
    return {"de": de + DEMO_DE, "en": en + DEMO_EN}


TITLE = {
    "de": "Integrationsstrategie Kerpen 2025–2027" + DEMO_DE,
    "en": "Kerpen's integration strategy 2025–2027" + DEMO_EN,
    "tr": "Kerpen entegrasyon stratejisi 2025–2027 (demo verileri)",
    "ar": "استراتيجية الاندماج في كيربن 2025–2027 (بيانات تجريبية)",
    "ru": "Стратегия интеграции Керпена 2025–2027 (демонстрационные данные)",
    "uk": "Стратегія інтеграції Керпена 2025–2027 (демонстраційні дані)",
}
GUIDING_PRINCIPLES = {
    "de": "Integration heißt in Kerpen: dazugehören, ohne sich verbiegen zu müssen. Alle, die "
    "hier leben, sollen die gleichen Chancen in Kita, Schule, Ausbildung und Beruf haben, eine "
    "Wohnung finden und mitreden können, auch ohne perfektes Deutsch. Die Stadt spricht die "
    "Sprachen ihrer Bürgerinnen und Bürger, beteiligt die Migrantenorganisationen an ihren "
    "Entscheidungen und tritt Diskriminierung entgegen. Wir leben miteinander, nicht "
    "nebeneinander." + DEMO_DE,
    "en": "In Kerpen, integration means belonging without having to bend. Everyone who lives "
    "here should have the same chances in day care, school, training and work, find a home and "
    "have a say, even without perfect German. The town speaks the languages of its citizens, "
    "involves migrant organisations in its decisions and stands up against discrimination. We "
    "live together, not side by side." + DEMO_EN,
    "tr": "Kerpen'de entegrasyon, kendini değiştirmek zorunda kalmadan ait olmak demektir. "
    "Burada yaşayan herkes kreşte, okulda, meslek eğitiminde ve işte aynı fırsatlara sahip "
    "olmalı, bir ev bulabilmeli ve mükemmel Almanca bilmeden de söz sahibi olabilmelidir. Şehir, "
    "vatandaşlarının dillerini konuşur, göçmen derneklerini kararlarına katar ve ayrımcılığa "
    "karşı durur. Yan yana değil, birlikte yaşıyoruz. (demo verileri)",
    "ar": "الاندماج في كيربن يعني الانتماء دون الحاجة إلى التخلي عن الذات. يجب أن يحظى كل من "
    "يعيش هنا بالفرص نفسها في الحضانة والمدرسة والتدريب المهني والعمل، وأن يجد سكنًا وأن يكون له "
    "رأي، حتى من دون إتقان اللغة الألمانية. تتحدث المدينة لغات مواطنيها، وتشرك منظمات المهاجرين "
    "في قراراتها، وتقف في وجه التمييز. نحن نعيش معًا، لا جنبًا إلى جنب. (بيانات تجريبية)",
    "ru": "Интеграция в Керпене означает быть своим, не изменяя себе. У всех, кто здесь живёт, "
    "должны быть равные шансы в детском саду, школе, профессиональном обучении и на работе, "
    "возможность найти жильё и высказать своё мнение, даже без идеального немецкого. Город "
    "говорит на языках своих жителей, привлекает организации мигрантов к своим решениям и "
    "противостоит дискриминации. Мы живём вместе, а не рядом друг с другом. "
    "(демонстрационные данные)",
    "uk": "Інтеграція в Керпені означає належати, не зраджуючи себе. Усі, хто тут живе, мають "
    "мати рівні шанси в дитячому садку, школі, професійному навчанні та на роботі, знайти житло "
    "й мати право голосу, навіть без досконалої німецької. Місто говорить мовами своїх "
    "мешканців, залучає організації мігрантів до своїх рішень і протидіє дискримінації. Ми "
    "живемо разом, а не поруч. (демонстраційні дані)",
}

# The six fields of action Kerpen keeps: key -> (index in the method's standard list, title).
FIELDS = {
    "language": (
        0,
        {
            "de": "Sprache und Bildung",
            "en": "Language and education",
            "tr": "Dil ve eğitim",
            "ar": "اللغة والتعليم",
            "ru": "Язык и образование",
            "uk": "Мова та освіта",
        },
    ),
    "work": (
        1,
        {
            "de": "Arbeit und Wirtschaft",
            "en": "Work and economy",
            "tr": "Çalışma ve ekonomi",
            "ar": "العمل والاقتصاد",
            "ru": "Работа и экономика",
            "uk": "Робота та економіка",
        },
    ),
    "housing": (
        2,
        {
            "de": "Wohnen, Nachbarschaft und Schutz vor Diskriminierung",
            "en": "Housing, neighbourhood and protection from discrimination",
            "tr": "Konut, komşuluk ve ayrımcılığa karşı koruma",
            "ar": "السكن والجوار والحماية من التمييز",
            "ru": "Жильё, соседство и защита от дискриминации",
            "uk": "Житло, сусідство та захист від дискримінації",
        },
    ),
    "participation": (
        5,
        {
            "de": "Teilhabe und bürgerschaftliches Engagement",
            "en": "Participation and civic engagement",
            "tr": "Katılım ve gönüllülük",
            "ar": "المشاركة والعمل المدني",
            "ru": "Участие и гражданская активность",
            "uk": "Участь і громадська активність",
        },
    ),
    "administration": (
        6,
        {
            "de": "Interkulturelle Öffnung der Verwaltung",
            "en": "Intercultural opening of the administration",
            "tr": "Belediyenin kültürlerarası açılımı",
            "ar": "الانفتاح الثقافي للإدارة",
            "ru": "Межкультурная открытость администрации",
            "uk": "Міжкультурна відкритість адміністрації",
        },
    ),
    "welcome": (
        8,
        {
            "de": "Willkommenskultur und Begegnung",
            "en": "Welcome culture and encounter",
            "tr": "Hoş geldin kültürü ve buluşma",
            "ar": "ثقافة الترحيب واللقاء",
            "ru": "Культура гостеприимства и встреч",
            "uk": "Культура гостинності та зустрічей",
        },
    ),
}
# The standard fields Kerpen drops: index -> the kept field their goals (if any) move to.
MERGED = {3: "participation", 4: "welcome", 7: "housing"}


@dataclass(frozen=True)
class GoalPlan:
    key: str
    field: str
    title: dict
    description: dict
    target_year: int
    # The candidate goal of the workshop it words afresh, by the candidate's field of action.
    candidate_field: str = ""


GOALS = (
    GoalPlan(
        "language-courses",
        "language",
        _texts(
            "Sprachkurse für alle Lebenslagen: am Abend, am Wochenende und mit Kinderbetreuung",
            "Language courses for every situation: evenings, weekends and with childcare",
        ),
        _described(
            "Aus den Karten des Workshops: Berufstätige und Eltern kleiner Kinder finden heute "
            "keinen Kurs, der in ihren Alltag passt.",
            "From the workshop's cards: people in work and parents of small children find no "
            "course today that fits their day.",
        ),
        2027,
        candidate_field="Sprache und Bildung",
    ),
    GoalPlan(
        "school-success",
        "language",
        _texts(
            "Kinder aus zugewanderten Familien erreichen gute Schulabschlüsse",
            "Children of immigrant families reach good school-leaving qualifications",
        ),
        _described(
            "Weniger Jugendliche verlassen die Schule ohne Abschluss; Eltern sind Partner der "
            "Schulen.",
            "Fewer young people leave school without a qualification; parents are partners "
            "of the schools.",
        ),
        2027,
    ),
    GoalPlan(
        "multilingual",
        "language",
        _texts(
            "Mehrsprachigkeit in Kitas und Schulen als Stärke nutzen",
            "Use multilingualism as a strength in day-care centres and schools",
        ),
        _described(
            "Die Sprachen der Familien haben ihren Platz in Kita und Schule.",
            "The families' languages have their place in day care and school.",
        ),
        2026,
    ),
    GoalPlan(
        "recognition",
        "work",
        _texts(
            "Ausländische Berufsabschlüsse schneller anerkennen",
            "Recognise foreign vocational qualifications faster",
        ),
        _described(
            "Viele Zugewanderte, etwa Pflegefachkräfte, arbeiten unter ihrer Qualifikation, "
            "weil die Anerkennung zu lange dauert.",
            "Many immigrants, nurses for example, work below their qualification because "
            "recognition takes too long.",
        ),
        2027,
        candidate_field="Arbeit und Wirtschaft",
    ),
    GoalPlan(
        "women-work",
        "work",
        _texts(
            "Zugewanderte Frauen finden Arbeit, die zu ihrer Erfahrung passt",
            "Immigrant women find work that matches their experience",
        ),
        _described(
            "Beratung, Qualifizierung und Kinderbetreuung aus einer Hand.",
            "Advice, training and childcare from one place.",
        ),
        2027,
    ),
    GoalPlan(
        "youth-training",
        "work",
        _texts(
            "Junge Zugewanderte beginnen eine Ausbildung",
            "Young immigrants start vocational training",
        ),
        _described(
            "Schulen, Betriebe und Stadt begleiten den Weg von der Schule in die Ausbildung.",
            "Schools, businesses and the town accompany the way from school into training.",
        ),
        2027,
    ),
    GoalPlan(
        "housing-fair",
        "housing",
        _texts("Faire Chancen bei der Wohnungssuche", "Fair chances when looking for a flat"),
        _described(
            "Menschen mit ausländischem Namen werden bei der Vermietung nicht benachteiligt.",
            "People with foreign names are not put at a disadvantage by landlords.",
        ),
        2027,
    ),
    GoalPlan(
        "neighbourhoods",
        "housing",
        _texts(
            "Gute Nachbarschaft in Sindorf, Horrem und Kerpen-Mitte",
            "Good neighbourhoods in Sindorf, Horrem and the centre of Kerpen",
        ),
        _described(
            "Miteinander statt nebeneinander: Orte und Anlässe, bei denen sich Nachbarn "
            "kennenlernen.",
            "Together rather than side by side: places and occasions where neighbours get to "
            "know each other.",
        ),
        2027,
    ),
    GoalPlan(
        "migrant-organisations",
        "participation",
        _texts(
            "Migrantenorganisationen an den Entscheidungen der Stadt beteiligen",
            "Involve migrant organisations in the town's decisions",
        ),
        _described(
            "Der Integrationsrat und die Vereine der Zugewanderten werden früh und verbindlich "
            "gehört.",
            "The integration council and the immigrants' associations are heard early and "
            "as a rule.",
        ),
        2026,
        candidate_field="Teilhabe und bürgerschaftliches Engagement",
    ),
    GoalPlan(
        "volunteering",
        "participation",
        _texts("Mehr Zugewanderte engagieren sich im Ehrenamt", "More immigrants volunteer"),
        _described(
            "Ehrenamt als Weg, dazuzugehören und die eigenen Sprachen einzubringen.",
            "Volunteering as a way to belong and to bring in one's own languages.",
        ),
        2027,
    ),
    GoalPlan(
        "information",
        "administration",
        _texts(
            "Informationen der Stadt mehrsprachig und in einfacher Sprache",
            "The town's information in several languages and in plain language",
        ),
        _described(
            "Wer wenig Deutsch spricht, versteht die Angebote der Stadt und findet den Weg "
            "ins Bürgerbüro.",
            "Whoever speaks little German understands the town's services and finds the way "
            "to the citizens' office.",
        ),
        2026,
        candidate_field="Interkulturelle Öffnung der Verwaltung",
    ),
    GoalPlan(
        "diverse-administration",
        "administration",
        _texts(
            "Eine interkulturell kompetente und vielfältige Verwaltung",
            "An interculturally competent and diverse administration",
        ),
        _described(
            "Die Beschäftigten der Stadt sind geschult, und die Verwaltung spiegelt die "
            "Stadtgesellschaft.",
            "The town's staff are trained, and the administration mirrors the town's people.",
        ),
        2027,
    ),
    GoalPlan(
        "newcomers",
        "welcome",
        _texts(
            "Neuzugewanderte finden sich in den ersten Wochen zurecht",
            "Newcomers find their way in their first weeks",
        ),
        _described(
            "Jede neu zugezogene Familie wird begrüßt und weiß, wo sie Hilfe findet.",
            "Every newly arrived family is welcomed and knows where to find help.",
        ),
        2026,
    ),
    GoalPlan(
        "encounter",
        "welcome",
        _texts("Begegnung in Sport, Kultur und Vereinen", "Encounters in sport, culture and clubs"),
        _described(
            "Vereine öffnen sich für neue Mitglieder; Alteingesessene und Zugewanderte "
            "begegnen sich.",
            "Clubs open up to new members; long-standing residents and newcomers meet.",
        ),
        2027,
    ),
    GoalPlan(
        "welcome-climate",
        "welcome",
        _texts(
            "Ein Klima, in dem sich alle willkommen fühlen",
            "A climate in which everyone feels welcome",
        ),
        _described(
            "Kerpen zeigt Haltung gegen Rassismus und fragt regelmäßig nach, wie das "
            "Zusammenleben erlebt wird.",
            "Kerpen takes a stand against racism and asks regularly how living together is "
            "experienced.",
        ),
        2027,
    ),
)

# How a measure goes over the two years (see ``monitoring_rounds``).
ON_TRACK, AHEAD, BEHIND, DELAYED, CANCELLED = "on_track", "ahead", "behind", "delayed", "cancelled"
_PACE = {ON_TRACK: 1.0, AHEAD: 1.15, BEHIND: 0.7, DELAYED: 0.45, CANCELLED: 0.8}


@dataclass(frozen=True)
class MeasurePlan:
    key: str
    goal: str
    title: dict
    description: dict
    lead: str
    partners: tuple[str, ...]
    start: datetime.date
    end: datetime.date
    budget: int
    course: str = ON_TRACK
    # Why it is delayed or cancelled, in German and English (the monitoring's note).
    reason: tuple[str, str] = ("", "")
    # The candidate measure of the workshop it takes up, by the candidate's German title.
    candidate_title: str = ""
    weight: int = 1


def _d(year: int, month: int, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


MEASURES = (
    # Language and education
    MeasurePlan(
        "evening-courses",
        "language-courses",
        _texts(
            "Abend- und Wochenendkurse an der Volkshochschule",
            "Evening and weekend courses at the adult education centre",
        ),
        _described(
            "Vier zusätzliche Kurse pro Semester, abends und samstags.",
            "Four more courses a term, in the evenings and on Saturdays.",
        ),
        "Volkshochschule Rhein-Erft",
        ("Jobcenter Rhein-Erft", "Kommunales Integrationszentrum Rhein-Erft-Kreis"),
        _d(2025, 2),
        _d(2027, 12, 31),
        48000,
        AHEAD,
        weight=2,
    ),
    MeasurePlan(
        "childcare-courses",
        "language-courses",
        _texts(
            "Sprachkurse mit Kinderbetreuung in den Familienzentren",
            "Language courses with childcare in the family centres",
        ),
        _described(
            "Während die Eltern lernen, werden die Kinder nebenan betreut.",
            "While the parents learn, the children are looked after next door.",
        ),
        "Jugendamt Kerpen",
        ("Volkshochschule Rhein-Erft", "Caritas Rhein-Erft"),
        _d(2025, 4),
        _d(2027, 6, 30),
        36000,
        BEHIND,
        reason=(
            "Zwei Betreuungskräfte fehlen noch.",
            "Two childcare workers are still missing.",
        ),
    ),
    MeasurePlan(
        "language-cafe",
        "language-courses",
        _texts(
            "Sprachcafé im Bürgerhaus Sindorf ausbauen",
            "Expand the language café at the Sindorf community centre",
        ),
        _described(
            "Das bestehende Sprachcafé öffnet an zwei Abenden statt einem.",
            "The existing language café opens on two evenings instead of one.",
        ),
        "Diakonie Kerpen",
        ("Syrisch-Deutscher Freundeskreis", "Ukrainische Gemeinschaft Kerpen"),
        _d(2024, 9),
        _d(2025, 12, 31),
        6000,
    ),
    MeasurePlan(
        "parents-cafe",
        "school-success",
        _texts("Elterncafé an jeder Grundschule", "A parents' café at every primary school"),
        _described(
            "Ein monatliches Treffen der Eltern mit Lehrkräften, mehrsprachig moderiert; "
            "ein Projektvorschlag des Workshops.",
            "A monthly meeting of parents and teachers, hosted in several languages; a "
            "project idea of the workshop.",
        ),
        "Schulamt Kerpen",
        ("Grundschule Sindorf", "Türkischer Elternverein Kerpen"),
        _d(2025, 3),
        _d(2027, 7, 31),
        27000,
        candidate_title="Elterncafé an jeder Grundschule",
        weight=2,
    ),
    MeasurePlan(
        "homework-help",
        "school-success",
        _texts(
            "Hausaufgabenhilfe mit Lernpatinnen und Lernpaten",
            "Homework help with learning mentors",
        ),
        _described(
            "Ehrenamtliche begleiten Kinder zweimal pro Woche nach dem Unterricht.",
            "Volunteers support children twice a week after lessons.",
        ),
        "AWO Ortsverein Kerpen",
        ("Europaschule Kerpen", "Gesamtschule Horrem"),
        _d(2025, 2),
        _d(2027, 12, 31),
        21000,
    ),
    MeasurePlan(
        "school-transition",
        "school-success",
        _texts(
            "Begleitung beim Übergang in die weiterführende Schule",
            "Support in the move to secondary school",
        ),
        _described(
            "Beratung der Familien in ihren Sprachen vor der Schulwahl.",
            "Advice to families in their languages before they choose a school.",
        ),
        "Kommunales Integrationszentrum Rhein-Erft-Kreis",
        ("Schulamt Kerpen", "Gesamtschule Horrem"),
        _d(2025, 9),
        _d(2027, 7, 31),
        15000,
        BEHIND,
    ),
    MeasurePlan(
        "heritage-language",
        "multilingual",
        _texts(
            "Herkunftssprachlicher Unterricht an drei weiteren Schulen",
            "Heritage-language lessons at three more schools",
        ),
        _described(
            "Türkisch, Arabisch und Ukrainisch als Angebot am Nachmittag.",
            "Turkish, Arabic and Ukrainian as afternoon lessons.",
        ),
        "Schulamt Kerpen",
        ("Kommunales Integrationszentrum Rhein-Erft-Kreis", "Europaschule Kerpen"),
        _d(2025, 8),
        _d(2026, 12, 31),
        12000,
        DELAYED,
        reason=(
            "Die Lehrkräfte für Arabisch und Ukrainisch sind erst ab dem Schuljahr 2026/29 "
            "eingestellt.",
            "The teachers of Arabic and Ukrainian are only hired from the 2026/29 school year.",
        ),
    ),
    MeasurePlan(
        "kita-training",
        "multilingual",
        _texts(
            "Fortbildung „Mehrsprachigkeit im Kita-Alltag“",
            "Training 'Multilingualism in day-care life'",
        ),
        _described(
            "Für die Erzieherinnen und Erzieher aller städtischen Kitas.",
            "For the educators of all the town's day-care centres.",
        ),
        "Jugendamt Kerpen",
        ("Kommunales Integrationszentrum Rhein-Erft-Kreis",),
        _d(2025, 3),
        _d(2026, 6, 30),
        9000,
        AHEAD,
    ),
    # Work and economy
    MeasurePlan(
        "recognition-advice",
        "recognition",
        _texts(
            "Anerkennungsberatung im Jobcenter an zwei Tagen pro Woche",
            "Advice on recognising foreign qualifications at the job centre twice a week",
        ),
        _described(
            "Die Beratung kommt zu den Menschen; der Vorschlag mit den meisten Punkten im "
            "Workshop.",
            "The advice comes to the people; the workshop's proposal with the most dots.",
        ),
        "Jobcenter Rhein-Erft",
        ("Kommunales Integrationszentrum Rhein-Erft-Kreis", "IHK Köln, Geschäftsstelle Rhein-Erft"),
        _d(2025, 2),
        _d(2027, 12, 31),
        42000,
        candidate_title="Anerkennungsberatung im Jobcenter an zwei Tagen pro Woche",
        weight=3,
    ),
    MeasurePlan(
        "recognition-fund",
        "recognition",
        _texts(
            "Fonds für die Gebühren der Anerkennungsverfahren",
            "A fund for the fees of recognition procedures",
        ),
        _described(
            "Zuschüsse bis 600 Euro für Gebühren, Übersetzungen und Beglaubigungen.",
            "Grants of up to 600 euros for fees, translations and certifications.",
        ),
        "Sozialamt Kerpen",
        ("Jobcenter Rhein-Erft", "Caritas Rhein-Erft"),
        _d(2025, 4),
        _d(2027, 12, 31),
        60000,
    ),
    MeasurePlan(
        "nursing-bridge",
        "recognition",
        _texts(
            "Anpassungsqualifizierung für Pflegefachkräfte",
            "Bridging courses for nurses",
        ),
        _described(
            "Vorbereitung auf die Kenntnisprüfung mit Praxiseinsätzen.",
            "Preparation for the knowledge test with work placements.",
        ),
        "Caritas Rhein-Erft",
        ("Jobcenter Rhein-Erft", "Diakonie Kerpen"),
        _d(2025, 9),
        _d(2027, 8, 31),
        75000,
        BEHIND,
        weight=2,
    ),
    MeasurePlan(
        "women-coaching",
        "women-work",
        _texts(
            "Coaching für zugewanderte Frauen mit Kinderbetreuung",
            "Coaching for immigrant women with childcare",
        ),
        _described(
            "Einzelcoaching und Gruppentreffen in den Familienzentren.",
            "One-to-one coaching and group meetings in the family centres.",
        ),
        "Jobcenter Rhein-Erft",
        ("Kurdisch-Irakischer Frauenverein", "Caritas Rhein-Erft"),
        _d(2025, 3),
        _d(2027, 12, 31),
        54000,
        weight=2,
    ),
    MeasurePlan(
        "women-founders",
        "women-work",
        _texts("Gründungsberatung für Migrantinnen", "Start-up advice for immigrant women"),
        _described(
            "Beratung von der Idee bis zur Anmeldung des Gewerbes.",
            "Advice from the idea to registering the business.",
        ),
        "IHK Köln, Geschäftsstelle Rhein-Erft",
        ("Türkischer Elternverein Kerpen", "Polnischer Kulturverein Kerpen"),
        _d(2025, 9),
        _d(2027, 6, 30),
        18000,
        CANCELLED,
        reason=(
            "Eingestellt: Die Gründungsberatung des Kreises bietet das seit 2026 selbst an.",
            "Cancelled: the district's start-up advice has offered this itself since 2026.",
        ),
    ),
    MeasurePlan(
        "business-mentoring",
        "women-work",
        _texts(
            "Mentoring mit Kerpener Unternehmen",
            "Mentoring with Kerpen businesses",
        ),
        _described(
            "Beschäftigte aus Betrieben begleiten ein Jahr lang eine Mentee.",
            "Employees of businesses accompany a mentee for a year.",
        ),
        "Handwerkerschaft Kerpen",
        ("Logistikzentrum Kerpen-Türnich", "IHK Köln, Geschäftsstelle Rhein-Erft"),
        _d(2026, 1),
        _d(2027, 12, 31),
        12000,
    ),
    MeasurePlan(
        "training-fair",
        "youth-training",
        _texts(
            "Mehrsprachige Ausbildungsmesse in der Gesamtschule Horrem",
            "A multilingual training fair at the Horrem comprehensive school",
        ),
        _described(
            "Einmal im Jahr, mit Beratung der Eltern in ihren Sprachen.",
            "Once a year, with advice to parents in their languages.",
        ),
        "Gesamtschule Horrem",
        ("IHK Köln, Geschäftsstelle Rhein-Erft", "Handwerkerschaft Kerpen"),
        _d(2025, 5),
        _d(2027, 5, 31),
        14000,
    ),
    MeasurePlan(
        "municipal-internships",
        "youth-training",
        _texts(
            "Praktika in städtischen Betrieben für junge Zugewanderte",
            "Internships in the town's services for young immigrants",
        ),
        _described(
            "Zwanzig Plätze pro Jahr im Bauhof, in Kitas und in der Verwaltung.",
            "Twenty places a year at the works depot, in day-care centres and in the "
            "administration.",
        ),
        "Stadt Kerpen, Personalamt",
        ("Jugendamt Kerpen", "Jobcenter Rhein-Erft"),
        _d(2025, 8),
        _d(2027, 7, 31),
        30000,
        AHEAD,
    ),
    MeasurePlan(
        "training-mentors",
        "youth-training",
        _texts("Ausbildungspatenschaften", "Training mentorships"),
        _described(
            "Ehrenamtliche begleiten Auszubildende bis zur Prüfung.",
            "Volunteers accompany apprentices to their final exam.",
        ),
        "AWO Ortsverein Kerpen",
        ("Handwerkerschaft Kerpen", "DITIB-Moscheegemeinde Kerpen"),
        _d(2025, 9),
        _d(2027, 12, 31),
        16000,
    ),
    # Housing, neighbourhood and protection from discrimination
    MeasurePlan(
        "housing-mentors",
        "housing-fair",
        _texts(
            "Wohnungspatenschaften gegen Diskriminierung bei der Vermietung",
            "Housing mentors against discrimination by landlords",
        ),
        _described(
            "Patinnen und Paten begleiten Familien zu Besichtigungen; ein Projektvorschlag "
            "des Workshops.",
            "Mentors accompany families to viewings; a project idea of the workshop.",
        ),
        "Caritas Rhein-Erft",
        ("Amt für Stadtplanung und Wohnen", "Syrisch-Deutscher Freundeskreis"),
        _d(2025, 4),
        _d(2027, 12, 31),
        24000,
        candidate_title="Wohnungspatenschaften gegen Diskriminierung bei der Vermietung",
        weight=2,
    ),
    MeasurePlan(
        "landlord-workshops",
        "housing-fair",
        _texts(
            "Workshops für Vermieterinnen und Vermieter zu fairer Vermietung",
            "Workshops for landlords on fair letting",
        ),
        _described(
            "Zweimal im Jahr, mit dem Allgemeinen Gleichbehandlungsgesetz als Thema.",
            "Twice a year, on the General Equal Treatment Act.",
        ),
        "Amt für Stadtplanung und Wohnen",
        ("Vermieterverein Erft",),
        _d(2025, 9),
        _d(2027, 6, 30),
        8000,
        DELAYED,
        reason=(
            "Der Vermieterverein hat die Zusammenarbeit erst im Herbst 2026 zugesagt.",
            "The landlords' association only agreed to take part in autumn 2026.",
        ),
    ),
    MeasurePlan(
        "anti-discrimination-advice",
        "housing-fair",
        _texts(
            "Antidiskriminierungsberatung zweimal im Monat im Rathaus",
            "Anti-discrimination advice at the town hall twice a month",
        ),
        _described(
            "Mit der Servicestelle des Kreises; Beratung auch auf Türkisch und Arabisch.",
            "With the district's service office; advice in Turkish and Arabic too.",
        ),
        "Kommunales Integrationszentrum Rhein-Erft-Kreis",
        ("Integrationsrat Kerpen",),
        _d(2025, 3),
        _d(2027, 12, 31),
        20000,
    ),
    MeasurePlan(
        "neighbourhood-festivals",
        "neighbourhoods",
        _texts(
            "Nachbarschaftsfeste in Sindorf und Horrem",
            "Neighbourhood festivals in Sindorf and Horrem",
        ),
        _described(
            "Jedes Jahr ein Fest je Stadtteil, von den Vereinen vor Ort ausgerichtet.",
            "Each year one festival per district, put on by the local clubs.",
        ),
        "Kulturforum Kerpen",
        ("Türkspor Kerpen", "Katholische Kirchengemeinde St. Martinus"),
        _d(2025, 5),
        _d(2027, 9, 30),
        15000,
        AHEAD,
    ),
    MeasurePlan(
        "neighbourhood-management",
        "neighbourhoods",
        _texts("Quartiersmanagement in Horrem", "Neighbourhood management in Horrem"),
        _described(
            "Eine halbe Stelle mit Büro am Bahnhof Horrem.",
            "A half-time post with an office at Horrem station.",
        ),
        "Amt für Stadtplanung und Wohnen",
        ("Diakonie Kerpen", "Gesamtschule Horrem"),
        _d(2025, 7),
        _d(2027, 12, 31),
        90000,
        BEHIND,
        weight=2,
    ),
    # Participation and civic engagement
    MeasurePlan(
        "council-hearing",
        "migrant-organisations",
        _texts(
            "Den Integrationsrat zu allen Ratsvorlagen mit Integrationsbezug anhören",
            "Hear the integration council on every council paper that concerns integration",
        ),
        _described(
            "Eine Regel in der Geschäftsordnung des Rates.",
            "A rule in the council's standing orders.",
        ),
        "Büro des Bürgermeisters",
        ("Integrationsrat Kerpen", "Stadtrat Kerpen"),
        _d(2025, 3),
        _d(2025, 12, 31),
        0,
    ),
    MeasurePlan(
        "organisation-fund",
        "migrant-organisations",
        _texts(
            "Fonds für Projekte von Migrantenorganisationen",
            "A fund for projects of migrant organisations",
        ),
        _described(
            "Bis zu 3.000 Euro je Projekt, Antrag auf einer Seite.",
            "Up to 3,000 euros per project, the application on one page.",
        ),
        "Sozialamt Kerpen",
        ("Kommunales Integrationszentrum Rhein-Erft-Kreis", "Integrationsrat Kerpen"),
        _d(2025, 4),
        _d(2027, 12, 31),
        45000,
    ),
    MeasurePlan(
        "organisation-network",
        "migrant-organisations",
        _texts(
            "Netzwerktreffen der Migrantenorganisationen",
            "Network meetings of the migrant organisations",
        ),
        _described(
            "Zweimal im Jahr mit der Verwaltungsspitze.",
            "Twice a year with the heads of the administration.",
        ),
        "Integrationsrat Kerpen",
        ("Polnischer Kulturverein Kerpen", "Italienische Mission Kerpen"),
        _d(2025, 5),
        _d(2027, 11, 30),
        4000,
    ),
    MeasurePlan(
        "volunteer-exchange",
        "volunteering",
        _texts(
            "Ehrenamtsbörse mit mehrsprachiger Beratung",
            "A volunteering exchange with advice in several languages",
        ),
        _described(
            "Vereine melden Aufgaben, Interessierte finden sie online und im Bürgerhaus.",
            "Clubs post tasks, people find them online and at the community centre.",
        ),
        "DRK Ortsverein Kerpen",
        ("Diakonie Kerpen", "Ukrainische Gemeinschaft Kerpen"),
        _d(2025, 6),
        _d(2027, 6, 30),
        11000,
    ),
    MeasurePlan(
        "volunteer-interpreters",
        "volunteering",
        _texts(
            "Pool ehrenamtlicher Dolmetscherinnen und Dolmetscher",
            "A pool of volunteer interpreters",
        ),
        _described(
            "Geschult und mit Aufwandsentschädigung; eine Idee aus den Karten des Workshops.",
            "Trained and paid an allowance; an idea from the workshop's cards.",
        ),
        "Sozialamt Kerpen",
        ("DITIB-Moscheegemeinde Kerpen", "Italienische Mission Kerpen"),
        _d(2025, 4),
        _d(2027, 12, 31),
        26000,
        AHEAD,
    ),
    # Intercultural opening of the administration
    MeasurePlan(
        "citizens-office-guides",
        "information",
        _texts(
            "Mehrsprachige Lotsinnen und Lotsen im Bürgerbüro",
            "Multilingual guides at the citizens' office",
        ),
        _described(
            "An drei Vormittagen pro Woche; eine der Projektideen des Workshops.",
            "On three mornings a week; one of the workshop's project ideas.",
        ),
        "Büro des Bürgermeisters",
        ("Syrisch-Deutscher Freundeskreis", "Türkischer Elternverein Kerpen"),
        _d(2025, 4),
        _d(2027, 3, 31),
        32000,
        weight=2,
    ),
    MeasurePlan(
        "plain-language",
        "information",
        _texts(
            "Website und Formulare in einfacher Sprache",
            "Website and forms in plain language",
        ),
        _described(
            "Die dreißig meistgenutzten Seiten und Formulare zuerst.",
            "The thirty most used pages and forms first.",
        ),
        "Büro des Bürgermeisters",
        ("Kommunales Integrationszentrum Rhein-Erft-Kreis",),
        _d(2025, 3),
        _d(2026, 9, 30),
        22000,
    ),
    MeasurePlan(
        "six-languages",
        "information",
        _texts(
            "Die wichtigsten Informationen in sechs Sprachen",
            "The most important information in six languages",
        ),
        _described(
            "Deutsch, Englisch, Türkisch, Arabisch, Russisch und Ukrainisch.",
            "German, English, Turkish, Arabic, Russian and Ukrainian.",
        ),
        "Büro des Bürgermeisters",
        ("Ukrainische Gemeinschaft Kerpen", "Syrisch-Deutscher Freundeskreis"),
        _d(2025, 6),
        _d(2026, 12, 31),
        18000,
        BEHIND,
    ),
    MeasurePlan(
        "intercultural-training",
        "diverse-administration",
        _texts(
            "Interkulturelle Fortbildung für alle Beschäftigten mit Publikumsverkehr",
            "Intercultural training for all staff who serve the public",
        ),
        _described(
            "Ein Tag pro Person, Pflicht für neue Beschäftigte.",
            "One day per person, required of new staff.",
        ),
        "Stadt Kerpen, Personalamt",
        ("Kommunales Integrationszentrum Rhein-Erft-Kreis",),
        _d(2025, 4),
        _d(2027, 12, 31),
        28000,
        weight=2,
    ),
    MeasurePlan(
        "diverse-hiring",
        "diverse-administration",
        _texts(
            "Ausbildungskampagne der Stadtverwaltung in den Migrantenorganisationen",
            "The administration's apprenticeship campaign in the migrant organisations",
        ),
        _described(
            "Auszubildende der Stadt stellen ihren Beruf in den Vereinen vor.",
            "The town's apprentices present their jobs at the associations.",
        ),
        "Stadt Kerpen, Personalamt",
        ("Integrationsrat Kerpen", "Türkspor Kerpen"),
        _d(2026, 1),
        _d(2027, 10, 31),
        10000,
    ),
    # Welcome culture and encounter
    MeasurePlan(
        "welcome-talks",
        "newcomers",
        _texts(
            "Willkommensgespräch für jede neu zugezogene Familie",
            "A welcome talk for every newly arrived family",
        ),
        _described(
            "Innerhalb von vier Wochen nach der Anmeldung, in der Sprache der Familie.",
            "Within four weeks of registration, in the family's language.",
        ),
        "Sozialamt Kerpen",
        ("Caritas Rhein-Erft", "Diakonie Kerpen"),
        _d(2025, 3),
        _d(2026, 12, 31),
        38000,
        weight=2,
    ),
    MeasurePlan(
        "welcome-folder",
        "newcomers",
        _texts("Willkommensmappe in sechs Sprachen", "A welcome folder in six languages"),
        _described(
            "Ämter, Ärztinnen und Ärzte, Kitas, Beratung und Vereine auf einen Blick.",
            "Offices, doctors, day-care centres, advice and clubs at a glance.",
        ),
        "Kommunales Integrationszentrum Rhein-Erft-Kreis",
        ("Büro des Bürgermeisters",),
        _d(2025, 2),
        _d(2025, 10, 31),
        7000,
    ),
    MeasurePlan(
        "town-walks",
        "newcomers",
        _texts("Stadtspaziergänge für Neuzugewanderte", "Town walks for newcomers"),
        _described(
            "Einmal im Monat, von Ehrenamtlichen in mehreren Sprachen geführt.",
            "Once a month, led by volunteers in several languages.",
        ),
        "Kulturforum Kerpen",
        ("Ukrainische Gemeinschaft Kerpen", "Rumänischer Kulturverein Rhein-Erft"),
        _d(2025, 5),
        _d(2027, 10, 31),
        3000,
    ),
    MeasurePlan(
        "intercultural-week",
        "encounter",
        _texts(
            "Interkulturelle Woche mit den Sportvereinen",
            "An intercultural week with the sports clubs",
        ),
        _described(
            "Jeden September; eine der Projektideen des Workshops.",
            "Every September; one of the workshop's project ideas.",
        ),
        "Kulturforum Kerpen",
        ("Türkspor Kerpen", "SV Horrem 1921"),
        _d(2025, 6),
        _d(2027, 10, 31),
        21000,
    ),
    MeasurePlan(
        "open-clubs",
        "encounter",
        _texts(
            "Schnuppermitgliedschaft in Vereinen für Neuzugewanderte",
            "Trial club membership for newcomers",
        ),
        _described(
            "Ein halbes Jahr beitragsfrei, die Stadt übernimmt den Beitrag.",
            "Half a year free of fees; the town pays the fee.",
        ),
        "SV Horrem 1921",
        ("Türkspor Kerpen", "Kulturforum Kerpen"),
        _d(2025, 8),
        _d(2027, 12, 31),
        17000,
        BEHIND,
    ),
    MeasurePlan(
        "swimming-courses",
        "encounter",
        _texts(
            "Schwimmkurse für zugewanderte Frauen und Mädchen",
            "Swimming courses for immigrant women and girls",
        ),
        _described(
            "Mit Trainerinnen, zu Zeiten nur für Frauen.",
            "With female instructors, at women-only times.",
        ),
        "DRK Ortsverein Kerpen",
        ("Kurdisch-Irakischer Frauenverein",),
        _d(2025, 5),
        _d(2026, 10, 31),
        9000,
    ),
    MeasurePlan(
        "welcome-campaign",
        "welcome-climate",
        _texts("Kampagne „Kerpen sind wir alle“", "Campaign 'We are all Kerpen'"),
        _described(
            "Plakate, Porträts und Geschichten von Kerpenerinnen und Kerpenern.",
            "Posters, portraits and stories of Kerpen's people.",
        ),
        "Büro des Bürgermeisters",
        ("Kölner Stadt-Anzeiger, Lokalredaktion Rhein-Erft", "Radio Erft"),
        _d(2025, 9),
        _d(2026, 8, 31),
        25000,
    ),
    MeasurePlan(
        "climate-survey",
        "welcome-climate",
        _texts(
            "Klimaumfrage zum Zusammenleben alle zwei Jahre",
            "A survey of the climate of living together every two years",
        ),
        _described(
            "Dieselben Aussagen wie am ersten Workshoptag, damit der Vergleich gelingt.",
            "The same statements as on the first workshop day, so that they compare.",
        ),
        "Kommunales Integrationszentrum Rhein-Erft-Kreis",
        ("Integrationsrat Kerpen",),
        _d(2025, 9),
        _d(2027, 3, 31),
        6000,
    ),
)


@dataclass(frozen=True)
class IndicatorPlan:
    key: str
    goal: str
    # An indicator of the catalogue (baseline from the imported statistics), or the town's own.
    catalogue_key: str = ""
    name: dict = field(default_factory=dict)
    unit: str = ""
    better: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_year: int | None = None
    # The town's own: its actual value in each half-year of ``MONITORING_DATES``.
    actuals: tuple = ()


# Catalogue indicators whose baseline the demo's statistics hold for Kerpen (the population)
# or its district, the Rhein-Erft-Kreis (the others). Those without a direction are context:
# no target.
CATALOGUE_WITH_BASELINE = (
    "leavers-without-certificate",
    "foreign-pupils-share",
    "origin-near-east",
    "disposable-income",
    "population",
    "net-migration-rate",
    "foreigners",
    "foreign-share",
)
BASELINE_PERIOD = "2024"
BASELINE_SOURCE = "Demo-Daten: Erhebung der Stadt Kerpen, Stand Dezember 2024"
ACTUAL_SOURCE = "Demo-Daten: Erhebung der Stadt Kerpen"

INDICATORS = (
    IndicatorPlan(
        "evening-participants",
        "language-courses",
        name=_texts(
            "Teilnehmende an Sprachkursen am Abend und am Wochenende",
            "Participants in evening and weekend language courses",
        ),
        unit="Personen",
        better="higher",
        baseline=Decimal(120),
        target=Decimal(300),
        target_year=2027,
        actuals=(150, 190, 215, 250),
    ),
    IndicatorPlan(
        "childcare-places",
        "language-courses",
        name=_texts("Kursplätze mit Kinderbetreuung", "Course places with childcare"),
        unit="Plätze",
        better="higher",
        baseline=Decimal(0),
        target=Decimal(60),
        target_year=2027,
        actuals=(8, 15, 22, 26),
    ),
    IndicatorPlan("near-east", "language-courses", catalogue_key="origin-near-east"),
    IndicatorPlan(
        "leavers",
        "school-success",
        catalogue_key="leavers-without-certificate",
        target=Decimal("3.5"),
        target_year=2027,
    ),
    IndicatorPlan("foreign-pupils", "school-success", catalogue_key="foreign-pupils-share"),
    IndicatorPlan(
        "parents-cafes",
        "school-success",
        name=_texts("Grundschulen mit Elterncafé", "Primary schools with a parents' café"),
        unit="Schulen",
        better="higher",
        baseline=Decimal(1),
        target=Decimal(9),
        target_year=2027,
        actuals=(2, 4, 5, 7),
    ),
    IndicatorPlan(
        "recognition-weeks",
        "recognition",
        name=_texts(
            "Dauer eines Anerkennungsverfahrens (Median)",
            "Length of a recognition procedure (median)",
        ),
        unit="Wochen",
        better="lower",
        baseline=Decimal(26),
        target=Decimal(12),
        target_year=2027,
        actuals=(25, 22, 20, 18),
    ),
    IndicatorPlan(
        "recognition-advice",
        "recognition",
        name=_texts(
            "Beratungen zur Anerkennung je Halbjahr",
            "Advice sessions on recognition per half-year",
        ),
        unit="Beratungen",
        better="higher",
        baseline=Decimal(20),
        target=Decimal(100),
        target_year=2027,
        actuals=(35, 48, 61, 70),
    ),
    IndicatorPlan(
        "women-projects",
        "women-work",
        name=_texts(
            "Zugewanderte Frauen in Qualifizierung oder Beschäftigung über städtische Projekte",
            "Immigrant women in training or work through the town's projects",
        ),
        unit="Personen",
        better="higher",
        baseline=Decimal(25),
        target=Decimal(120),
        target_year=2027,
        actuals=(31, 44, 52, 63),
    ),
    IndicatorPlan("income", "women-work", catalogue_key="disposable-income"),
    IndicatorPlan(
        "apprenticeships",
        "youth-training",
        name=_texts(
            "Neue Ausbildungsverträge junger Zugewanderter je Jahr",
            "New training contracts of young immigrants per year",
        ),
        unit="Verträge",
        better="higher",
        baseline=Decimal(35),
        target=Decimal(60),
        target_year=2027,
        actuals=(35, 41, 41, 47),
    ),
    IndicatorPlan(
        "housing-tandems",
        "housing-fair",
        name=_texts("Aktive Wohnungspatenschaften", "Active housing mentorships"),
        unit="Tandems",
        better="higher",
        baseline=Decimal(0),
        target=Decimal(40),
        target_year=2027,
        actuals=(6, 12, 17, 21),
    ),
    IndicatorPlan("population", "neighbourhoods", catalogue_key="population"),
    IndicatorPlan(
        "council-papers",
        "migrant-organisations",
        name=_texts(
            "Ratsvorlagen mit Stellungnahme des Integrationsrats",
            "Council papers with an opinion of the integration council",
        ),
        unit="%",
        better="higher",
        baseline=Decimal(15),
        target=Decimal(90),
        target_year=2026,
        actuals=(40, 70, 85, 92),
    ),
    IndicatorPlan(
        "multilingual-pages",
        "information",
        name=_texts(
            "Zentrale Seiten der Stadt in mindestens vier Sprachen",
            "Main pages of the town in at least four languages",
        ),
        unit="%",
        better="higher",
        baseline=Decimal(10),
        target=Decimal(80),
        target_year=2026,
        actuals=(18, 30, 41, 55),
    ),
    IndicatorPlan(
        "trained-staff",
        "diverse-administration",
        name=_texts(
            "Beschäftigte mit Publikumsverkehr mit interkultureller Fortbildung",
            "Staff serving the public with intercultural training",
        ),
        unit="%",
        better="higher",
        baseline=Decimal(8),
        target=Decimal(60),
        target_year=2027,
        actuals=(14, 23, 31, 40),
    ),
    IndicatorPlan(
        "welcome-talks",
        "newcomers",
        name=_texts(
            "Neu zugezogene Familien mit Willkommensgespräch in vier Wochen",
            "Newly arrived families with a welcome talk within four weeks",
        ),
        unit="%",
        better="higher",
        baseline=Decimal(30),
        target=Decimal(90),
        target_year=2026,
        actuals=(45, 62, 74, 81),
    ),
    IndicatorPlan("net-migration", "newcomers", catalogue_key="net-migration-rate"),
    IndicatorPlan("foreigners", "newcomers", catalogue_key="foreigners"),
    IndicatorPlan("foreign-share", "welcome-climate", catalogue_key="foreign-share"),
)

# The council adopted the strategy three months after the workshop (September 2024).
ADOPTED_ON = _d(2024, 12, 12)
COUNCIL_REFERENCE = "Drucksache 2024/187" + DEMO_DE
CONSULTATION_LABEL = "Entwurf der Arbeitsgruppe zur Beteiligung" + DEMO_DE
# The half-years of monitoring, each before the council's session in June and December 2025
# and 2026.
MONITORING_DATES = (_d(2025, 5, 31), _d(2025, 11, 30), _d(2026, 5, 31), _d(2026, 11, 30))
# From which half-year (index of MONITORING_DATES) a delayed measure says so, a cancelled one
# is cancelled.
DELAYED_FROM, CANCELLED_FROM = 1, 2


@dataclass(frozen=True)
class MeasureReport:
    key: str
    on: datetime.date
    status: str
    progress: int
    note: dict


@dataclass(frozen=True)
class IndicatorValue:
    key: str
    period: str
    value: Decimal
    source: str


@dataclass(frozen=True)
class MonitoringRound:
    on: datetime.date
    measures: tuple[MeasureReport, ...]
    actuals: tuple[IndicatorValue, ...]


def _elapsed(plan: MeasurePlan, on: datetime.date) -> float:
    if on <= plan.start:
        return 0.0
    if on >= plan.end:
        return 1.0
    return (on - plan.start).days / (plan.end - plan.start).days


def _round5(value: float) -> int:
    return max(0, min(100, int(round(value / 5)) * 5))


def _note(de: str, en: str) -> dict:
    return _described(de, en)


def _report(plan: MeasurePlan, index: int, on: datetime.date, last: int) -> MeasureReport:
    """A measure's status, progress and note on the ``index``-th half-year; ``last`` is its
    progress half a year before (progress never goes back)."""
    if on < plan.start:
        return MeasureReport(
            plan.key,
            on,
            "planned",
            0,
            _note(
                f"Beginn am {plan.start:%d.%m.%Y} vorgesehen.",
                f"Due to start on {plan.start.isoformat()}.",
            ),
        )
    elapsed = _elapsed(plan, on)
    progress = max(last, _round5(elapsed * 100 * _PACE[plan.course]))
    if plan.course == CANCELLED and index >= CANCELLED_FROM:
        return MeasureReport(plan.key, on, "cancelled", last, _note(*plan.reason))
    if plan.course == DELAYED and index >= DELAYED_FROM:
        return MeasureReport(plan.key, on, "delayed", min(progress, 90), _note(*plan.reason))
    if on >= plan.end and plan.course in {ON_TRACK, AHEAD}:
        return MeasureReport(plan.key, on, "completed", 100, _note("Abgeschlossen.", "Completed."))
    if plan.course in {ON_TRACK, AHEAD}:
        progress = max(progress, 5)
        return MeasureReport(
            plan.key, on, "running", min(progress, 95), _note("Läuft nach Plan.", "On schedule.")
        )
    if plan.course != BEHIND:  # to be delayed or cancelled later; running so far
        reason = ("Läuft.", "Running.")
    elif plan.reason[0]:
        reason = plan.reason
    else:
        reason = ("Hinter dem Zeitplan.", "Behind schedule.")
    return MeasureReport(plan.key, on, "running", min(max(progress, 5), 90), _note(*reason))


def monitoring_rounds() -> list[MonitoringRound]:
    """Two years of invented monitoring, one round per half-year from May 2025 to November
    2026 (``MONITORING_DATES``): per measure (by its key in ``MEASURES``) the date, status,
    progress and a note in German and English; per indicator of the town's own (by its key in
    ``INDICATORS``) its value in the half-year (period ``YYYY-MM``), with its source. Pure: no
    database."""
    last = {plan.key: 0 for plan in MEASURES}
    rounds = []
    for index, on in enumerate(MONITORING_DATES):
        reports = []
        for plan in MEASURES:
            report = _report(plan, index, on, last[plan.key])
            last[plan.key] = report.progress
            reports.append(report)
        actuals = tuple(
            IndicatorValue(
                indicator.key, f"{on:%Y-%m}", Decimal(indicator.actuals[index]), ACTUAL_SOURCE
            )
            for indicator in INDICATORS
            if indicator.actuals
        )
        rounds.append(MonitoringRound(on, tuple(reports), actuals))
    return rounds


def _milestones(
    plan: MeasurePlan, report: MeasureReport | None, today: datetime.date
) -> list[tuple]:
    """Two milestones of a measure, (due, title, done on): the concept three months after the
    start, a review half-way; done a week after they were due, if that day is neither after
    the last half-year nor after ``today``, unless the measure is delayed or cancelled in
    ``report`` (its latest report by ``today``, None before the first; the concept is done all
    the same)."""
    concept = plan.start + datetime.timedelta(days=90)
    review = plan.start + (plan.end - plan.start) / 2
    until = min(MONITORING_DATES[-1], today)
    stalled = report is not None and report.status in {"delayed", "cancelled"}
    milestones = []
    for number, (due, title) in enumerate(
        (
            (concept, _texts("Konzept und Partner abgestimmt", "Concept and partners agreed")),
            (review, _texts("Zwischenbilanz mit den Partnern", "Interim review with the partners")),
        )
    ):
        done = due + datetime.timedelta(days=7)
        done_on = done if done <= until and (number == 0 or not stalled) else None
        milestones.append((due, title, done_on))
    return milestones


@dataclass(frozen=True)
class MonitoringState:
    """What the strategy records of the monitoring on ``today``: the rounds dated on or before
    it (oldest first); per measure (by its key in ``MEASURES``) its status and progress, and
    its milestones (due, title, done on)."""

    today: datetime.date
    rounds: tuple[MonitoringRound, ...]
    measures: dict[str, tuple[str, int]]
    milestones: dict[str, list[tuple]]

    @property
    def actuals(self) -> tuple[IndicatorValue, ...]:
        """The actual values of the rounds by ``today``, oldest first."""
        return tuple(value for one in self.rounds for value in one.actuals)


def monitoring_on(today: datetime.date) -> MonitoringState:
    """The monitoring as it stands on ``today``, nothing dated after it: each measure takes the
    status and progress of the latest round dated on or before ``today``; before the first
    round it stays as created, planned with progress 0, or running with progress 0 once its
    start has come. Pure: no database."""
    rounds = tuple(one for one in monitoring_rounds() if one.on <= today)
    latest = {report.key: report for report in rounds[-1].measures} if rounds else {}
    measures = {}
    milestones = {}
    for plan in MEASURES:
        report = latest.get(plan.key)
        if report is not None:
            measures[plan.key] = (report.status, report.progress)
        elif plan.start <= today:
            measures[plan.key] = ("running", 0)
        else:
            measures[plan.key] = ("planned", 0)
        milestones[plan.key] = _milestones(plan, report, today)
    return MonitoringState(today, rounds, measures, milestones)


@dataclass
class DemoStrategy:
    """What ``kerpen_strategy`` made, by the keys of ``GOALS``, ``MEASURES`` and ``INDICATORS``
    (a candidate the tables do not know is keyed ``candidate-<pk>``)."""

    strategy: Strategy
    fields: dict[str, FieldOfAction]
    goals: dict[str, Goal]
    measures: dict[str, Measure]
    indicators: dict[str, GoalIndicator]


def kerpen_strategy(*, process, actor, today: datetime.date | None = None) -> DemoStrategy:
    """Kerpen's strategy from its workshop, put out for comments and adopted by the council
    on ``ADOPTED_ON`` if ``today`` (default: the local date) is that day or later; its
    measures as created, their milestones not done (``monitoring.demo.kerpen_monitoring``
    reports the monitoring). ``actor`` is the coordinator (or SYSTEM). Call after the workshop
    and the statistics are loaded."""
    from cohesion.workshops.models import Candidate
    from cohesion.workshops.selectors import candidates_of, workshop_of_process

    if today is None:
        today = timezone.localdate()

    strategy = services.strategy_create(actor=actor, process=process, language="de")
    strategy = services.strategy_update(
        actor=actor, strategy=strategy, title=TITLE, guiding_principles=GUIDING_PRINCIPLES
    )
    standard = list(strategy.fields_of_action.order_by("order", "pk"))
    fields = {key: standard[index] for key, (index, _title) in FIELDS.items()}

    workshop = workshop_of_process(process=process)
    candidates = []
    if workshop is not None:
        for group in candidates_of(workshop=workshop, language="de"):
            candidates += [*group["goals"], *group["measures"]]

    # The workshop's candidate goals, each worded afresh where the working group did.
    goals: dict[str, Goal] = {}
    plans_by_field = {plan.candidate_field: plan for plan in GOALS if plan.candidate_field}
    for candidate in candidates:
        if candidate.kind != Candidate.Kind.GOAL:
            continue
        goal = services.goal_create_from_candidate(
            actor=actor, strategy=strategy, candidate=candidate
        )
        plan = plans_by_field.pop(candidate.field_of_action, None)
        if plan is None:
            goals[f"candidate-{candidate.pk}"] = goal
            continue
        goals[plan.key] = services.goal_update(
            actor=actor,
            goal=goal,
            title=plan.title,
            description=plan.description,
            target_year=plan.target_year,
            field_of_action=fields[plan.field],
        )

    # Kerpen's six fields of action: the dropped ones' goals move, then they go.
    for index, target in MERGED.items():
        dropped = standard[index]
        for goal in Goal.objects.filter(field_of_action=dropped).select_related(
            "field_of_action__strategy__process"
        ):
            services.goal_update(actor=actor, goal=goal, field_of_action=fields[target])
        services.field_of_action_delete(actor=actor, field_of_action=dropped)
    for key, (_index, title) in FIELDS.items():
        fields[key] = services.field_of_action_update(
            actor=actor, field_of_action=fields[key], title=title
        )

    # The working group's goals.
    for plan in GOALS:
        if plan.key not in goals:
            goals[plan.key] = services.goal_create(
                actor=actor,
                field_of_action=fields[plan.field],
                title=plan.title,
                description=plan.description,
                target_year=plan.target_year,
            )

    # Measures: the workshop's candidates first, then the working group's; then each one's
    # state of the monitoring on ``today`` and its milestones.
    monitoring = monitoring_on(today)
    measures: dict[str, Measure] = {}
    plans_by_title = {plan.candidate_title: plan for plan in MEASURES if plan.candidate_title}
    # A candidate the tables do not know goes to the first goal of its field of action.
    goal_of_field = {}
    for goal in reversed(list(goals.values())):
        goal_of_field[goal.field_of_action_id] = goal
    field_named = {text: field.pk for field in fields.values() for text in field.title.values()}
    first_goal = next(iter(goals.values()))
    for candidate in candidates:
        if candidate.kind != Candidate.Kind.MEASURE:
            continue
        plan = plans_by_title.pop((candidate.title or {}).get("de", ""), None)
        if plan is not None:
            goal = goals[plan.goal]
        else:
            field_pk = field_named.get(candidate.field_of_action)
            goal = goal_of_field.get(field_pk, first_goal)
        measure = services.measure_create_from_candidate(
            actor=actor, goal=goal, candidate=candidate
        )
        if plan is None:
            measures[f"candidate-{candidate.pk}"] = measure
            continue
        measures[plan.key] = services.measure_update(
            actor=actor, measure=measure, **_measure_fields(plan)
        )
    for plan in MEASURES:
        if plan.key not in measures and not plan.candidate_title:
            measures[plan.key] = services.measure_create(
                actor=actor, goal=goals[plan.goal], **_measure_fields(plan)
            )
    for plan in MEASURES:
        measure = measures.get(plan.key)
        if measure is None:
            continue
        # Done only in the monitoring (``monitoring.demo``), after the adoption.
        for due, title, _done_on in monitoring.milestones[plan.key]:
            services.milestone_create(actor=actor, measure=measure, due=due, title=title)

    # Indicators: the catalogue's with their baselines from the statistics, then the town's own.
    indicators: dict[str, GoalIndicator] = {}
    for plan in INDICATORS:
        goal = goals[plan.goal]
        if plan.catalogue_key:
            extra = {}
            if plan.target is not None:
                extra = {"target": plan.target, "target_year": plan.target_year}
            indicators[plan.key] = services.indicator_create(
                actor=actor, goal=goal, catalogue_key=plan.catalogue_key, **extra
            )
        else:
            indicators[plan.key] = services.indicator_create(
                actor=actor,
                goal=goal,
                name=plan.name,
                unit=plan.unit,
                better=plan.better,
                baseline=plan.baseline,
                baseline_period=BASELINE_PERIOD,
                baseline_source=BASELINE_SOURCE,
                target=plan.target,
                target_year=plan.target_year,
            )

    # The draft goes out for comments, then the council adopts it (if that day has come).
    if today >= ADOPTED_ON:
        services.consultation_open(actor=actor, strategy=strategy, label=CONSULTATION_LABEL)
        services.strategy_adopt(
            actor=actor,
            strategy=strategy,
            decided_on=ADOPTED_ON,
            reference=COUNCIL_REFERENCE,
            today=today,
        )
    return DemoStrategy(strategy, fields, goals, measures, indicators)


def _measure_fields(plan: MeasurePlan) -> dict:
    partners = ", ".join(name + DEMO_ORG for name in plan.partners)
    return {
        "title": plan.title,
        "description": plan.description,
        "lead": plan.lead + DEMO_ORG,
        "partners": partners,
        "start": plan.start,
        "end": plan.end,
        "budget": Decimal(plan.budget),
        "weight": plan.weight,
    }
