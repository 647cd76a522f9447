from django.urls import path

from cohesion.processes.consumers import ProcessConsumer

websocket_urlpatterns = [
    path("ws/processes/<int:pk>/", ProcessConsumer.as_asgi()),
]
