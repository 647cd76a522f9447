from django.urls import path

from cohesion.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("processes/<int:pk>/team/", views.team, name="team"),
    path("processes/<int:pk>/team/invite/", views.invite, name="invite"),
    path(
        "processes/<int:pk>/team/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "processes/<int:pk>/team/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "processes/<int:pk>/team/roles/<int:membership_pk>/remove/",
        views.role_remove,
        name="role_remove",
    ),
    path("processes/<int:pk>/commitment/", views.commitment, name="commitment"),
    path(
        "processes/<int:pk>/commitment/override/",
        views.commitment_override,
        name="commitment_override",
    ),
    path(
        "processes/<int:pk>/commitment/letter/", views.commitment_letter, name="commitment_letter"
    ),
    path("invitations/<str:token>/", views.accept, name="accept"),
]
