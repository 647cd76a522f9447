from django.urls import path

from cohesion.workshops.views import board, organiser

app_name = "workshops"
urlpatterns = [
    path("process/<int:process_pk>/", organiser.start, name="start"),
    path("<int:pk>/", organiser.agenda, name="agenda"),
    path("<int:pk>/console/", organiser.console, name="console"),
    path("<int:pk>/presenter/", organiser.presenter, name="presenter"),
    path("<int:pk>/next/", organiser.next_item, name="next"),
    path("<int:pk>/days/<int:day_pk>/", organiser.day_update, name="day"),
    path("<int:pk>/days/<int:day_pk>/add/", organiser.item_edit, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", organiser.item_edit, name="item"),
    # The board and the candidates (before item_action, whose action would take "board").
    path("<int:pk>/items/<int:item_pk>/board/", board.board, name="board"),
    path("<int:pk>/items/<int:item_pk>/board/suggest/", board.board_suggest, name="board_suggest"),
    path("<int:pk>/items/<int:item_pk>/board/clusters/", board.cluster_add, name="cluster_add"),
    path("<int:pk>/clusters/<int:cluster_pk>/<str:action>/", board.cluster_action, name="cluster"),
    path("<int:pk>/cards/<int:card_pk>/move/", board.card_move, name="card_move"),
    path("<int:pk>/candidates/", board.candidates, name="candidates"),
    path("<int:pk>/candidates/measure/", board.candidate_measure, name="candidate_measure"),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/delete/",
        board.candidate_delete,
        name="candidate_delete",
    ),
    path("<int:pk>/items/<int:item_pk>/<str:action>/", organiser.item_action, name="item_action"),
]
