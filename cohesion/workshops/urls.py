from django.urls import path

from cohesion.workshops.views import board, documentation, helpers, organiser

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
    path("<int:pk>/days/<int:day_pk>/documentation.pdf", documentation.day_pdf, name="day_pdf"),
    path("<int:pk>/export.xlsx", documentation.export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.csv", documentation.export_csv, name="export_csv"),
    # --- cards ---
    path("<int:pk>/items/<int:item_pk>/cards/add/", organiser.card_add, name="card_add"),
    path("<int:pk>/cards/<int:card_pk>/<str:action>/", organiser.card_action, name="card_action"),
]
urlpatterns += [
    path("helping/", helpers.helping, name="helping"),
    path("<int:pk>/helpers/", helpers.helper_add, name="helper_add"),
    path("<int:pk>/helpers/<int:user_pk>/remove/", helpers.helper_remove, name="helper_remove"),
    path("<int:pk>/translate/", helpers.translate, name="translate"),
]
