from django.urls import path, re_path

from cohesion.indicators import views

app_name = "indicators"
AGS = r"(?P<ags>\d{2}|\d{5}|\d{8})"
urlpatterns = [
    path("indicators/", views.catalogue, name="catalogue"),
    re_path(rf"^{AGS}/$", views.profile, name="profile"),
    re_path(rf"^{AGS}/fact-sheet\.pdf$", views.fact_sheet, name="fact_sheet"),
    re_path(rf"^{AGS}/data\.xlsx$", views.profile_data, name="data"),
]
