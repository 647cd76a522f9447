from django.urls import include, path

from cohesion.processes.views import overview

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
    path("c/", include("cohesion.opinions.urls_participate")),
]
