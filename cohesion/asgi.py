"""ASGI entry point: HTTP through Django, websockets through Channels. Static files are served
by WhiteNoise's middleware (cohesion.core.staticfiles) or by the reverse proxy."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")

import django  # noqa: E402

django.setup(set_prefix=False)  # as get_asgi_application(); the prefix is set per request

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from cohesion.core.handlers import ThreadedASGIHandler  # noqa: E402
from cohesion.routing import websocket_urlpatterns  # noqa: E402

# Each request in one trip to a pool of CONCURRENT_REQUESTS threads; the others wait their turn.
django_application = ThreadedASGIHandler(threads=settings.CONCURRENT_REQUESTS)

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
