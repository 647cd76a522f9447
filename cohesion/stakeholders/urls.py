from django.urls import path

from cohesion.stakeholders import views

app_name = "stakeholders"
urlpatterns = [
    path("process/<int:process_pk>/", views.map_page, name="map"),
    path(
        "process/<int:process_pk>/organisations/add/",
        views.organisation_add,
        name="organisation_add",
    ),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation_delete"),
    path("process/<int:process_pk>/relations/add/", views.relation_add, name="relation_add"),
    path("relations/<int:pk>/delete/", views.relation_delete, name="relation_delete"),
    path("process/<int:process_pk>/people/add/", views.stakeholder_add, name="person_add"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/consent/", views.person_consent, name="person_consent"),
    path(
        "people/<int:pk>/data.<slug:file_format>",
        views.person_data,
        name="person_data",
    ),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("process/<int:process_pk>/import/", views.import_upload, name="import"),
    path(
        "process/<int:process_pk>/import/<str:token>/",
        views.import_preview,
        name="import_preview",
    ),
    path("template.<slug:file_format>", views.import_template, name="template"),
    path("process/<int:process_pk>/export.<slug:file_format>", views.export, name="export"),
]
