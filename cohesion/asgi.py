"""ASGI entry point: HTTP through Django, websockets through Channels. Static files are served
by WhiteNoise's middleware (cohesion.core.staticfiles) or by the reverse proxy."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from cohesion.core.concurrency import RequestLimit  # noqa: E402
from cohesion.routing import websocket_urlpatterns  # noqa: E402

# At most CONCURRENT_REQUESTS requests run inside Django at once; the others wait their turn.
http_application = RequestLimit(django_application, settings.CONCURRENT_REQUESTS)

application = ProtocolTypeRouter(
    {
        "http": http_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
