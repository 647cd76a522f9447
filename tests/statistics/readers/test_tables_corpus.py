"""The classic Regionaldatenbank tables of the corpus (SOURCE.md, section C), CSV and XLSX, read
by one layout model: every value SOURCE.md lists, and what the layout model says it found."""

from decimal import Decimal

import pytest

from cohesion.statistics.readers.base import Status
from cohesion.statistics.readers.sniff import read_statistics_file
from tests.paths import DATASETS

pytestmark = pytest.mark.shared_data

CORPUS = DATASETS / "de" / "corpus"
ABSCHLUSS = "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss"
KLASSE = "Klassenstufe / Jahrgangsstufe / Schulbesuchsjahr"

_cache: dict = {}


def read(name: str):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is not there")
    if name not in _cache:
        parsed = read_statistics_file(path.read_bytes(), filename=name)
        _cache[name] = (parsed, list(parsed.observations))
    return _cache[name]


def cell(observations, key, variable=None, period=None, **dims):
    """The one observation of a region whose dimensions are exactly ``dims`` (names with
    blanks are passed as a dict under ``d``)."""
    wanted = dict(dims.pop("d", {}), **dims)
    found = [
        o
        for o in observations
        if o.region_key == key
        and (variable is None or o.variable == variable)
        and (period is None or o.period == period)
        and dict(o.dimensions) == wanted
    ]
    assert len(found) == 1, (key, variable, wanted, found[:3])
    return found[0]


def value(*args, **kwargs):
    obs = cell(*args, **kwargs)
    return obs.value if obs.status.has_value else obs.status


def roles(parsed) -> dict[int, str]:
    return {guess.index: guess.role for guess in parsed.layout.columns}


# --- #5 21111-02-06-4 ---------------------------------------------------------------------------


def test_21111_02_06_leavers_by_qualification():
    parsed, obs = read("rgs_21111-02-06-4.csv")
    assert (parsed.table_code, parsed.stand.isoformat()) == ("21111-02-06-4", "2025-03-13")
    var = "Absolvierende/Abgehende"

    def v(key, abschluss, sex="Insgesamt"):
        return value(obs, key, var, "2023", d={ABSCHLUSS: abschluss, "Geschlecht": sex})

    assert v("05122", "Insgesamt") == 1690
    assert v("06632", "ohne Hauptschulabschluss") == 77
    assert v("08111", "mit allgemeiner Hochschulreife") == 2141
    assert v("05362", "mit Fachhochschulreife") == 0
    assert (
        cell(
            obs, "05362", var, d={ABSCHLUSS: "mit Fachhochschulreife", "Geschlecht": "Insgesamt"}
        ).status
        is Status.ZERO
    )
    assert v("03", "mit Fachhochschulreife") is Status.SUPPRESSED
    assert v("14", "dar. schulischer Teil der Fachhochschulreife") is Status.NOT_APPLICABLE
    assert [roles(parsed)[i] for i in range(3)] == ["period", "key", "name"]


# --- #6 21111-01-03-4: long layout with a Schulart column --------------------------------------


def test_21111_01_03_schools_long_layout():
    parsed, obs = read("rgs_21111-01-03-4.csv")
    schools = "Allgemeinbildende Schulen"
    pupils = "Schülerinnen und Schüler an allgemeinbildenden Schulen"

    def row(key, schulart):
        return [
            value(obs, key, schools, "2023", Schularten=schulart),
            value(obs, key, pupils, "2023", Geschlecht="Insgesamt", Schularten=schulart),
            value(obs, key, pupils, "2023", Geschlecht="weiblich", Schularten=schulart),
            value(obs, key, pupils, "2023", Nationalität="ausländisch", Schularten=schulart),
            value(obs, key, pupils, "2023", d={KLASSE: "7. Klassenstufe"}, Schularten=schulart),
            value(
                obs,
                key,
                pupils,
                "2023",
                d={KLASSE: "11. Jahrgangsstufe / Einführungsphase"},
                Schularten=schulart,
            ),
        ]

    x = Status.NOT_APPLICABLE
    assert row("05122", "Grundschulen") == [22, 6185, 3095, 1080, x, x]
    assert row("08111", "Grundschulen")[:4] == [77, 18279, 8957, 4068]
    assert row("05122", "Hauptschulen") == [0, 0, 0, 0, 0, x]
    assert row("07133", "Vorschulbereich")[3] is Status.SUPPRESSED
    assert row("DG", "Insgesamt")[0] is x  # the schools are not summed over the Schularten
    assert row("DG", "Insgesamt")[1] == 8819489
    guesses = roles(parsed)
    assert [guesses[i] for i in range(5)] == ["period", "key", "name", "breakdown", "measure"]
    assert parsed.layout.specials["x"][0] == "not_applicable"


# --- #7 21121-02-02-4: four header rows, empty cells ---------------------------------------------


def test_21121_02_02_vocational_leavers_four_header_rows():
    parsed, obs = read("rgs_21121-02-02-4.csv")
    var = "Absolvierende/Abgehende"
    note = "nachrichtl.: zus.erw.schul.Teil d. Fachhochs.reife"
    assert value(obs, "05362", var, "2023", Geschlecht="Insgesamt") == 905
    assert value(obs, "05362", var, "2023", Geschlecht="weiblich") == 415
    assert value(obs, "06632", var, "2023", Geschlecht="Insgesamt") == 259
    ahr = "Allg. Hochschulreife-einschl.fachge.Hochschulreife"
    for sex in ("Insgesamt", "weiblich"):
        assert (
            value(obs, "06439", var, d={"davon mit": ahr}, Geschlecht=sex) is Status.NOT_APPLICABLE
        )
        assert value(obs, "06439", note, Geschlecht=sex) is Status.NOT_APPLICABLE
    hsa = "mit Hauptschulabschluss"
    assert (
        value(obs, "07316", var, d={"davon mit": hsa}, Geschlecht="weiblich") is Status.SUPPRESSED
    )
    assert value(obs, "07316", var, d={"davon mit": hsa}, Geschlecht="Insgesamt") == 6
    assert len(parsed.layout.header_lines) == 6


# --- #8 82411-01-03-4: two measures with mixed units -------------------------------------------


def test_82411_01_03_income_two_measures_two_units():
    parsed, obs = read("rgs_82411-01-03-4.csv")
    total = "verfügbares Einkommen der privaten Haushalte"
    per_head = "verfüg. Einkommen der priv. Haushalte je Einwohner"
    solingen = cell(obs, "05122", total, "2021")
    assert (solingen.value, solingen.unit) == (Decimal(3921824), "Tsd. EUR")
    solingen = cell(obs, "05122", per_head, "2021")
    assert (solingen.value, solingen.unit) == (Decimal(24654), "EUR")
    assert value(obs, "08111", total) == 16893470
    assert value(obs, "08111", per_head) == 26888
    assert value(obs, "05334002", total) is Status.SUPPRESSED
    assert value(obs, "05334002", per_head) is Status.SUPPRESSED
    # Göttingen, Landkreis (dissolved): "-" in every cell is not a zero.
    assert value(obs, "03152", total) is Status.NOT_SHOWN
    units = {g.measure: g.unit for g in parsed.layout.columns if g.role == "measure"}
    assert units == {total: "Tsd. EUR", per_head: "EUR"}


# --- #9 22541-01-01-4 and #10 22542-01-02-4: "Tabelle:" first line, date column -----------------


def test_22541_01_01_childcare():
    parsed, obs = read("rgs_22541-01-01-4.csv")
    assert parsed.table_code == "22541-01-01-4"
    kind = "Tageseinrichtungen für Kinder"
    assert value(obs, "05122", kind, "2002-12-31", d={kind: "Insgesamt"}) == 89
    assert value(obs, "05122", kind, d={kind: "Horte"}) == 0
    assert value(obs, "05122", "Verfügbare Plätze", d={kind: "Insgesamt"}) == 5450
    assert value(obs, "06632", kind, d={kind: "Kindergärten"}) == 57
    assert value(obs, "08111", kind, d={kind: "Kinderkrippen"}) == 8


def test_22542_01_02_youth_welfare():
    parsed, obs = read("rgs_22542-01-02-4.csv")
    kind = "Art der Jugendhilfeeinrichtung"
    homes = "Einrichtungen der Jugendhilfe"
    assert value(obs, "05122", homes, "2020-12-31", d={kind: "Insgesamt"}) == 60
    help_ = "Hilfe z. Erziehung u. Hilfe f. junge Volljährige"
    assert value(obs, "08111", "Verfügbare Plätze", d={kind: help_}) == 883
    gottingen = [o for o in obs if o.region_key == "03152"]
    assert len(gottingen) == 7
    assert {o.status for o in gottingen} == {Status.NOT_SHOWN}
    assert any(p.code == "not_shown" and p.params["key"] == "03152" for p in parsed.problems)


# --- #11 12711-04-02-4 (XLSX): long layout, key and name on a block's first row only -----------


def test_12711_04_02_migration_xlsx():
    parsed, obs = read("rgs_12711-04-02-4-j21.xlsx")
    assert (parsed.format, parsed.table_code) == ("xlsx", "12711-04-02-4")
    assert parsed.stand.isoformat() == "2023-11-10"
    assert parsed.source.startswith("© Statistische Ämter des Bundes und der Länder")
    assert parsed.source.endswith("- Namensnennung - Version 2.0.")
    assert parsed.licence == "dl-de/by-2-0"
    assert parsed.footnotes.startswith('zu "gesamte Tabelle":')
    arrivals = "Zuzüge - Wanderungen über die Kreisgrenzen"
    departures = "Fortzüge - Wanderungen über die Kreisgrenzen"

    def v(key, variable, age, sex="Insgesamt"):
        return value(obs, key, variable, "2021", Altersgruppen=age, Geschlecht=sex)

    assert v("05122", arrivals, "unter 18 Jahre") == 931
    assert v("05122", arrivals, "Insgesamt") == 6110
    assert v("05122", departures, "Insgesamt") == 5849
    assert v("06632", arrivals, "unter 18 Jahre") == 752
    assert {o.status for o in obs if o.region_key == "03152"} == {Status.NOT_SHOWN}
    berlin_mitte = [o for o in obs if o.region_key == "11001001"]
    assert berlin_mitte and {o.status for o in berlin_mitte} == {Status.SUPPRESSED}
    guesses = roles(parsed)
    assert [guesses[i] for i in range(4)] == ["key", "name", "breakdown", "measure"]


# --- #12 61511-01-03-4 (XLSX): measures and units in rows, a year row above each block ----------


def test_61511_01_03_building_land_xlsx():
    parsed, obs = read("rgs_61511-01-03-4.xlsx")
    assert parsed.table_code == "61511-01-03-4"
    total = {"Baulandverkäufe": "Insgesamt"}
    ready = {"Baulandverkäufe": "baureifes Land"}
    sales = cell(obs, "05122", "Veräußerungsfälle von Bauland", "2021", d=total)
    assert (sales.value, sales.unit) == (Decimal(53), "Anzahl")
    price = cell(obs, "05122", "Kaufsumme", "2021", d=total)
    assert (price.value, price.unit) == (Decimal(16782), "Tsd. EUR")
    per_qm = cell(obs, "05122", "Durchschnittlicher Kaufwert je qm", "2021", d=total)
    assert (per_qm.value, per_qm.unit) == (Decimal("234.03"), "EUR")
    assert (
        value(obs, "08111", "Veräußerungsfälle von Bauland", "2020", d=ready) is Status.SUPPRESSED
    )
    area = cell(obs, "01001", "Veräußerte Baulandfläche", "2021", d=total)
    assert (area.status, area.line, area.unit) == (Status.SUPPRESSED, 15, "1000 qm")
    assert value(obs, "01001", "Veräußerungsfälle von Bauland", "2021", d=total) == 38
    assert {o.period for o in obs} == {"2019", "2020", "2021"}
    guesses = roles(parsed)
    assert guesses[3] == "unit"


# --- the existing Regionaldatenbank extract keeps its values -------------------------------------


def test_12521_0041_extract_keeps_its_values():
    path = (
        DATASETS
        / "de"
        / "regionalstatistik"
        / "12521-0041_auslaender_kreise_2025-12-31_extract.csv"
    )
    if not path.exists():
        pytest.skip("no extract")
    parsed = read_statistics_file(path.read_bytes())
    obs = list(parsed.observations)
    origin = "Ländergruppierungen/Staatsangehörigkeit"
    assert (
        value(
            obs, "05122", "Ausländer", "2025-12-31", Geschlecht="männlich", d={origin: "Insgesamt"}
        )
        == 15755
    )
    assert (
        value(obs, "05122", "Ausländer", Geschlecht="Insgesamt", d={origin: "Insgesamt"}) == 31005
    )
    assert any(p.code == "rounded" and p.params == {"step": 5} for p in parsed.problems)
