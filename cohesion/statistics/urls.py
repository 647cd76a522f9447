from django.urls import path

from cohesion.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("upload/<str:token>/columns/", views.mapping, name="mapping"),
    path("upload/<str:token>/", views.preview, name="preview"),
]
