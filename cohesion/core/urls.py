from django.urls import path

from cohesion.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language_set, name="language_set"),
    path("health/", views.health, name="health"),
]
