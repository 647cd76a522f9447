from django import template
from django.utils.translation import gettext as _

from cohesion.core.charts import number_display
from cohesion.indicators.catalogue import missing_hint as _missing_hint
from cohesion.indicators.charts import census_break_note
from cohesion.indicators.exports import missing_reason
from cohesion.indicators.selectors import level_note as _level_note
from cohesion.indicators.selectors import period_label

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
    note = census_break_note(change.period_label) if change is not None else ""
    if result.earlier_bases:
        earlier = _(
            "Figures up to 2010 rest on earlier censuses (%(censuses)s): each census "
            "corrected the count, so the line may jump where one begins."
        ) % {"censuses": ", ".join(result.earlier_bases)}
        note = f"{note} {earlier}".strip()
    return note


@register.filter
def period(value: str) -> str:
    """A period or reference date as the profile writes it ("2024", "15.05.2022")."""
    return period_label(value) if value else ""


@register.filter
def missing_hint(indicator, ags: str) -> str:
    """Where the figures of a missing indicator are published for the region's Land."""
    return _missing_hint(indicator, ags)
