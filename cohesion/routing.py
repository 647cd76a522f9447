from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import path, re_path

from cohesion.opinions.consumers import OpinionMapConsumer
from cohesion.processes.consumers import ProcessConsumer
from cohesion.workshops.consumers import PhoneConsumer, ScreenConsumer

# Application close code for an address that leads nowhere.
CLOSE_NOT_FOUND = 4404


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Closes a websocket to an unknown address cleanly instead of raising in the router."""

    async def connect(self):
        await self.close(code=CLOSE_NOT_FOUND)


websocket_urlpatterns = [
    path("ws/processes/<int:pk>/", ProcessConsumer.as_asgi()),
    path("ws/c/<str:code>/map/", OpinionMapConsumer.as_asgi()),
    path("ws/w/<str:code>/", PhoneConsumer.as_asgi()),
    re_path(
        r"^ws/workshops/(?P<pk>[0-9]{1,18})/(?P<screen>console|presenter)/$",
        ScreenConsumer.as_asgi(),
    ),
    re_path(r"", NotFoundConsumer.as_asgi()),
]
