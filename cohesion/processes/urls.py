from django.urls import path

from cohesion.processes import views

app_name = "processes"
urlpatterns = [
    path("<int:pk>/", views.process_detail, name="detail"),
    path("<int:pk>/status/", views.process_status_view, name="status"),
    path("<int:pk>/advance/", views.process_advance_view, name="advance"),
    path("<int:pk>/advance/undo/", views.process_advance_undo_view, name="advance_undo"),
    path("<int:pk>/phases/<slug:slug>/", views.phase_detail, name="phase"),
]
