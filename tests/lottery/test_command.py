"""``cohesion lottery POOL.csv QUOTAS.csv --seats N [--seed S] --json``."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

POOL = "id,gender,age,email\n" + "".join(
    f"{volunteer},{'f' if i % 2 else 'm'},{'young' if i % 3 else 'old'},x{i}@example.org\n"
    for i, volunteer in enumerate([" 007", "=SUM(1)", "Ä-3", *[f"v{i}" for i in range(3, 30)]])
)
QUOTAS = "attribute,value,min,max\ngender,f,4,6\ngender,m,4,6\nage,young,2,8\nage,old,2,4\n"


def _files(tmp_path, pool=POOL, quotas=QUOTAS):
    pool_path = tmp_path / "pool.csv"
    quota_path = tmp_path / "quotas.csv"
    pool_path.write_text(pool, encoding="utf-8")
    quota_path.write_text(quotas, encoding="utf-8")
    return str(pool_path), str(quota_path)


def _run(*arguments) -> dict:
    out = StringIO()
    call_command("lottery", *arguments, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_answer_is_only_json_with_every_volunteer_and_the_panel(tmp_path, capsys):
    pool, quotas = _files(tmp_path)
    answer = _run(pool, quotas, "--seats", "10", "--seed", "4")
    assert set(answer) == {"selected", "probabilities", "min_probability", "method"}
    ids = [line.split(",")[0] for line in POOL.splitlines()[1:]]
    assert list(answer["probabilities"]) == ids  # echoed exactly, spaces and all
    assert sum(answer["probabilities"].values()) == pytest.approx(10, abs=1e-6)
    assert answer["min_probability"] == min(answer["probabilities"].values())
    assert len(answer["selected"]) == 10 and set(answer["selected"]) <= set(ids)
    assert "maximin" in answer["method"]
    assert "lottery:" in capsys.readouterr().err
    assert _run(pool, quotas, "--seats", "10", "--seed", "4")["selected"] == answer["selected"]


def test_a_pool_value_without_a_quota_row_is_named(tmp_path):
    pool, quotas = _files(tmp_path, pool=POOL.replace("v7,f,", "v7,x,"))
    with pytest.raises(CommandError, match=r"“v7” \(row 9\) has gender = “x”"):
        _run(pool, quotas, "--seats", "10")


@pytest.mark.parametrize(
    ("quotas", "message"),
    [
        (
            "attribute,value,min,max\ngender,f,7,6\ngender,m,4,6\n",
            "gender = “f” has minimum 7 above",
        ),
        (
            "attribute,value,min,max\ngender,f,6,6\ngender,m,6,6\nage,young,0,9\nage,old,0,9\n",
            "minimums of “gender”",
        ),
        ("attribute,value,min\n", "header must be attribute,value,min,max"),
        ("attribute,value,min,max\ngender,f,four,6\n", "Row 2: min must be a whole number"),
        ("attribute,value,min,max\nregion,north,0,5\n", "“region” is not a column of the pool"),
        (
            "attribute,value,min,max\ngender,f,6,6\ngender,m,4,4\nage,young,0,0\nage,old,0,10\n",
            "No panel of 10",
        ),
    ],
)
def test_impossible_or_malformed_quotas_exit_with_a_message(tmp_path, quotas, message):
    pool, quotas = _files(tmp_path, quotas=quotas)
    with pytest.raises(CommandError, match=message):
        _run(pool, quotas, "--seats", "10")


def test_a_pool_smaller_than_the_seats_or_unreadable_is_refused(tmp_path):
    pool, quotas = _files(tmp_path)
    with pytest.raises(CommandError, match="fewer than the 40 seats"):
        _run(pool, quotas, "--seats", "40")
    with pytest.raises(CommandError, match="Cannot read"):
        _run(str(tmp_path / "missing.csv"), quotas, "--seats", "4")
    (tmp_path / "pool.csv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not text in UTF-8"):
        _run(pool, quotas, "--seats", "4")
    (tmp_path / "pool.csv").write_text("name,gender\na,f\n")
    with pytest.raises(CommandError, match="first column must be called id"):
        _run(pool, quotas, "--seats", "1")
    (tmp_path / "pool.csv").write_text("id,gender\na,f\na,m\n")
    with pytest.raises(CommandError, match="“a” appears twice"):
        _run(pool, quotas, "--seats", "1")


def test_the_message_speaks_the_terminals_language(tmp_path):
    pool, quotas = _files(tmp_path, quotas="attribute,value,min,max\ngender,f,7,6\ngender,m,4,6\n")
    with translation.override("de"), pytest.raises(CommandError, match="liegt das Minimum 7 über"):
        _run(pool, quotas, "--seats", "10")
