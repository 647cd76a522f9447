"""The indicator catalogue: what the profile shows, each indicator defined as the monitoring
frameworks define theirs (Integrationsmonitoring der Länder, Integrationsmonitoring Niedersachsen).

An indicator is a formula (``formula.py``) over *raw series*. A raw series names, in order of
preference, where its numbers may come from: a table (by code or code prefix, so the municipal
``…-5`` and district ``…-4`` variants of a Regionaldatenbank table both fit), a variable and the
breakdown it needs; every other dimension of a matching series must be the total. ``registry`` is
the population of the Gemeindeverzeichnis, which every municipality has.

To add an indicator: add its raw series (if new) and an ``Indicator`` below; the profile, the
fact sheet, the export and ``cohesion indicator`` pick it up. Titles and definitions are
translatable; the slug is stable and used in URLs and on the command line.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohesion.indicators.formula import Formula, parse

REGISTRY = "registry"  # the population records of the Gemeindeverzeichnis (GV100AD)
GENERIC = "Merkmal "  # the name the table reader gives a row dimension its title does not name
TOTALS = frozenset({"", "Insgesamt", "insgesamt", "Total", "total", "Zusammen", "zusammen"})


class Topic(StrEnum):
    POPULATION = "population"
    FOREIGNERS = "foreigners"
    MIGRATION = "migration"
    ORIGIN = "origin"
    AGE = "age"
    LABOUR = "labour"
    SCHOOLING = "schooling"
    CHILDCARE = "childcare"
    BENEFITS = "benefits"
    NATURALISATION = "naturalisation"

    @property
    def label(self) -> str:
        return TOPIC_LABELS[self]


TOPIC_LABELS = {
    Topic.POPULATION: _("Population"),
    Topic.FOREIGNERS: _("Foreign residents"),
    Topic.MIGRATION: _("Immigration history (Zensus 2022)"),
    Topic.ORIGIN: _("Origin groups of foreign residents"),
    Topic.AGE: _("Age structure"),
    Topic.LABOUR: _("Labour market"),
    Topic.SCHOOLING: _("Schooling"),
    Topic.CHILDCARE: _("Childcare"),
    Topic.BENEFITS: _("Benefits"),
    Topic.NATURALISATION: _("Naturalisations"),
}


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEUTRAL = "neutral"  # describes the municipality; neither direction is a goal

    @property
    def label(self) -> str:
        return {
            Better.HIGHER: _("higher is better"),
            Better.LOWER: _("lower is better"),
            Better.NEUTRAL: _("descriptive: no direction is better"),
        }[self]


class Level(StrEnum):
    """The lowest level at which the official statistics publish the numbers."""

    MUNICIPALITY = "municipality"
    DISTRICT = "district"
    STATE = "state"

    @property
    def label(self) -> str:
        return {
            Level.MUNICIPALITY: _("municipality"),
            Level.DISTRICT: _("district"),
            Level.STATE: _("Land"),
        }[self]


@dataclass(frozen=True)
class SeriesSource:
    """Where a raw series may come from: a table, a variable and its breakdown."""

    table: str  # a table code or its prefix ("12411-02-03" fits 12411-02-03-4 and -5)
    variable: str = ""
    dimensions: tuple[tuple[str, str], ...] = ()  # required (dimension, attribute) pairs
    unit: str | None = None  # None: any unit

    def matches(self, *, table_code: str, variable: str, unit: str, dimensions) -> bool:
        if not table_code.startswith(self.table) or variable != self.variable:
            return False
        if self.unit is not None and unit != self.unit:
            return False
        present = dict(dimensions)
        for name, attribute in self.dimensions:
            if present.get(name) == attribute:
                del present[name]
                continue
            # A table whose title does not name its row dimensions gets "Merkmal 1", ... from
            # the reader (the Regionaldatenbank's titles): the attribute alone must then fit.
            generic = [n for n, a in present.items() if n.startswith(GENERIC) and a == attribute]
            if not generic:
                return False
            del present[generic[0]]
        return all(attribute in TOTALS for attribute in present.values())


@dataclass(frozen=True)
class RawSeries:
    name: str
    sources: tuple[SeriesSource, ...]
    # Continued from a census (the Bevölkerungsfortschreibung): figures up to 2022 rest on the
    # Zensus 2011, later ones on the Zensus 2022, and the two are only partly comparable.
    census_based: bool = False


# The first reference year the Fortschreibung gives on the Zensus 2022 basis. The Gemeinde-
# verzeichnis of 31.12.2022 still counts from the Zensus 2011; a 31.12.2022 figure that Destatis
# later restated on the new basis would be counted to the old one.
ZENSUS_2022_BASIS_FROM = "2023"


def census_basis(period: str) -> str:
    """The census a Fortschreibung figure of this period (a year or a date) continues."""
    return "Zensus 2022" if period[:4] >= ZENSUS_2022_BASIS_FROM else "Zensus 2011"


@dataclass(frozen=True)
class Indicator:
    slug: str
    topic: Topic
    title: str
    definition: str
    formula_text: str
    unit: str
    level: Level
    better: Better
    source: str  # which statistics, in words
    tables: str  # the table codes to import when the numbers are missing
    template: str = ""  # the framework entry it follows, e.g. "IM-NI 1.2.2"
    decimals: int = 1
    headline: bool = False  # shown on the fact sheet's first page and compared with peers

    @property
    def formula(self) -> Formula:
        return _parsed(self.formula_text)


_FORMULAS: dict[str, Formula] = {}


def _parsed(text: str) -> Formula:
    if text not in _FORMULAS:
        _FORMULAS[text] = parse(text)
    return _FORMULAS[text]


def _total(table: str, variable: str, **kwargs) -> SeriesSource:
    return SeriesSource(table=table, variable=variable, **kwargs)


NATIONALITY = "Nationalität"
AGE_GROUPS = "Altersgruppen"
NI_FOREIGNERS = "Ausländerinnen und Ausländer"
NI_GERMANS = "Deutsche"

# Origin groups of table 12521-0041 shown in the profile, in the order of the table.
ORIGIN_DIMENSION = "Ländergruppierungen/Staatsangehörigkeit"
ORIGIN_GROUPS = (
    ("europe", "Europa", pgettext_lazy("origin group", "Europe")),
    ("eu27", "EU-27 (seit 01.02.2020)", pgettext_lazy("origin group", "EU-27")),
    (
        "guest_worker",
        "Gastarbeiterländer",
        pgettext_lazy("origin group", "former recruitment countries"),
    ),
    (
        "yugoslavia",
        "Gebiet des ehemaligen Jugoslawien",
        pgettext_lazy("origin group", "former Yugoslavia"),
    ),
    (
        "soviet",
        "Gebiet der ehemaligen Sowjetunion",
        pgettext_lazy("origin group", "former Soviet Union"),
    ),
    ("asia", "Asien", pgettext_lazy("origin group", "Asia")),
    ("near_east", "Vorderasien", pgettext_lazy("origin group", "Near and Middle East")),
    ("africa", "Afrika", pgettext_lazy("origin group", "Africa")),
    ("america", "Amerika", pgettext_lazy("origin group", "America")),
)

# The 17 age groups of Regionaldatenbank table 12411-02-03 (Bevölkerung nach Altersgruppen).
AGE_UNDER_18 = (
    "unter 3 Jahre",
    "3 bis unter 6 Jahre",
    "6 bis unter 10 Jahre",
    "10 bis unter 15 Jahre",
    "15 bis unter 18 Jahre",
)
AGE_65_AND_OVER = ("65 bis unter 75 Jahre", "75 Jahre und mehr")

RAW_SERIES: dict[str, RawSeries] = {
    raw.name: raw
    for raw in [
        RawSeries(
            "population",
            (
                SeriesSource(table=REGISTRY),
                _total("12411-01-01", "Bevölkerung"),
                _total("IM-NI 1.1.1", "Bevölkerung"),
            ),
            census_based=True,
        ),
        RawSeries(
            "foreigners",
            (
                _total("12521-0041", "Ausländer"),
                _total("12521-0040", "Ausländer"),
                _total("IM-NI 1.2.1", NI_FOREIGNERS),
            ),
        ),
        RawSeries(  # foreigners over the Fortschreibung's population, as LSN computes it
            "foreign_share_published",
            (_total("IM-NI 1.2.2", "Ausländeranteil"),),
            census_based=True,
        ),
        RawSeries(
            "zensus_population",
            (_total("Zensus 2022", "population"), _total("1000A", "Personen")),
        ),
        RawSeries("zensus_foreign", (_total("Zensus 2022", "foreign"),)),
        RawSeries(
            "zensus_immigration_history", (_total("Zensus 2022", "immigration_history_total"),)
        ),
        RawSeries("zensus_immigrated", (_total("Zensus 2022", "immigrated"),)),
        RawSeries("zensus_descendants", (_total("Zensus 2022", "descendants"),)),
        *[
            RawSeries(
                f"origin_{slug}",
                (
                    SeriesSource(
                        table="12521-0041",
                        variable="Ausländer",
                        dimensions=((ORIGIN_DIMENSION, attribute),),
                    ),
                ),
            )
            for slug, attribute, _label in ORIGIN_GROUPS
        ],
        *[
            RawSeries(
                f"age_{index}",
                tuple(
                    SeriesSource(table=table, variable=variable, dimensions=((AGE_GROUPS, group),))
                    for table, variable in (
                        ("12411-02-03", "Bevölkerung"),  # Regionaldatenbank, -4 and -5
                        ("12411-0017", "Bevölkerungsstand"),  # GENESIS-Online, Kreise
                    )
                ),
                census_based=True,
            )
            for index, group in enumerate(AGE_UNDER_18 + AGE_65_AND_OVER)
        ],
        RawSeries(
            "unemployment_rate_foreigners",
            (
                SeriesSource(
                    table="13211-02-05",
                    variable="Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen",
                    dimensions=((NATIONALITY, "Ausländer"),),
                ),
            ),
        ),
        RawSeries(
            "unemployment_rate_all",
            (_total("13211-02-05", "Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen"),),
        ),
        RawSeries(
            "unemployment_gap_published",
            (
                SeriesSource(
                    table="IM-NI 5.3.3",
                    variable="Abstand der Arbeitslosenquote von Ausländerinnen und Ausländern"
                    " zu Insgesamt",
                ),
            ),
        ),
        *[
            RawSeries(
                f"leavers_without_certificate_{key}",
                (
                    SeriesSource(
                        table="IM-NI 4.1.4",
                        variable="Schulabgänger ohne Hauptschulabschluss",
                        dimensions=((NATIONALITY, nationality),),
                        unit="Prozent",
                    ),
                ),
            )
            for key, nationality in (("foreigners", NI_FOREIGNERS), ("germans", NI_GERMANS))
        ],
        RawSeries(
            "childcare_rate_under_3",
            (
                SeriesSource(
                    table="22543-03-01",
                    variable="Betreuungsquote",
                    dimensions=((AGE_GROUPS, "unter 3 Jahre"),),
                ),
            ),
        ),
        *[
            RawSeries(
                f"minimum_benefits_{key}",
                (
                    SeriesSource(
                        table="IM-NI 6.2.2",
                        variable="Mindestsicherungsempfänger je 1 000 Einwohner",
                        dimensions=(
                            ("Altersgruppe", "im Alter von 18 bis unter 65 Jahren"),
                            (NATIONALITY, nationality),
                        ),
                    ),
                ),
            )
            for key, nationality in (("foreigners", NI_FOREIGNERS), ("germans", NI_GERMANS))
        ],
        RawSeries(
            "naturalisation_share_published",
            (_total("IM-NI 2.3.3", "Einbürgerungen in % der Ausländer"),),
        ),
    ]
}


def _share_of_population(names: list[str]) -> str:
    return f"({' + '.join(names)}) / population * 100"


_AZR_AND_REGISTRY = _(
    "Ausländerzentralregister (Destatis table 12521-0041) over the population of the Gemeindeverzeichnis"
)
_NI = _("Integrationsmonitoring Niedersachsen (LSN)")

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        slug="population",
        topic=Topic.POPULATION,
        title=_("Population"),
        definition=_(
            "Inhabitants on the reference date (main residence), as the Gemeindeverzeichnis gives them; from 2024 on the basis of the Zensus 2022."
        ),
        formula_text="population",
        unit=_("persons"),
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_("Gemeindeverzeichnis (GV100AD), Bevölkerungsfortschreibung"),
        tables="GV100AD, 12411-01-01-5",
        template="IM-NI 1.1.1",
        decimals=0,
        headline=True,
    ),
    Indicator(
        slug="foreigners",
        topic=Topic.FOREIGNERS,
        title=_("Foreign residents"),
        definition=_(
            "People without German citizenship registered in the Ausländerzentralregister on 31 December."
        ),
        formula_text="foreigners",
        unit=_("persons"),
        level=Level.DISTRICT,
        better=Better.NEUTRAL,
        source=_("Ausländerzentralregister (AZR), Destatis table 12521-0041"),
        tables="12521-0041",
        template="IM-NI 1.2.1",
        decimals=0,
    ),
    Indicator(
        slug="foreign-share",
        topic=Topic.FOREIGNERS,
        title=_("Share of foreign residents"),
        definition=_(
            "Foreign residents (AZR) per 100 inhabitants; where the population of the same date is not yet published, the population of the year before."
        ),
        formula_text="foreigners / population * 100",
        unit="%",
        level=Level.DISTRICT,
        better=Better.NEUTRAL,
        source=_AZR_AND_REGISTRY,
        tables="12521-0041, GV100AD",
        template="IM-NI 1.2.2",
        headline=True,
    ),
    Indicator(
        slug="foreign-share-published",
        topic=Topic.FOREIGNERS,
        title=_("Share of foreign residents (as published by the Land)"),
        definition=_(
            "Foreign residents (AZR) per 100 inhabitants (Bevölkerungsfortschreibung) on 31 December, as the Land's integration monitoring publishes it."
        ),
        formula_text="foreign_share_published",
        unit="%",
        level=Level.DISTRICT,
        better=Better.NEUTRAL,
        source=_NI,
        tables="IM-NI 1.2.2",
        template="IM-NI 1.2.2",
    ),
    Indicator(
        slug="immigration-history-share",
        topic=Topic.MIGRATION,
        title=_("Share of people with immigration history"),
        definition=_(
            "People who immigrated themselves or whose parents both immigrated since 1950, per 100 inhabitants (Zensus 2022, 15 May 2022)."
        ),
        formula_text="zensus_immigration_history / zensus_population * 100",
        unit="%",
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_("Zensus 2022"),
        tables="Zensus 2022: Einwanderungsgeschichte",
        template="IntMK A (Bevölkerung mit Migrationshintergrund)",
        headline=True,
    ),
    Indicator(
        slug="immigrated-share",
        topic=Topic.MIGRATION,
        title=_("Share of people who immigrated themselves"),
        definition=_(
            "People who immigrated themselves since 1950, per 100 inhabitants (Zensus 2022)."
        ),
        formula_text="zensus_immigrated / zensus_population * 100",
        unit="%",
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_("Zensus 2022"),
        tables="Zensus 2022: Einwanderungsgeschichte",
    ),
    Indicator(
        slug="descendants-share",
        topic=Topic.MIGRATION,
        title=_("Share of descendants of immigrants"),
        definition=_(
            "People born in Germany whose parents both immigrated, per 100 inhabitants (Zensus 2022)."
        ),
        formula_text="zensus_descendants / zensus_population * 100",
        unit="%",
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_("Zensus 2022"),
        tables="Zensus 2022: Einwanderungsgeschichte",
    ),
    Indicator(
        slug="zensus-foreign-share",
        topic=Topic.MIGRATION,
        title=_("Share of foreign citizens (Zensus 2022)"),
        definition=_(
            "People without German citizenship per 100 inhabitants, as counted by the Zensus 2022."
        ),
        formula_text="zensus_foreign / zensus_population * 100",
        unit="%",
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_("Zensus 2022"),
        tables="Zensus 2022: Staatsangehörigkeit (1000A-1023)",
    ),
    *[
        Indicator(
            slug=f"origin-{slug.replace('_', '-')}",
            topic=Topic.ORIGIN,
            title=label,
            definition=format_lazy(
                _(
                    "Foreign residents whose citizenship belongs to the group “{group}”, per 100 foreign residents."
                ),
                group=attribute,
            ),
            formula_text=f"origin_{slug} / foreigners * 100",
            unit="%",
            level=Level.DISTRICT,
            better=Better.NEUTRAL,
            source=_("Ausländerzentralregister (AZR), Destatis table 12521-0041"),
            tables="12521-0041",
            template="IM-NI 1.2.4",
        )
        for slug, attribute, label in ORIGIN_GROUPS
    ],
    Indicator(
        slug="under-18-share",
        topic=Topic.AGE,
        title=_("Share of children and young people under 18"),
        definition=_("Inhabitants under 18 per 100 inhabitants on 31 December."),
        formula_text=_share_of_population([f"age_{i}" for i in range(len(AGE_UNDER_18))]),
        unit="%",
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_("Bevölkerungsfortschreibung, Regionaldatenbank table 12411-02-03"),
        tables="12411-02-03-5",
        template="IM-NI 1.2.6",
    ),
    Indicator(
        slug="over-65-share",
        topic=Topic.AGE,
        title=_("Share of inhabitants aged 65 and over"),
        definition=_("Inhabitants aged 65 and over per 100 inhabitants on 31 December."),
        formula_text=_share_of_population(
            [f"age_{len(AGE_UNDER_18) + i}" for i in range(len(AGE_65_AND_OVER))]
        ),
        unit="%",
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_("Bevölkerungsfortschreibung, Regionaldatenbank table 12411-02-03"),
        tables="12411-02-03-5",
        template="IM-NI 1.2.6",
    ),
    Indicator(
        slug="unemployment-rate-foreigners",
        topic=Topic.LABOUR,
        title=_("Unemployment rate of foreign residents"),
        definition=_(
            "Unemployed foreigners per 100 civilian foreign members of the labour force, annual average (Bundesagentur für Arbeit)."
        ),
        formula_text="unemployment_rate_foreigners",
        unit="%",
        level=Level.DISTRICT,
        better=Better.LOWER,
        source=_("Statistik der Bundesagentur für Arbeit, Regionaldatenbank table 13211-02-05-4"),
        tables="13211-02-05-4",
        template="IntMK E5, IM-NI 5.3.2",
        headline=True,
    ),
    Indicator(
        slug="unemployment-gap",
        topic=Topic.LABOUR,
        title=_("Gap between the unemployment rates of foreigners and of everyone"),
        definition=_(
            "Unemployment rate of foreigners minus the rate of all civilian members of the labour force, in percentage points."
        ),
        formula_text="unemployment_rate_foreigners - unemployment_rate_all",
        unit=_("percentage points"),
        level=Level.DISTRICT,
        better=Better.LOWER,
        source=_("Statistik der Bundesagentur für Arbeit, Regionaldatenbank table 13211-02-05-4"),
        tables="13211-02-05-4",
        template="IM-NI 5.3.3",
    ),
    Indicator(
        slug="leavers-without-certificate-foreigners",
        topic=Topic.SCHOOLING,
        title=_("Foreign school leavers without a Hauptschulabschluss"),
        definition=_(
            "Foreign leavers of general schools (special schools included) without at least a Hauptschulabschluss, per 100 foreign leavers of the year."
        ),
        formula_text="leavers_without_certificate_foreigners",
        unit="%",
        level=Level.DISTRICT,
        better=Better.LOWER,
        source=_NI,
        tables="IM-NI 4.1.4, 21111-02-06-4",
        template="IM-NI 4.1.4",
        headline=True,
    ),
    Indicator(
        slug="leavers-without-certificate-gap",
        topic=Topic.SCHOOLING,
        title=_("Gap in leaving school without a Hauptschulabschluss"),
        definition=_(
            "Share of foreign leavers without a Hauptschulabschluss minus the share of German leavers, in percentage points."
        ),
        formula_text="leavers_without_certificate_foreigners - leavers_without_certificate_germans",
        unit=_("percentage points"),
        level=Level.DISTRICT,
        better=Better.LOWER,
        source=_NI,
        tables="IM-NI 4.1.4",
        template="IM-NI 4.1.4",
    ),
    Indicator(
        slug="childcare-under-3",
        topic=Topic.CHILDCARE,
        title=_("Childcare rate of children under 3"),
        definition=_("Children under 3 in day care per 100 children of that age on 1 March."),
        formula_text="childcare_rate_under_3",
        unit="%",
        level=Level.DISTRICT,
        better=Better.HIGHER,
        source=_("Kinder- und Jugendhilfestatistik, Regionaldatenbank table 22543-03-01-4-B"),
        tables="22543-03-01-4-B",
        template="IM-NI 3.1.1",
    ),
    Indicator(
        slug="minimum-benefits-foreigners",
        topic=Topic.BENEFITS,
        title=_("Foreign recipients of minimum benefits aged 18 to 64, per 1,000"),
        definition=_(
            "Recipients of minimum social security benefits (SGB II, SGB XII, AsylbLG) aged 18 to under 65 per 1,000 foreign inhabitants of that age on 31 December."
        ),
        formula_text="minimum_benefits_foreigners",
        unit=_("per 1,000"),
        level=Level.DISTRICT,
        better=Better.LOWER,
        source=_NI,
        tables="IM-NI 6.2.2, 22811-02-02-4",
        template="IM-NI 6.2.2, IntMK E8",
        decimals=0,
    ),
    Indicator(
        slug="minimum-benefits-germans",
        topic=Topic.BENEFITS,
        title=_("German recipients of minimum benefits aged 18 to 64, per 1,000"),
        definition=_(
            "Recipients of minimum social security benefits aged 18 to under 65 per 1,000 German inhabitants of that age on 31 December."
        ),
        formula_text="minimum_benefits_germans",
        unit=_("per 1,000"),
        level=Level.DISTRICT,
        better=Better.LOWER,
        source=_NI,
        tables="IM-NI 6.2.2, 22811-02-02-4",
        template="IM-NI 6.2.2",
        decimals=0,
    ),
    Indicator(
        slug="naturalisation-rate",
        topic=Topic.NATURALISATION,
        title=_("Naturalisations per 100 foreign residents"),
        definition=_(
            "Naturalisations in the year per 100 foreign residents (Einbürgerungsquote II)."
        ),
        formula_text="naturalisation_share_published",
        unit="%",
        level=Level.DISTRICT,
        better=Better.HIGHER,
        source=_NI,
        tables="IM-NI 2.3.3, 12511-04-01-4",
        template="IM-NI 2.3.3, IntMK B2b",
        headline=True,
    ),
)

INDICATORS_BY_SLUG = {indicator.slug: indicator for indicator in INDICATORS}
HEADLINE_INDICATORS = tuple(indicator for indicator in INDICATORS if indicator.headline)


def check_catalogue() -> None:
    """Every formula parses and names only known raw series (run by the tests)."""
    for indicator in INDICATORS:
        unknown = set(indicator.formula.names) - set(RAW_SERIES)
        if unknown:
            raise ValueError(f"{indicator.slug}: unknown series {sorted(unknown)}")
