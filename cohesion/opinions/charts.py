"""The opinion map drawn for people: group labels, the chart of the groups' centres and what a
map page shows. One place, so the moderator's page and the participants' pages name the groups
alike ("Group A", "Group B") and the chart is built once."""

import altair as alt
from django.utils.translation import gettext as _

from cohesion.core.charts import COLOUR, HEIGHT, WIDTH, chart_svg, configured
from cohesion.opinions.models import Participant
from cohesion.opinions.selectors import MIN_PEOPLE_FOR_GROUPS, MIN_SHOWN_GROUP, map_shown_to

YOU_COLOUR = "#a4161a"  # the stylesheet's danger red, 7:1 against white


def group_label(group: str) -> str:
    """Group A, B, … from the engine's stable group ids 0, 1, …"""
    letter = chr(ord("A") + int(group)) if group.isdigit() and int(group) < 26 else group
    return _("Group %(letter)s") % {"letter": letter}


def centres_spec(*, centres: list[dict], you: list[float] | None, you_label: str) -> dict:
    """The centres of the shown groups, sized by the group, and the viewer's own position."""
    xs = [c["x"] for c in centres] + ([you[0]] if you else [])
    ys = [c["y"] for c in centres] + ([you[1]] if you else [])
    pad = 0.15 * max(max(xs) - min(xs), max(ys) - min(ys), 0.5)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[min(xs) - pad, max(xs) + pad]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[min(ys) - pad, max(ys) + pad]))
    base = alt.Chart(alt.Data(values=centres)).properties(width=WIDTH, height=HEIGHT + 60)
    layers = [
        base.mark_circle(color=COLOUR, opacity=0.35, stroke=COLOUR, strokeWidth=2).encode(
            x=x, y=y, size=alt.Size("size:Q", legend=None, scale=alt.Scale(range=[300, 2500]))
        ),
        # Above the biggest circle (radius ≈ 28 px), so the cross for "you" stays visible.
        base.mark_text(color="#222", fontSize=12, fontWeight="bold", dy=-36).encode(
            x=x, y=y, text="label:N"
        ),
    ]
    if you:
        mine = alt.Chart(alt.Data(values=[{"x": you[0], "y": you[1], "label": you_label}]))
        layers.append(
            mine.mark_point(shape="cross", size=160, filled=True, color=YOU_COLOUR).encode(x=x, y=y)
        )
        layers.append(
            mine.mark_text(color=YOU_COLOUR, dy=16, fontSize=12, fontWeight="bold").encode(
                x=x, y=y, text="label:N"
            )
        )
    return configured(alt.layer(*layers))


def map_context(snapshot, participant: Participant | None, *, reader: str = "") -> dict:
    """What the map page shows a participant (or a visitor, None): the groups of at least
    MIN_SHOWN_GROUP people with their labels and statements (in the reader's language where
    translated), the consensus and the chart; or that too few people have voted for groups."""
    shown = map_shown_to(snapshot=snapshot, participant=participant, reader=reader)
    groups = [
        {
            "id": group.id,
            "label": group_label(group.id),
            "size": group.size,
            "statements": group.statements,
            "centre": group.centre,
        }
        for group in shown.groups
    ]
    centres = [
        {"x": g["centre"][0], "y": g["centre"][1], "size": g["size"], "label": g["label"]}
        for g in groups
        if g["centre"]
    ]
    chart = None
    if centres:
        chart = chart_svg(
            centres_spec,
            centres=centres,
            you=list(shown.own_point) if shown.own_point else None,
            you_label=_("You"),
            description=_(
                "Map of the groups: each circle is a group, the bigger the more people; "
                "the cross marks you. The table below lists the same groups."
            ),
        )
    own_group = shown.own_group
    return {
        "groups": groups,
        "consensus": shown.consensus,
        "own_group": own_group,
        "own_group_label": group_label(own_group) if own_group in shown.shown_ids else "",
        "own_group_too_small": own_group is not None and own_group not in shown.shown_ids,
        "own_unplaced": participant is not None and own_group is None,
        "chart": chart,
        "min_shown": MIN_SHOWN_GROUP,
        "too_few_people": shown.too_few_people,
        "people": shown.people,
        "min_people": MIN_PEOPLE_FOR_GROUPS,
    }


def groups_labelled(groups: dict[str, int]) -> list[dict]:
    """The shown groups' sizes (selectors.groups_shown) with their labels, for the organisers."""
    return [
        {"id": group, "label": group_label(group), "size": size} for group, size in groups.items()
    ]
