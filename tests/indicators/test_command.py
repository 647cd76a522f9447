"""``cohesion indicator AGS INDICATOR``, on the real registry and real statistics (the
``figures`` of tests/indicators/conftest.py: every shipped registry edition and the demo's
files, DEMO_STATISTICS, loaded once for the package)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import connections
from django.utils import translation

from cohesion.indicators.catalogue import INDICATORS
from cohesion.indicators.management.commands.indicator import Command
from cohesion.municipalities.models import Municipality
from tests.real_figures import import_suppressed_immigration_history

GV_ISYS = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys"
AZR_SOURCE = "  Source: © Statistisches Bundesamt (Destatis), 2026, "
ZENSUS_SOURCE = "© Statistische Ämter des Bundes und der Länder, Deutschland, Zensus 2022"


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicator", *args, stdout=out)
    return out.getvalue()


def value_lines(out: str) -> list[str]:
    """The lines of the values: "2024: 66,585 persons", "15.05.2022: 35.6 %"."""
    return [line for line in out.splitlines() if re.match(r"^[\d.]+: ", line)]


def run_from_shell(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """As ``cohesion indicator …`` on the console: what it prints and its exit code."""
    # run_from_argv closes the database connections when it ends; the test's transaction needs
    # them still.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    code = 0
    try:
        Command().run_from_argv(["cohesion", "indicator", *args])
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_kerpen_foreign_share_comes_from_the_district_over_last_years_population(figures):
    out = run("05362032", "foreign-share")
    lines = out.splitlines()
    assert lines[:5] == [
        "Share of foreign residents (foreign-share)",
        "Region: Kerpen, Kolpingstadt (05362032)",
        "Unit: %",
        "Definition: Foreign residents (AZR) per 100 inhabitants; where the population of the "
        "same date is not yet published, the population of the year before.",
        "Formula: foreigners / population * 100",
    ]
    assert lines[5] == "2025: 19.1 %"  # 91,165 foreigners (2025) / 477,988 inhabitants (2024)
    assert any(line.startswith(AZR_SOURCE) and "12521-0041" in line for line in lines[6:])
    assert any(line.startswith(f"  Source: {GV_ISYS}, 30.11.2025") for line in lines[6:])
    assert "  Note: Rhein-Erft-Kreis (district)" in lines
    assert "  Note: population taken from 2024" in lines


def test_stuttgart_immigration_history_share_is_its_own(figures):
    out = run("08111000", "immigration-history-share")
    assert "15.05.2022: 35.6 %" in out.splitlines()
    assert f"  Source: {ZENSUS_SOURCE}" in out
    assert "Note:" not in out  # Stuttgart's own figures, of the same date


@pytest.mark.parametrize("period", ["2022", "2022-05-15", "15.05.2022"])
def test_period_selects_a_value(figures, period):
    out = run("08111000", "immigration-history-share", "--period", period)
    assert value_lines(out) == ["15.05.2022: 35.6 %"]


def test_values_are_listed_oldest_first_and_period_picks_one(figures):
    out = run("05362032", "population")  # IT.NRW's series, then each registry edition
    values = value_lines(out)
    assert [line[:4] for line in values][-3:] == ["2021", "2022", "2024"]
    assert values == sorted(values, key=lambda line: line[:4])
    assert values[-1] == "2024: 66,585 persons"  # decimals=0, with the locale's grouping
    assert value_lines(run("05362032", "population", "--period", "2024-12-31")) == [values[-1]]
    assert value_lines(run("05362032", "population", "--period", "2024")) == [values[-1]]


def test_numbers_follow_the_language(demo_figures, db):
    with translation.override("de"):
        out = run("05362032", "foreign-share")
    assert "2025: 19,1 %" in out
    assert "Rhein-Erft-Kreis (" in out  # the district, with its level beside the number


def test_a_missing_value_is_a_dash_and_its_reason_never_zero(figures):
    import_suppressed_immigration_history()
    out = StringIO()
    with pytest.raises(CommandError, match="There is no value of") as error:
        call_command("indicator", "05362032", "immigration-history-share", stdout=out)
    assert error.value.returncode == 1
    assert "15.05.2022: – secret or unknown (.)" in out.getvalue().splitlines()
    assert not re.search(r"^15\.05\.2022: 0", out.getvalue(), re.MULTILINE)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["99999999", "foreign-share"],
            "There is no municipality, district or Land with the key 99999999.",
        ),
        (
            ["08111000", "foreign-quota"],
            "There is no indicator “foreign-quota”. The indicators are: population, net-migration, "
            "net-migration-rate, foreigners, foreign-share,",
        ),
        (
            ["08111000", "immigration-history-share", "--period", "2024"],
            "There is no value of “Share of people with immigration history” for Stuttgart, "
            "Landeshauptstadt for 2024. There are values for: 15.05.2022.",
        ),
        (
            ["08111000", "foreign-share", "--period", "2025-06-30"],
            "There are values for: 2025.",
        ),
        (
            ["08111000", "under-18-share"],
            "There are no figures for “Share of children and young people under 18” for "
            "Stuttgart, Landeshauptstadt, its district or its Land yet. Published at municipality "
            "level in Regionaldatenbank Deutschland, table 12411-02-03-5, and by Statistisches "
            "Landesamt Baden-Württemberg in Struktur- und Regionaldatenbank.",
        ),
    ],
)
def test_errors_go_to_stderr_with_a_non_zero_exit(figures, monkeypatch, capsys, args, message):
    code, out, err = run_from_shell(monkeypatch, capsys, *args)
    assert code == 1
    assert message in err
    assert err.startswith("CommandError: ")
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)


def test_the_list_of_indicators_in_the_error_names_every_slug(figures):
    with pytest.raises(CommandError) as error:
        run("08111000", "nope")
    assert all(indicator.slug in str(error.value) for indicator in INDICATORS)


def test_an_empty_registry_is_named_as_the_reason(figures):
    Municipality.objects.all().delete()  # undone with the test's transaction
    with pytest.raises(CommandError, match="The registry is empty: run “cohesion import-gv100ad”"):
        run("08111000", "foreign-share")
