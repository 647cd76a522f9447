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
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cohesion.indicators.formula import Formula, parse

REGISTRY = "registry"  # the population records of the Gemeindeverzeichnis (GV100AD)
GENERIC = "Merkmal "  # the name the table reader gives a row dimension its title does not name
TOTALS = frozenset({"", "Insgesamt", "insgesamt", "Total", "total", "Zusammen", "zusammen"})


class Topic(StrEnum):
    POPULATION = "population"
    MOVES = "moves"
    FOREIGNERS = "foreigners"
    MIGRATION = "migration"
    ORIGIN = "origin"
    AGE = "age"
    LABOUR = "labour"
    SCHOOLING = "schooling"
    CHILDCARE = "childcare"
    INCOME = "income"
    BENEFITS = "benefits"
    NATURALISATION = "naturalisation"

    @property
    def label(self) -> str:
        return TOPIC_LABELS[self]


TOPIC_LABELS = {
    Topic.POPULATION: _("Population"),
    Topic.MOVES: _("Moves across district borders"),
    Topic.FOREIGNERS: _("Foreign residents"),
    Topic.MIGRATION: _("Immigration history (Zensus 2022)"),
    Topic.ORIGIN: _("Origin groups of foreign residents"),
    Topic.AGE: _("Age structure"),
    Topic.LABOUR: _("Labour market"),
    Topic.SCHOOLING: _("Schooling"),
    Topic.CHILDCARE: _("Childcare"),
    Topic.INCOME: _("Income"),
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

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for name, _attribute in self.dimensions)

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
            # the reader (the Regionaldatenbank's titles), and readers name a header row's
            # breakdown as they find it: the attribute alone must then fit, a generic name first.
            others = sorted(
                (n for n, a in present.items() if a == attribute and n not in self.names),
                key=lambda n: not n.startswith(GENERIC),
            )
            if not others:
                return False
            del present[others[0]]
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


# Earlier bases of the Fortschreibung in the West German Länder (IT.NRW's series go back to
# 1962): each census restarted the count. Figures up to 2010 rest on the Volkszählung 1987.
EARLIER_BASES = (
    ("2011", "Zensus 2011"),
    ("1987", "Volkszählung 1987"),
    ("1970", "Volkszählung 1970"),
)


def census_basis(period: str) -> str:
    """The census a Fortschreibung figure of this period (a year or a date) continues."""
    if period[:4] >= ZENSUS_2022_BASIS_FROM:
        return "Zensus 2022"
    for since, basis in EARLIER_BASES:
        if period[:4] >= since:
            return basis
    return "Volkszählung 1961"


@dataclass(frozen=True)
class LandTable:
    """A table of one Land's own statistical office that publishes an indicator's figures."""

    land: str  # the AGS prefix of the Land, "05" for Nordrhein-Westfalen
    table: str  # the office's table code, "12411-01i"
    database: str = ""  # where the office publishes it, when not its usual database
    level: "Level | None" = None  # when the Land publishes deeper than the Regionaldatenbank

    @property
    def where(self) -> str:
        """The database, named with its office: "IT.NRW, Landesdatenbank NRW"."""
        office = LAND_OFFICES[self.land]
        return ", ".join(part for part in (office.name, self.database or office.database) if part)


REGIONALDATENBANK = "Regionaldatenbank Deutschland"


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
    # The tables of the Länder's own offices (Landesdatenbank NRW, Integrationsmonitoring
    # Niedersachsen, ...): a hint for missing figures names the one of the region's Land.
    land_tables: tuple[LandTable, ...] = ()
    database: str = REGIONALDATENBANK  # where ``tables`` are published nationwide

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

# IT.NRW's flat files name the measure by its code's label, with or without umlauts.
POPULATION_MEASURES = ("Bevoelkerungsstand", "Bevölkerungsstand")

# Regionaldatenbank 21111-02-06: leavers of general schools by certificate (a header row names
# the breakdown, the next one its attributes).
LEAVERS = "Absolvierende/Abgehende"
LEAVERS_BY_CERTIFICATE = "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss"
CERTIFICATE = "Abschluss"
# Regionaldatenbank 21111-01-03: pupils of general schools by school type (a long layout).
PUPILS = "Schülerinnen und Schüler an allgemeinbildenden Schulen"
# Regionaldatenbank 12711-04-02: moves across district borders by sex and age group.
MOVES_IN = "Zuzüge - Wanderungen über die Kreisgrenzen"
MOVES_OUT = "Fortzüge - Wanderungen über die Kreisgrenzen"


def _leavers(certificate: str) -> tuple[SeriesSource, ...]:
    # With the header row that names the breakdown, and without it (a reader may fold it in).
    return (
        SeriesSource(
            table="21111-02-06",
            variable=LEAVERS,
            dimensions=(("Abschlussart", LEAVERS_BY_CERTIFICATE), (CERTIFICATE, certificate)),
        ),
        SeriesSource(
            table="21111-02-06", variable=LEAVERS, dimensions=((CERTIFICATE, certificate),)
        ),
    )


RAW_SERIES: dict[str, RawSeries] = {
    raw.name: raw
    for raw in [
        RawSeries(
            "population",
            (
                SeriesSource(table=REGISTRY),
                _total("12411-01-01", "Bevölkerung"),
                # Landesdatenbank NRW 12411-01i: every Gemeinde of NRW since 1962.
                *[_total("12411", measure) for measure in POPULATION_MEASURES],
                _total("IM-NI 1.1.1", "Bevölkerung"),
            ),
            census_based=True,
        ),
        RawSeries("moves_in", (_total("12711-04-02", MOVES_IN),)),
        RawSeries("moves_out", (_total("12711-04-02", MOVES_OUT),)),
        RawSeries("pupils_all", (_total("21111-01-03", PUPILS),)),
        RawSeries(
            "pupils_foreign",
            (
                SeriesSource(
                    table="21111-01-03",
                    variable=PUPILS,
                    dimensions=(("Nationalität", "ausländisch"),),
                ),
            ),
        ),
        RawSeries("leavers_all", _leavers("Insgesamt")),
        RawSeries("leavers_without_certificate", _leavers("ohne Hauptschulabschluss")),
        RawSeries(
            "income_per_inhabitant",
            (
                _total(
                    "82411-01-03",
                    "verfüg. Einkommen der priv. Haushalte je Einwohner",
                    unit="EUR",
                ),
            ),
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
IM_NI = "Integrationsmonitoring Niedersachsen"
GENESIS_ONLINE = "GENESIS-Online (Destatis)"
ZENSUS_DATABASE = "Zensus 2022 (ergebnisse.zensus2022.de)"


def _ni(indicator: str) -> LandTable:
    """The indicator of the Integrationsmonitoring Niedersachsen (LSN) for the districts."""
    return LandTable("03", indicator, database=IM_NI)


# IT.NRW publishes the Fortschreibung for every Gemeinde of NRW (Landesdatenbank NRW).
NRW_POPULATION = LandTable("05", "12411-01i", level=Level.MUNICIPALITY)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        slug="population",
        topic=Topic.POPULATION,
        title=_("Population"),
        definition=_(
            "Inhabitants on the reference date (main residence), as the Gemeindeverzeichnis gives them, and for NRW's towns before that as IT.NRW's Fortschreibung gives them since 1962; from 2024 on the basis of the Zensus 2022."
        ),
        formula_text="population",
        unit=_("persons"),
        level=Level.MUNICIPALITY,
        better=Better.NEUTRAL,
        source=_(
            "Gemeindeverzeichnis (GV100AD), Bevölkerungsfortschreibung; for NRW also IT.NRW, Landesdatenbank NRW table 12411-01i"
        ),
        tables="12411-01-01-5",
        template="IM-NI 1.1.1",
        decimals=0,
        headline=True,
        land_tables=(NRW_POPULATION, _ni("1.1.1")),
    ),
    Indicator(
        slug="net-migration",
        topic=Topic.MOVES,
        title=_("Net migration across district borders"),
        definition=_(
            "People who moved into the district from elsewhere in Germany or abroad minus those who moved out, in the year (Wanderungsstatistik)."
        ),
        formula_text="moves_in - moves_out",
        unit=_("persons"),
        level=Level.DISTRICT,
        better=Better.NEUTRAL,
        source=_("Wanderungsstatistik, Regionaldatenbank table 12711-04-02-4"),
        tables="12711-04-02-4",
        decimals=0,
    ),
    Indicator(
        slug="net-migration-rate",
        topic=Topic.MOVES,
        title=_("Net migration across district borders per 1,000 inhabitants"),
        definition=_(
            "Moves into the district minus moves out of it in the year, per 1,000 inhabitants at the end of the year."
        ),
        formula_text="(moves_in - moves_out) / population * 1000",
        unit=_("per 1,000"),
        level=Level.DISTRICT,
        better=Better.NEUTRAL,
        source=_(
            "Wanderungsstatistik, Regionaldatenbank table 12711-04-02-4, over the population of the Gemeindeverzeichnis"
        ),
        tables="12711-04-02-4",
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
        database=GENESIS_ONLINE,
        land_tables=(_ni("1.2.1"),),
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
        tables="12521-0041",
        template="IM-NI 1.2.2",
        headline=True,
        database=GENESIS_ONLINE,
        land_tables=(_ni("1.2.2"),),
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
        tables="",
        template="IM-NI 1.2.2",
        land_tables=(_ni("1.2.2"),),
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
        database=ZENSUS_DATABASE,
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
        database=ZENSUS_DATABASE,
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
        database=ZENSUS_DATABASE,
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
        database=ZENSUS_DATABASE,
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
            database=GENESIS_ONLINE,
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
        tables="",
        template="IM-NI 4.1.4",
        headline=True,
        land_tables=(_ni("4.1.4"),),
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
        tables="",
        template="IM-NI 4.1.4",
        land_tables=(_ni("4.1.4"),),
    ),
    Indicator(
        slug="foreign-pupils-share",
        topic=Topic.SCHOOLING,
        title=_("Share of foreign pupils at general schools"),
        definition=_(
            "Pupils without German citizenship per 100 pupils of general schools at the start of the school year. In NRW the counts are rounded to multiples of 5."
        ),
        formula_text="pupils_foreign / pupils_all * 100",
        unit="%",
        level=Level.DISTRICT,
        better=Better.NEUTRAL,
        source=_("Statistik der allgemeinbildenden Schulen, Regionaldatenbank table 21111-01-03-4"),
        tables="21111-01-03-4",
    ),
    Indicator(
        slug="leavers-without-certificate",
        topic=Topic.SCHOOLING,
        title=_("School leavers without a Hauptschulabschluss"),
        definition=_(
            "Leavers of general schools without at least a Hauptschulabschluss per 100 leavers of the school year, whatever their citizenship."
        ),
        formula_text="leavers_without_certificate / leavers_all * 100",
        unit="%",
        level=Level.DISTRICT,
        better=Better.LOWER,
        source=_("Statistik der allgemeinbildenden Schulen, Regionaldatenbank table 21111-02-06-4"),
        tables="21111-02-06-4",
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
        slug="disposable-income",
        topic=Topic.INCOME,
        title=_("Disposable income of private households per inhabitant"),
        definition=_(
            "Income that private households (with non-profit organisations serving them) have for consumption and saving, per inhabitant, in the year (VGR der Länder)."
        ),
        formula_text="income_per_inhabitant",
        unit="EUR",
        level=Level.DISTRICT,
        better=Better.NEUTRAL,
        source=_("VGR der Länder, Regionaldatenbank table 82411-01-03-4"),
        tables="82411-01-03-4",
        decimals=0,
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
        tables="22811-02-02-4",
        template="IM-NI 6.2.2, IntMK E8",
        decimals=0,
        land_tables=(_ni("6.2.2"),),
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
        tables="22811-02-02-4",
        template="IM-NI 6.2.2",
        decimals=0,
        land_tables=(_ni("6.2.2"),),
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
        tables="12511-04-01-4",
        template="IM-NI 2.3.3, IntMK B2b",
        headline=True,
        land_tables=(_ni("2.3.3"),),
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


@dataclass(frozen=True)
class LandOffice:
    name: str  # the office, as it names itself
    database: str = ""  # its statistics database, where it is known by one name


# The statistical office of each Land, by the AGS prefix of the Land.
LAND_OFFICES = {
    "01": LandOffice("Statistikamt Nord"),
    "02": LandOffice("Statistikamt Nord"),
    "03": LandOffice("Landesamt für Statistik Niedersachsen (LSN)", "LSN-Online"),
    "04": LandOffice("Statistisches Landesamt Bremen"),
    "05": LandOffice("IT.NRW", "Landesdatenbank NRW"),
    "06": LandOffice("Hessisches Statistisches Landesamt (HSL)"),
    "07": LandOffice("Statistisches Landesamt Rheinland-Pfalz"),
    "08": LandOffice(
        "Statistisches Landesamt Baden-Württemberg", "Struktur- und Regionaldatenbank"
    ),
    "09": LandOffice("Bayerisches Landesamt für Statistik", "GENESIS-Online Bayern"),
    "10": LandOffice("Statistisches Amt Saarland"),
    "11": LandOffice("Amt für Statistik Berlin-Brandenburg (AfS BB)"),
    "12": LandOffice("Amt für Statistik Berlin-Brandenburg (AfS BB)"),
    "13": LandOffice("Statistisches Amt Mecklenburg-Vorpommern"),
    "14": LandOffice("Statistisches Landesamt Sachsen", "GENESIS-Online Sachsen"),
    "15": LandOffice("Statistisches Landesamt Sachsen-Anhalt", "GENESIS-Online Sachsen-Anhalt"),
    "16": LandOffice("Thüringer Landesamt für Statistik"),
}


def land_office(ags: str) -> LandOffice | None:
    return LAND_OFFICES.get(ags[:2])


def missing_hint(indicator: Indicator, ags: str) -> str:
    """Where an integration officer of the region's Land finds the figures that are missing:
    the table of the Land's own office when it publishes one, else the nationwide table."""
    office = land_office(ags)
    own = next((t for t in indicator.land_tables if t.land == ags[:2]), None)
    if office is not None and own is not None:
        # A table of the Land's own office: the office publishes it in its usual database
        # unless the table names another (the Integrationsmonitoring Niedersachsen).
        return gettext(
            "%(office)s publishes them at %(level)s level in %(database)s, table %(table)s."
        ) % {
            "office": office.name,
            "level": (own.level or indicator.level).label,
            "database": own.database or office.database,
            "table": own.table,
        }
    if not indicator.tables:
        if office is None:
            return gettext("The Länder publish them in their integration monitoring.")
        return gettext(
            "Ask %(office)s: the Länder publish them in their integration monitoring."
        ) % {"office": office.name}
    if office is None:
        return gettext("Published at %(level)s level in %(database)s, table %(tables)s.") % {
            "level": indicator.level.label,
            "database": indicator.database,
            "tables": indicator.tables,
        }
    where = {
        "level": indicator.level.label,
        "database": indicator.database,
        "tables": indicator.tables,
        "office": office.name,
        "land_database": office.database,
    }
    if office.database:
        return (
            gettext(
                "Published at %(level)s level in %(database)s, table %(tables)s, and by %(office)s "
                "in %(land_database)s."
            )
            % where
        )
    return (
        gettext(
            "Published at %(level)s level in %(database)s, table %(tables)s, and by %(office)s."
        )
        % where
    )
