"""``cohesion opinion-map DIR --json`` on a real conversation."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.paths import DATASETS

pytestmark = pytest.mark.shared_data

POLIS = DATASETS / "polis"


def _run(*args) -> str:
    out = StringIO()
    call_command("opinion-map", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_names_every_participant_and_the_statistics():
    data = json.loads(_run(POLIS / "scoop-hivemind.biodiversity", "--json"))
    assert len(data["participants"]) == 536
    groups = {g for g in data["participants"].values() if g is not None}
    assert groups == {int(g) for g in data["repness"]} and data["k"] == len(groups)
    assert sum(data["group_sizes"].values()) == sum(
        g is not None for g in data["participants"].values()
    )
    entry = data["repness"]["0"][0]
    assert {"statement", "side", "p_success", "p_test", "repness", "repness_test"} <= set(entry)
    assert all(0 < value <= 1 for value in data["group_informed_consensus"].values())
    assert len(data["consensus"]["agree"]) <= 5


def test_the_same_folder_gives_the_same_map():
    folder = POLIS / "bg2050-volunteers"
    first, second = json.loads(_run(folder, "--json")), json.loads(_run(folder, "--json"))
    first.pop("timings_s"), second.pop("timings_s")
    assert first == second


def test_the_summary_names_the_groups():
    with translation.override("en"):
        assert "2 opinion groups of 107 participants (of 126)." in _run(POLIS / "bg2050-volunteers")
    with translation.override("de"):
        assert "2 Meinungsgruppen" in _run(POLIS / "bg2050-volunteers")


def test_a_folder_that_is_no_conversation_is_refused(tmp_path):
    (tmp_path / "comments.csv").write_text("comment-id,comment-body\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="participants-votes.csv nor votes.csv"):
        _run(tmp_path, "--json")
