from django.urls import include, path

from cohesion.opinions import urls_participate as opinion_participant_urls
from cohesion.participation import urls as participation_urls
from cohesion.processes.views import overview
from cohesion.workshops import urls_participate as workshop_participant_urls

urlpatterns = [
    path("", overview, name="home"),
    path("", include("cohesion.core.urls")),
    path("accounts/", include("cohesion.accounts.urls")),
    path("audit/", include("cohesion.audit.urls")),
    path("municipalities/", include("cohesion.municipalities.urls")),
    path("processes/", include("cohesion.processes.urls")),
    path("statistics/", include("cohesion.statistics.urls")),
    path("profiles/", include("cohesion.indicators.urls")),
    path("peers/", include("cohesion.peers.urls")),
    path("opinions/", include("cohesion.opinions.urls")),
    path("workshops/", include("cohesion.workshops.urls")),
    path("onboarding/", include("cohesion.onboarding.urls")),
    path("stakeholders/", include("cohesion.stakeholders.urls")),
    path("invitations/", include("cohesion.invitations.urls")),
    path("seating/", include("cohesion.seating.urls")),
    path("lottery/", include("cohesion.lottery.urls")),
    path("strategies/", include("cohesion.strategies.urls")),
    path("projects/", include("cohesion.projects.urls")),
    # One namespace for everything a participant reaches under /c/: the shared pages (join, own
    # data, QR codes) first, then each tool's pages by code.
    path(
        "c/",
        include(
            (
                [
                    *participation_urls.urlpatterns,
                    *workshop_participant_urls.urlpatterns,
                    *opinion_participant_urls.urlpatterns,
                ],
                "participate",
            )
        ),
    ),
]
