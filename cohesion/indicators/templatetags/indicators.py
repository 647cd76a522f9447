from django import template

from cohesion.core.charts import number_display
from cohesion.indicators.charts import census_break_note
from cohesion.indicators.exports import missing_reason
from cohesion.indicators.selectors import level_note as _level_note

register = template.Library()


@register.filter
def indicator_number(value, indicator):
    """A value with the indicator's decimals and the locale's separators; missing is "–"."""
    return number_display(value, indicator.decimals)


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
