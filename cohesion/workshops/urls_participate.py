"""The participant's addresses, in the "participate" namespace under /c/ (the root URLconf)."""

from django.urls import path

from cohesion.workshops.views import participate

urlpatterns = [
    path("w/<str:code>/", participate.room, name="workshop"),
    path("w/<str:code>/join/", participate.join, name="workshop_join"),
    path("w/<str:code>/answer/", participate.answer, name="workshop_answer"),
    # --- cards ---
    path("w/<str:code>/card/", participate.card, name="workshop_card"),
    path("w/<str:code>/upvote/", participate.upvote, name="workshop_upvote"),
]
