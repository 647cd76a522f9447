from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from cohesion.indicators.charts import census_break_note
from cohesion.indicators.exports import missing_reason
from cohesion.indicators.selectors import level_note as _level_note

register = template.Library()


@register.filter
def indicator_number(value, indicator):
    """A value with the indicator's decimals and the locale's separators; missing is "–"."""
    if value is None:
        return "–"
    # Rounded half up here: number_format itself cuts off the digits it does not show.
    rounded = Decimal(repr(float(value))).quantize(
        Decimal(1).scaleb(-indicator.decimals), ROUND_HALF_UP
    )
    return number_format(
        rounded, decimal_pos=indicator.decimals, use_l10n=True, force_grouping=True
    )


register.filter("missing_reason", missing_reason)


@register.filter
def level_note(result) -> str:
    return _level_note(result)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def census_note(result) -> str:
    """The note under a trend whose figures change from the Zensus 2011 to the 2022 basis."""
    change = result.census_break
    return census_break_note(change.period_label) if change is not None else ""
