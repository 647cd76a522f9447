from django.urls import path, re_path

from cohesion.municipalities import views

app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    # Land (2 digits), district (5) or municipality (8).
    re_path(r"^(?P<ags>\d{2}|\d{5}|\d{8})/$", views.municipality_detail, name="detail"),
]
