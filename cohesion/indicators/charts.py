"""The indicators' charts: an indicator's trend, with the break where the census basis changes,
and the composition of several indicators, built on the shared charts (cohesion.core.charts)."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cohesion.core.charts import bars_chart, chart_svg, trend_spec


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


def composition_chart(results, *, description: str) -> SafeString | None:
    """The latest values of several indicators of one unit (the origin groups) as bars."""
    if not results:
        return None
    bars = [(str(r.indicator.title), r.latest.value if r.latest else None) for r in results]
    return bars_chart(results[0].indicator, bars, description=description)
