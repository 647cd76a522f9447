from django.urls import path

from cohesion.municipalities import views

app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("<str:ags>/", views.municipality_detail, name="detail"),
]
