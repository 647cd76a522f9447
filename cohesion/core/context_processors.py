from django.conf import settings
from django.utils.translation import get_language_bidi


def interface(request):
    return {
        "language_options": settings.LANGUAGES,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
    }
