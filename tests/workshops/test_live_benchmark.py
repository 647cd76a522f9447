"""The live workshop's benchmark at a small N, as a correctness test: every phone connects, and
every answer sent is stored once, whether the answers arrive spread out or all at once. Its
timings are not checked here."""

import pytest

from cohesion.workshops.live_benchmark import run

pytestmark = pytest.mark.slow

PARTICIPANTS = 20


def test_every_answer_of_a_small_room_is_counted_once():
    results = run(participants=PARTICIPANTS, arrivals=["5s", "burst"], spread=1.0, write=print)
    assert [result["arrival"] for result in results] == ["5s", "burst"]
    for result in results:
        assert result["connected"] == PARTICIPANTS
        assert result["votes_sent"] == 2 * PARTICIPANTS
        assert result["votes_counted"] == result["votes_sent"]
        assert result["presenter_final_ms"] >= 0
