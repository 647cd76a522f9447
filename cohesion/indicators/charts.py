"""Charts as Vega-Lite specifications (Altair), rendered to SVG on the server (vl-convert).

Rendering needs no browser and no network, so the same SVG goes into the page and the PDF.
Building a specification (Altair validates it) and rendering it cost tens of milliseconds, so
each SVG is cached under the hash of what it shows (kind, numbers, labels, unit): the same
figures give the same chart without either step, and new figures a new one.
Every chart stands beside a table of the same numbers, which is the accessible alternative;
the SVG itself carries ``role="img"`` and a short description.
"""

import hashlib
import json
import re
from collections.abc import Callable, Sequence

import altair as alt
import vl_convert
from django.core.cache import cache
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 300  # fits a 360 px screen with the page's margins; scales down with the viewBox
HEIGHT = 160
COLOUR = "#0b4f8a"  # the stylesheet's accent colour, 8:1 against white
FONT = "DejaVu Sans, Arial, sans-serif"
CACHE_PREFIX = "chart-svg:2:"  # raise the number when the look of the charts changes
CACHE_SECONDS = 7 * 24 * 3600


def _base(values: list[dict]) -> alt.Chart:
    return alt.Chart(alt.Data(values=values)).properties(width=WIDTH, height=HEIGHT)


def configured(chart: alt.Chart) -> dict:
    spec = (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=11, titleFontSize=11, labelColor="#222", titleColor="#222")
        .configure_view(stroke=None)
        .to_dict()
    )
    spec.pop("$schema", None)
    return spec


def trend_spec(
    *,
    points: Sequence[tuple[str, float]],
    unit: str,
    decimals: int,
    break_at: str | None = None,
    break_label: str = "",
) -> dict:
    """A line over periods (labels such as "2024" or "15.05.2022"), oldest first. With
    break_at, the line stops before that period and a dashed rule labelled break_label marks
    where the figures change their basis (the Zensus 2011 to the Zensus 2022)."""
    start = next((i for i, (label, _v) in enumerate(points) if label == break_at), len(points))
    values = [
        {"period": label, "value": value, "order": i, "part": int(i >= start)}
        for i, (label, value) in enumerate(points)
    ]
    number = f",.{decimals}f"
    x = alt.X(
        "period:O",
        sort=alt.SortField("order"),
        title=None,
        axis=alt.Axis(labelAngle=0, labelOverlap=True),
    )
    line = (
        _base(values)
        .mark_line(point=alt.OverlayMarkDef(size=30, color=COLOUR), color=COLOUR, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "value:Q",
                title=str(unit),
                axis=alt.Axis(format=number, tickCount=4),
                scale=alt.Scale(zero=False),
            ),
            detail="part:N",
        )
    )
    if break_at is None:
        return configured(line)
    marker = alt.Chart(alt.Data(values=[{"period": break_at, "label": break_label}]))
    rule = marker.mark_rule(color="#555", strokeDash=[4, 3]).encode(x=x)
    # Above the plot, ending at the rule, so it never covers a point (the change lies near the
    # recent, right end of a trend).
    text = marker.mark_text(align="right", baseline="bottom", y=-4, color="#222").encode(
        x=x, text="label:N"
    )
    return configured(alt.layer(line, rule, text))


def bars_spec(*, bars: Sequence[tuple[str, float]], unit: str, decimals: int) -> dict:
    """Horizontal bars with their values written beside them, in the given order."""
    values = [{"label": label, "value": value, "order": i} for i, (label, value) in enumerate(bars)]
    number = f",.{decimals}f"
    base = alt.Chart(alt.Data(values=values)).properties(width=WIDTH - 120, height=22 * len(values))
    y = alt.Y("label:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=150))
    bar = base.mark_bar(color=COLOUR).encode(
        x=alt.X("value:Q", title=str(unit), axis=alt.Axis(format=number, tickCount=3)), y=y
    )
    text = base.mark_text(align="left", dx=3, color="#222").encode(
        x="value:Q", y=y, text=alt.Text("value:Q", format=number)
    )
    return configured(bar + text)


def number_locale() -> dict:
    """The d3-format locale of the active language, from Django's own formats, so that the
    axes write numbers as the tables beside them do."""
    return {
        "decimal": get_format("DECIMAL_SEPARATOR"),
        "thousands": get_format("THOUSAND_SEPARATOR"),
        "grouping": [3],
        "currency": ["", ""],
    }


def _svg(spec: dict, locale: dict) -> str:
    svg = vl_convert.vegalite_to_svg(spec, format_locale=locale)
    # A viewBox without fixed size lets the chart shrink to a narrow screen.
    return re.sub(r'^<svg([^>]*?) width="[\d.]+" height="[\d.]+"', r"<svg\1", svg, count=1)


def _labelled(svg: str, description: str) -> SafeString:
    """role="img" and the description as the chart's accessible name."""
    label = escape(description)
    return mark_safe(  # noqa: S308 - vl-convert's own SVG; the label is escaped
        svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    )


def chart_svg(build: Callable[..., dict], *, description: str, **shown) -> SafeString:
    """The SVG of ``build(**shown)``, from the cache when the same was shown before."""
    locale = number_locale()
    content = json.dumps([build.__name__, shown, locale], sort_keys=True, default=str)
    key = CACHE_PREFIX + hashlib.sha256(content.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _svg(build(**shown), locale)
        cache.set(key, svg, CACHE_SECONDS)
    return _labelled(svg, description)


def trend_chart(result) -> SafeString | None:
    """The trend of an indicator result, when it has at least two values."""
    points = [(value.period_label, value.value) for value in result.trend]
    if len(points) < 2:
        return None
    indicator = result.indicator
    change = result.census_break
    shown = {}
    description = str(indicator.title)
    if change is not None:
        shown = {"break_at": change.period_label, "break_label": str(_("Zensus 2022 basis"))}
        description = f"{description}. {census_break_note(change.period_label)}"
    return chart_svg(
        trend_spec,
        points=points,
        unit=str(indicator.unit),
        decimals=indicator.decimals,
        description=description,
        **shown,
    )


def census_break_note(period: str) -> str:
    return _(
        "From %(period)s the figures rest on the Zensus 2022, before on the Zensus 2011: "
        "the two parts of the line are only partly comparable."
    ) % {"period": period}


def bars_chart(indicator, bars, *, description: str) -> SafeString | None:
    """Bars of (label, value) in the indicator's unit; bars without a value are left out."""
    bars = [(label, value) for label, value in bars if value is not None]
    if not bars:
        return None
    return chart_svg(
        bars_spec,
        bars=bars,
        unit=str(indicator.unit),
        decimals=indicator.decimals,
        description=description,
    )


def composition_chart(results, *, description: str) -> SafeString | None:
    """The latest values of several indicators of one unit (the origin groups) as bars."""
    if not results:
        return None
    bars = [(str(r.indicator.title), r.latest.value if r.latest else None) for r in results]
    return bars_chart(results[0].indicator, bars, description=description)
