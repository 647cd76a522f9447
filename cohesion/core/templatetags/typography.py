from django import template
from django.utils.translation import get_language

from cohesion.core.hyphenation import hyphenate as _hyphenate

register = template.Library()


@register.filter(is_safe=True)
def hyphenate(text) -> str:
    """Soft hyphens in the long words of ``text``, for the active language (the page's)."""
    return _hyphenate(str(text), get_language() or "")
