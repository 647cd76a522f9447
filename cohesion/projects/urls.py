from django.urls import path

from cohesion.projects import views

app_name = "projects"
urlpatterns = [
    path("process/<int:process_pk>/", views.project_list, name="list"),
    path("process/<int:process_pk>/add/", views.project_add, name="add"),
    path("process/<int:process_pk>/gaps/", views.gaps, name="gaps"),
    path("process/<int:process_pk>/export.<slug:file_format>", views.export, name="export"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/delete/", views.project_delete, name="delete"),
    path("<int:pk>/rate/", views.project_rate, name="rate"),
    path("<int:pk>/rating-item/", views.project_rating_item, name="rating_item"),
]
