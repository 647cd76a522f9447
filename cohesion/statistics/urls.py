from django.urls import path

from cohesion.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("upload/<str:token>/columns/", views.mapping, name="mapping"),
    path("upload/<str:token>/", views.preview, name="preview"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/undo/", views.import_undo, name="undo"),
    path("pending/", views.pending_list, name="pending"),
    path("pending/<int:pk>/", views.pending_detail, name="pending_detail"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
]
