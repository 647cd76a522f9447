"""The participants' shared addresses under /c/. The root URLconf puts the tools' participant
pages (/c/K7M2QX/, …) into the same "participate" namespace after these, so these come first."""

from django.urls import path

from cohesion.participation import views

app_name = "participate"
urlpatterns = [
    path("", views.join, name="join"),
    path("me/", views.own_data, name="own_data"),
    path("me/download.json", views.own_data_download, name="own_data_download"),
    path("me/erase/", views.own_data_erase, name="own_data_erase"),
    path("qr/<str:code>.svg", views.join_qr, name="join_qr"),
]
