"""ASGI entry point: HTTP through Django, websockets through Channels. Static files are served
by WhiteNoise's middleware (cohesion.core.staticfiles) or by the reverse proxy."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from cohesion.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
