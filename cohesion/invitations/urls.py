from django.urls import path

from cohesion.invitations import views

app_name = "invitations"
urlpatterns = [
    path("process/<int:process_pk>/", views.invitation_list, name="list"),
    path("process/<int:process_pk>/letters.pdf", views.letters, name="letters"),
    path("process/<int:process_pk>/<int:pk>/revoke/", views.invitation_revoke, name="revoke"),
    path("process/<int:process_pk>/quotas/", views.quotas, name="quotas"),
    path("process/<int:process_pk>/quotas/prefill/", views.quotas_prefill, name="prefill"),
    path("process/<int:process_pk>/quotas/room/", views.room_size, name="room_size"),
    path("process/<int:process_pk>/quotas/<int:pk>/", views.quota_edit, name="quota_edit"),
    path(
        "process/<int:process_pk>/quotas/<int:pk>/delete/",
        views.quota_delete,
        name="quota_delete",
    ),
    path("process/<int:process_pk>/gaps/", views.gaps, name="gaps"),
    path("process/<int:process_pk>/gaps/live/", views.gaps_live, name="gaps_live"),
    path("process/<int:process_pk>/gaps.csv", views.gaps_csv, name="gaps_csv"),
    path("process/<int:process_pk>/check-in/", views.check_in_list, name="check_in_list"),
    path("in/<str:key>/", views.check_in, name="check_in"),
    path("r/<str:key>/", views.rsvp, name="rsvp"),
    path("r/<str:key>/data.json", views.rsvp_data, name="rsvp_data"),
    path("r/<str:key>/erase/", views.rsvp_erase, name="rsvp_erase"),
]
