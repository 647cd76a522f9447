import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cohesion.seating.people import HEADER, MAX_BYTES, people_as_csv
from cohesion.seating.population import realistic_room

HEADER_LINE = ",".join(HEADER) + "\n"


def run(*args):
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("seating", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def room_csv(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(people_as_csv(realistic_room(60, interpreters=4)), encoding="utf-8")
    return path


def test_json_lists_every_round_and_table_with_ids_echoed_exactly(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        HEADER_LINE
        + "007,immigrants,,Syria,ar,Ünal\n"
        + "Ünal,other,,Germany,ar,\n"
        + " x ,administration,schools,Germany,de,\n"
        + "4,civil society,,Turkey,tr,\n",
        encoding="utf-8",
    )
    out, err = run(path, "--tables", 2, "--rounds", 2, "--json")
    data = json.loads(out)
    assert [[t["table"] for t in r] for r in data["rounds"]] == [[1, 2], [1, 2]]
    for tables in data["rounds"]:
        seated = [i for t in tables for i in t["people"]]
        assert sorted(seated) == sorted(["007", "Ünal", " x ", "4"])
        together = [t["people"] for t in tables if "007" in t["people"]][0]
        assert "Ünal" in together
    assert "repeated encounters" in err


def test_the_same_seed_gives_the_same_plan_and_another_seed_another(room_csv):
    first, _ = run(room_csv, "--tables", 6, "--rounds", 3, "--seed", 5, "--json")
    again, _ = run(room_csv, "--tables", 6, "--rounds", 3, "--seed", 5, "--json")
    other, _ = run(room_csv, "--tables", 6, "--rounds", 3, "--seed", 6, "--json")
    assert first == again
    assert first != other


def test_without_json_a_readable_plan(room_csv):
    out, _ = run(room_csv, "--tables", 6, "--rounds", 2)
    assert "Round 1" in out and "Round 2" in out
    assert "Table 6 (10):" in out


def test_only_the_json_goes_to_standard_output_through_the_console_script(room_csv):
    result = subprocess.run(  # noqa: S603 (this Python, our arguments)
        [sys.executable, "-m", "cohesion", "seating", str(room_csv), "--tables", "6"]
        + ["--rounds", "2", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "en_US.UTF-8"},
        check=True,
    )
    assert len(json.loads(result.stdout)["rounds"]) == 2
    assert "repeated encounters" in result.stderr


def test_an_infeasible_seating_exits_non_zero_with_the_reason(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(HEADER_LINE + "a,,,,,\nb,,,,,\n", encoding="utf-8")
    result = subprocess.run(  # noqa: S603 (this Python, our arguments)
        [sys.executable, "-m", "cohesion", "seating", str(path), "--tables", "3"]
        + ["--rounds", "1", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "en_US.UTF-8"},
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "more tables (3) than people (2)" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,group\na,b\n", "The first line must be exactly: " + HEADER_LINE.strip()),
        ("", "The first line must be exactly"),
        (HEADER_LINE + "a,,,,,\na,,,,,\n", "Row 3 repeats the id a of row 2."),
        (HEADER_LINE + "a,,,,,b\nc,,,,,\n", "Row 2 keeps a with b, who is not in the file."),
        (HEADER_LINE + "a,,,,\n", "Row 2 has 5 columns instead of 6."),
        (HEADER_LINE + "a,x,,,,\n" + ",x,,,,\n", "Row 3 has no id."),
    ],
)
def test_a_bad_file_is_refused_naming_the_row(tmp_path, content, message):
    path = tmp_path / "people.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run(path, "--tables", 1, "--rounds", 1, "--json")


def test_a_group_larger_than_a_table_is_refused_naming_it(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        HEADER_LINE + "a,,,,,b\nb,,,,,c\nc,,,,,\nd,,,,,\ne,,,,,\nf,,,,,\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"\(a, b, c\) has 3 people, more than a table"):
        run(path, "--tables", 3, "--rounds", 2, "--json")


def test_a_file_too_large_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "people.csv"
    with path.open("w") as file:
        file.write(HEADER_LINE)
        line = "x" * 1000 + ",,,,,\n"
        for _ in range(MAX_BYTES // len(line) + 2):
            file.write(line)
    with pytest.raises(CommandError, match="larger than 2 MB"):
        run(path, "--tables", 1, "--rounds", 1, "--json")


def test_a_missing_file_and_a_binary_file_are_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run(tmp_path / "none.csv", "--tables", 1, "--rounds", 1)
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path, "--tables", 1, "--rounds", 1)


def test_the_benchmark_prints_one_json_line_against_the_peer():
    out = StringIO()
    call_command("bench", "seating", "--runs", "1", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["benchmark"] == "seating"
    assert (result["people"], result["tables"], result["rounds"]) == (300, 30, 3)
    assert result["repeated_encounters"] == 0
    assert result["random_repeated_encounters"] > result["repeated_encounters"]
    assert result["ratio_repeated_encounters"] == 0


def test_a_file_of_more_people_than_a_seating_takes_is_refused(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(HEADER_LINE + "".join(f"p{i},,,,,\n" for i in range(2001)), encoding="utf-8")
    with pytest.raises(CommandError, match="more than 2000 people"):
        run(path, "--tables", 10, "--rounds", 1, "--json")


def test_a_spread_that_cannot_be_met_is_reported_on_standard_error_not_refused(tmp_path):
    path = tmp_path / "people.csv"
    kept = "".join(f"i{k},immigrant,,,ar,{f'i{k + 1}' if k < 4 else ''}\n" for k in range(5))
    others = "".join(f"c{k},civil_society,,,de,\n" for k in range(10))
    path.write_text(HEADER_LINE + kept + others, encoding="utf-8")
    out, err = run(path, "--tables", 3, "--rounds", 2, "--json")
    assert len(json.loads(out)["rounds"]) == 2
    assert "target_group immigrant" in err
    assert "spread violations" in err
