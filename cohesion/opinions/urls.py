from django.urls import path

from cohesion.opinions.views import organiser

app_name = "opinions"
urlpatterns = [
    path(
        "processes/<int:process_pk>/<slug:phase_slug>/",
        organiser.conversation_list,
        name="list",
    ),
    path(
        "processes/<int:process_pk>/<slug:phase_slug>/import/",
        organiser.conversation_import,
        name="import",
    ),
    path("<int:pk>/", organiser.conversation_manage, name="manage"),
    path(
        "<int:pk>/statements/<int:statement_pk>/delete/",
        organiser.statement_delete_confirm,
        name="statement_delete",
    ),
    path("<int:pk>/export.zip", organiser.conversation_export, name="export"),
    path("<int:pk>/comments.csv", organiser.conversation_export_comments, name="export_comments"),
]
