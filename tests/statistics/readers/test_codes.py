"""Every code a reader raises or reports is listed in base.py, and every Problem carries the
``params`` its code promises (the importer fills its translated messages with them)."""

import ast
from pathlib import Path

import pytest

from cohesion.statistics.readers import base
from cohesion.statistics.readers.base import ERROR_CODES, PROBLEM_CODES, Problem
from cohesion.statistics.readers.ffcsv import read_ffcsv
from cohesion.statistics.readers.genesis_table import read_genesis_table
from cohesion.statistics.readers.tidy import TidyMapping, read_tidy
from tests.statistics.readers.test_ffcsv import flat, one_row
from tests.statistics.readers.test_genesis_table import REAL, REAL_LINES, SMALL

READERS = Path(base.__file__).parent


def calls(name: str):
    """(file, line, code node) for every call of ``name`` in the readers' source."""
    for path in sorted(READERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
                code = node.args[0] if node.args else None
                code = code or next(kw.value for kw in node.keywords if kw.arg == "code")
                yield path.name, node.lineno, code


def literal_codes(name: str) -> set[str]:
    codes = set()
    for filename, line, code in calls(name):
        if isinstance(code, ast.Attribute) and code.attr == "code":
            continue  # an error caught and raised again with other lines: its own code
        assert isinstance(code, ast.Constant), f"{filename}:{line}: the code is not a literal"
        codes.add(code.value)
    return codes


def test_every_error_code_is_listed():
    used = literal_codes("StatisticsFileError")
    assert used - ERROR_CODES.keys() == set(), "add these to base.ERROR_CODES"
    assert ERROR_CODES.keys() - used == set(), "no reader raises these any more"


def test_every_problem_code_is_listed():
    used = literal_codes("Problem")
    assert used - PROBLEM_CODES.keys() == set(), "add these to base.PROBLEM_CODES"
    assert PROBLEM_CODES.keys() - used == set(), "no reader reports these any more"


def test_problem_is_hashable_although_its_params_are_a_dict():
    problem = Problem("no_data", "the table holds no data rows", params={"a": 1})
    assert problem in {problem}
    assert problem == Problem("no_data", "the table holds no data rows", params={"a": 1})
    assert problem != Problem("no_data", "the table holds no data rows")


# --- the params of each problem code ---------------------------------------------------------


def only(problems, code: str) -> Problem:
    (problem,) = [p for p in problems if p.code == code]
    return problem


def not_shown():
    return read_genesis_table(REAL).problems


def duplicate_in_a_table():
    lines = list(REAL_LINES)
    lines.insert(9, lines[6])
    return read_genesis_table("\n".join(lines).encode()).problems


def duplicate_in_a_flat_file():
    parsed = read_ffcsv(flat(one_row(), one_row()))
    list(parsed.observations)  # a flat file's rows are read, and checked, as they are iterated
    return parsed.problems


def ambiguous_rows_in_a_flat_file():
    parsed = read_ffcsv(flat(one_row("1"), one_row("2")))
    list(parsed.observations)
    return parsed.problems


SHARE = TidyMapping(region_key="ags", period="jahr", value="wert")


def duplicate_in_a_tidy_file():
    return read_tidy(b"ags;jahr;wert\n08111;2024;5\n08111;2024;5\n", mapping=SHARE).problems


def leading_zero():
    return read_tidy(b"ags;jahr;wert\n8111;2024;5\n5122;2024;6\n", mapping=SHARE).problems


def ambiguous_decimal():
    return read_tidy(b"ags;jahr;wert\n08111;2024;...\n05122;2024;89.504\n", mapping=SHARE).problems


def no_data():
    head = SMALL.split("31.12.2025", 1)[0]
    footer = SMALL[SMALL.index("__________") :]
    return read_genesis_table((head + footer).encode()).problems


def bad_stand():
    text = SMALL.format(a="1", b="2", c="3").replace("Stand: 25.09.2026 / 11:47:11", "Stand: neu")
    return read_genesis_table(text.encode()).problems


@pytest.mark.parametrize(
    ("problems", "code", "line", "params"),
    [
        pytest.param(
            not_shown,
            "not_shown",
            130,
            {"key": "06633", "name": "Kassel, Landkreis"},
            marks=pytest.mark.shared_data,  # the real 12521-0041 extract
        ),
        pytest.param(
            duplicate_in_a_table,
            "duplicate_identical",
            10,
            {"count": 1, "first_line": 7},
            marks=pytest.mark.shared_data,
        ),
        (duplicate_in_a_flat_file, "duplicate_identical", 3, {"count": 1, "first_line": 2}),
        (
            ambiguous_rows_in_a_flat_file,
            "ambiguous_rows",
            2,
            {"count": 2, "lines": "2, 3", "key": "092760130130 · 2022-05-15 · Personen (Anzahl)"},
        ),
        (duplicate_in_a_tidy_file, "duplicate_identical", 3, {"count": 1, "first_line": 2}),
        (
            leading_zero,
            "leading_zero_restored",
            2,
            {"count": 2, "key": "08111", "original": "8111"},
        ),
        (
            ambiguous_decimal,
            "ambiguous_decimal",
            3,
            {"decimal": ",", "value": "89.504", "number": "89504"},
        ),
        (no_data, "no_data", None, {}),
        (bad_stand, "bad_stand", None, {"value": "Stand: neu"}),
    ],
)
def test_problem_params(problems, code, line, params):
    problem = only(problems(), code)
    assert (problem.line, problem.params) == (line, params)
    for name, value in params.items():
        assert str(value) in problem.message, name  # the English message names them too
