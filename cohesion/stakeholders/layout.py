"""Where the marks of the two drawings go: the power/interest grid and the network of
organisations. Pure and deterministic (the same map draws the same picture), no Django.

The grid (Mendelow 1991) places each mark by interest (x, 1–5) and influence (y, 1–5); marks
sharing a score pair sit side by side in their cell. Scores 4 and 5 count as high.

The network puts organisations on a circle, grouped by kind (each kind an arc, its name
inside), their names outwards along the spokes so that neighbours never overlap: relations run
across the circle where they link kinds and along it within one. A circle needs no iteration,
no dependency, and keeps every label readable.
"""

import math
from dataclasses import dataclass

# One colour per target group, each dark enough for white numbers on it (contrast above 7:1);
# the legend and the lists name the group too, so colour is never the only sign.
GROUP_COLOURS = {
    "policy": "#0b4f8a",
    "administration": "#5b3a8c",
    "immigrant": "#1d6b3a",
    "civil_society": "#8a3b0b",
    "other": "#3d4550",
}

# The grid's drawing area in SVG units (the view box adds the margins for axis labels).
GRID_LEFT, GRID_TOP, GRID_SIZE = 70, 44, 700
CELL = GRID_SIZE / 5
MARK_RADIUS = 14
HIGH = 4

QUADRANTS = [
    {"key": "manage_closely", "influence": "high", "interest": "high"},
    {"key": "keep_satisfied", "influence": "high", "interest": "low"},
    {"key": "keep_informed", "influence": "low", "interest": "high"},
    {"key": "monitor", "influence": "low", "interest": "low"},
]


GRID_BOTTOM = GRID_TOP + GRID_SIZE
GRID_WIDTH = GRID_LEFT + GRID_SIZE + 20
GRID_HEIGHT = GRID_BOTTOM + 86


def quadrant_frame(quadrant: dict) -> dict:
    """A quadrant's rectangle (high = scores 4 and 5: two of five cells) and where its name goes:
    above the grid for the upper quadrants, below the axis for the lower ones, so that no mark
    covers it."""
    high_interest = quadrant["interest"] == "high"
    high_influence = quadrant["influence"] == "high"
    x = GRID_LEFT + (3 * CELL if high_interest else 0)
    y = GRID_TOP + (0 if high_influence else 2 * CELL)
    return {
        "x": x,
        "y": y,
        "width": 2 * CELL if high_interest else 3 * CELL,
        "height": 2 * CELL if high_influence else 3 * CELL,
        "label_x": x + 6,
        "label_y": GRID_TOP - 14 if high_influence else GRID_BOTTOM + 50,
    }


def quadrant_of(influence: int, interest: int) -> str:
    high_influence, high_interest = influence >= HIGH, interest >= HIGH
    if high_influence and high_interest:
        return "manage_closely"
    if high_influence:
        return "keep_satisfied"
    if high_interest:
        return "keep_informed"
    return "monitor"


def grid_positions(items: list[tuple[str, int, int]]) -> dict[str, tuple[float, float]]:
    """``(key, influence, interest)`` → the mark's centre. Marks of one cell fill it row by row
    in a square pattern; a crowded cell packs them tighter."""
    cells: dict[tuple[int, int], list[str]] = {}
    for key, influence, interest in items:
        cells.setdefault((influence, interest), []).append(key)
    positions = {}
    for (influence, interest), keys in cells.items():
        side = math.ceil(math.sqrt(len(keys)))
        step = CELL / side
        left = GRID_LEFT + (interest - 1) * CELL
        top = GRID_TOP + (5 - influence) * CELL
        for index, key in enumerate(keys):
            row, column = divmod(index, side)
            positions[key] = (
                round(left + step * (column + 0.5), 1),
                round(top + step * (row + 0.5), 1),
            )
    return positions


def grid_mark_radius(items_in_fullest_cell: int) -> float:
    side = math.ceil(math.sqrt(max(1, items_in_fullest_cell)))
    return round(min(MARK_RADIUS, CELL / side / 2 - 1), 1)


# The network: a circle in a square view box, the names outside it.
NETWORK_SIZE = 1300
CENTRE = NETWORK_SIZE / 2
RADIUS = 320
NODE_RADIUS = 13
LABEL_GAP = 22
KIND_GAP = 0.6  # empty slots between two kinds on the circle


@dataclass
class CircleLayout:
    positions: dict  # key → x, y, label_x, label_y, anchor
    kind_labels: dict  # kind → x, y, anchor


def _label_turn(angle: float) -> tuple[float, str]:
    """Names run outwards along their spoke, so that neighbours never overlap; on the left
    half they are turned round to read from left to right."""
    degrees = math.degrees(angle)
    if math.cos(angle) >= 0:
        return round(degrees, 1), "start"
    return round(degrees + 180, 1), "end"


def circle_by_kind(nodes: list[tuple[object, str]]) -> CircleLayout:
    """``(key, kind)`` in the order given (sorted by kind) → places on the circle, starting at
    the top and going clockwise, with a gap between kinds."""
    if not nodes:
        return CircleLayout(positions={}, kind_labels={})
    kinds: list[str] = []
    for _key, kind in nodes:
        if kind not in kinds:
            kinds.append(kind)
    slots = len(nodes) + (KIND_GAP * len(kinds) if len(kinds) > 1 else 0)
    step = 2 * math.pi / max(slots, 1)
    positions: dict = {}
    spans: dict[str, list[float]] = {}
    slot = 0.0
    previous = None
    for key, kind in nodes:
        if previous is not None and kind != previous:
            slot += KIND_GAP
        previous = kind
        angle = -math.pi / 2 + slot * step
        slot += 1
        spans.setdefault(kind, []).append(angle)
        x = CENTRE + RADIUS * math.cos(angle)
        y = CENTRE + RADIUS * math.sin(angle)
        label_radius = RADIUS + LABEL_GAP
        rotation, anchor = _label_turn(angle)
        positions[key] = {
            "x": round(x, 1),
            "y": round(y, 1),
            "label_x": round(CENTRE + label_radius * math.cos(angle), 1),
            "label_y": round(CENTRE + label_radius * math.sin(angle), 1),
            "anchor": anchor,
            "rotation": rotation,
        }
    kind_labels = {}
    for kind, angles in spans.items():
        middle = (angles[0] + angles[-1]) / 2
        # The kind's name sits inside the circle, towards the middle of its arc.
        radius = RADIUS - 70
        kind_labels[kind] = {
            "x": round(CENTRE + radius * math.cos(middle), 1),
            "y": round(CENTRE + radius * math.sin(middle) + 4, 1),
            "anchor": "middle",
        }
    return CircleLayout(positions=positions, kind_labels=kind_labels)


def shortened(x1: float, y1: float, x2: float, y2: float, by: float = NODE_RADIUS + 3):
    """A line between two node centres, ending at their rims (so an arrowhead shows)."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return (
        round(x1 + ux * by, 1),
        round(y1 + uy * by, 1),
        round(x2 - ux * by, 1),
        round(y2 - uy * by, 1),
    )
