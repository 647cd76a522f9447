from django.urls import path

from cohesion.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("process/<int:process_pk>/", views.dashboard, name="dashboard"),
    path("process/<int:process_pk>/report/", views.year_report, name="year_report"),
    path("process/<int:process_pk>/climate/", views.climate_follow_up, name="climate_follow_up"),
    path("measures/<int:pk>/", views.measure_page, name="measure"),
    path("indicators/<int:pk>/actuals/add/", views.actual_add, name="actual_add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("<int:pk>/bulk/", views.bulk_upload, name="bulk_upload"),
    path(
        "<int:pk>/bulk/template.<str:file_format>",
        views.bulk_template,
        name="bulk_template",
    ),
    path("<int:pk>/bulk/<str:token>/", views.bulk_preview, name="bulk_preview"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
