from django.urls import include, path

urlpatterns = [
    path("", include("cohesion.core.urls")),
    path("accounts/", include("cohesion.accounts.urls")),
    path("municipalities/", include("cohesion.municipalities.urls")),
    path("processes/", include("cohesion.processes.urls")),
]
