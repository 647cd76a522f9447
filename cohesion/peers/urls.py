from django.urls import re_path

from cohesion.peers import views

app_name = "peers"
AGS = r"(?P<ags>\d{2}|\d{5}|\d{8})"
urlpatterns = [
    re_path(rf"^{AGS}/$", views.compare, name="compare"),
    re_path(rf"^{AGS}/change/$", views.change, name="change"),
]
