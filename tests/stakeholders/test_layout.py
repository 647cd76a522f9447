"""Where the drawings put their marks: inside the drawing, apart from each other, the same
every time."""

import math

from hypothesis import given
from hypothesis import strategies as st

from cohesion.stakeholders import layout


def test_quadrants():
    assert layout.quadrant_of(5, 5) == "manage_closely"
    assert layout.quadrant_of(4, 1) == "keep_satisfied"
    assert layout.quadrant_of(3, 4) == "keep_informed"
    assert layout.quadrant_of(3, 3) == "monitor"


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), max_size=200))
def test_grid_marks_stay_in_their_cell_and_apart(scores):
    items = [(str(n), influence, interest) for n, (influence, interest) in enumerate(scores)]
    positions = layout.grid_positions(items)
    assert positions == layout.grid_positions(items)  # deterministic
    fullest = max([sum(1 for s in scores if s == score) for score in scores], default=1)
    radius = layout.grid_mark_radius(fullest)
    for key, influence, interest in items:
        x, y = positions[key]
        left = layout.GRID_LEFT + (interest - 1) * layout.CELL
        top = layout.GRID_TOP + (5 - influence) * layout.CELL
        assert left + radius <= x + 0.1 and x - 0.1 <= left + layout.CELL - radius
        assert top + radius <= y + 0.1 and y - 0.1 <= top + layout.CELL - radius
    marks = list(positions.values())
    for index, (x1, y1) in enumerate(marks):
        for x2, y2 in marks[index + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= 2 * radius


def test_quadrant_frames_tile_the_grid():
    frames = [layout.quadrant_frame(quadrant) for quadrant in layout.QUADRANTS]
    assert sum(frame["width"] * frame["height"] for frame in frames) == layout.GRID_SIZE**2


@given(st.lists(st.sampled_from(["council", "club", "media", "welfare"]), max_size=80))
def test_circle_groups_kinds_and_keeps_nodes_apart(kinds):
    nodes = sorted(enumerate(kinds), key=lambda node: node[1])
    placed = layout.circle_by_kind(nodes)
    assert set(placed.positions) == {key for key, _kind in nodes}
    assert set(placed.kind_labels) == set(kinds)
    points = [(p["x"], p["y"]) for p in placed.positions.values()]
    for x, y in points:
        assert 0 < x < layout.NETWORK_SIZE and 0 < y < layout.NETWORK_SIZE
        assert abs(math.hypot(x - layout.CENTRE, y - layout.CENTRE) - layout.RADIUS) < 0.5
    if len(points) <= 60:
        for index, (x1, y1) in enumerate(points):
            for x2, y2 in points[index + 1 :]:
                assert math.hypot(x1 - x2, y1 - y2) >= 2 * layout.NODE_RADIUS
    for position in placed.positions.values():
        # Names read from left to right on both halves.
        assert math.cos(math.radians(position["rotation"])) >= -1e-9
        assert position["anchor"] in {"start", "end"}


def test_lines_end_at_the_rims():
    x1, y1, x2, y2 = layout.shortened(0, 0, 100, 0)
    assert x1 == layout.NODE_RADIUS + 3 and x2 == 100 - layout.NODE_RADIUS - 3
