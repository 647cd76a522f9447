"""Charts and numbers shared by every app that shows figures (indicators, peers, the opinion
map): Vega-Lite specifications (Altair), rendered to SVG on the server (vl-convert), and numbers
written in the reader's locale.

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
from decimal import ROUND_HALF_UP, Decimal

import altair as alt
import vl_convert
from django.core.cache import cache
from django.utils.formats import get_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


def bars_chart(measure, bars, *, description: str) -> SafeString | None:
    """Bars of (label, value) in the unit and with the decimals ``measure`` names (an
    indicator, or anything with ``unit`` and ``decimals``); bars without a value are left out."""
    bars = [(label, value) for label, value in bars if value is not None]
    if not bars:
        return None
    return chart_svg(
        bars_spec,
        bars=bars,
        unit=str(measure.unit),
        decimals=measure.decimals,
        description=description,
    )


def number_display(value, decimals: int) -> str:
    """A value with ``decimals`` digits and the locale's separators; missing is "–". Rounded
    half up here: number_format itself cuts off the digits it does not show."""
    if value is None:
        return "–"
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
