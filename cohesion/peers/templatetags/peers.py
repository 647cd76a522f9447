from django import template

from cohesion.core.charts import number_display

register = template.Library()


@register.filter
def number(value, decimals=0):
    """A number in the active language's format, like every indicator value on the page."""
    return number_display(value, int(decimals))
