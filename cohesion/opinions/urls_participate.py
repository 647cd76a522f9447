"""The participants' side, without an account: short addresses for a code on a screen or a QR
code in the workshop room (/c/K7M2QX/). The join page /c/ is the participation app's; the root
URLconf puts both into the "participate" namespace."""

from django.urls import path

from cohesion.opinions.views import participate

app_name = "participate"
urlpatterns = [
    path("<str:code>/", participate.vote, name="vote"),
    path("<str:code>/statement/", participate.submit, name="submit"),
    path("<str:code>/map/", participate.opinion_map, name="map"),
    path("<str:code>/map/status/", participate.map_status, name="map_status"),
]
