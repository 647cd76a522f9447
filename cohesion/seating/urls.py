from django.urls import path, re_path

from cohesion.seating import views

app_name = "seating"
urlpatterns = [
    path("process/<int:process_pk>/", views.seating, name="seating"),
    path("process/<int:process_pk>/plans/<int:pk>/", views.plan, name="plan"),
    path("process/<int:process_pk>/plans/<int:pk>/delete/", views.plan_delete, name="delete"),
    re_path(
        r"^process/(?P<process_pk>\d+)/plans/(?P<pk>\d+)/(?P<part>plan|cards)\.pdf$",
        views.plan_pdf,
        name="pdf",
    ),
    re_path(
        r"^process/(?P<process_pk>\d+)/plans/(?P<pk>\d+)/export\.(?P<format>xlsx|csv)$",
        views.plan_export,
        name="export",
    ),
]
