"""django-ratelimit's refusal turned into RATELIMIT_VIEW's answer (429 and a sentence in the
visitor's language). Its own middleware does the same but is synchronous only, which would make
every middleware above it run in a thread under the ASGI server."""

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin
from django.utils.module_loading import import_string
from django_ratelimit.exceptions import Ratelimited


class RatelimitMiddleware(MiddlewareMixin):
    def process_exception(self, request, exception):
        if not isinstance(exception, Ratelimited):
            return None
        return import_string(settings.RATELIMIT_VIEW)(request, exception)
