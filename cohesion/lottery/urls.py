from django.urls import path

from cohesion.lottery import views

app_name = "lottery"
urlpatterns = [
    path("method/", views.method, name="method"),
    path("process/<int:process_pk>/", views.process_page, name="process"),
    path("draws/<int:pk>/", views.draw_page, name="draw"),
    path("draws/<int:pk>/export.csv", views.draw_export, {"format": "csv"}, name="export_csv"),
    path("draws/<int:pk>/export.xlsx", views.draw_export, {"format": "xlsx"}, name="export_xlsx"),
    path("draws/<int:pk>/delete/", views.draw_delete, name="delete"),
]
