"""The public pages of a municipality's strategy, without an account, by the municipality's
official key (AGS): /strategy/05362032/ the adopted strategy, /strategy/05362032/consultation/
the draft out for comments."""

from django.urls import path

from cohesion.strategies import views

app_name = "strategy_public"
urlpatterns = [
    path("<str:ags>/", views.public_strategy, name="strategy"),
    path("<str:ags>/decision.pdf", views.public_decision, name="decision"),
    path("<str:ags>/consultation/", views.public_consultation, name="consultation"),
]
