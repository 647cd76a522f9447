from django.urls import path

from cohesion.strategies import views, views_documents

app_name = "strategies"
urlpatterns = [
    path("process/<int:process_pk>/", views.strategy_page, name="strategy"),
    path("process/<int:process_pk>/start/", views.strategy_start, name="start"),
    path("<int:pk>/edit/", views.strategy_edit, name="edit"),
    path("<int:pk>/fields/add/", views.field_add, name="field_add"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/goal/",
        views.candidate_goal,
        name="candidate_goal",
    ),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/measure/",
        views.candidate_measure,
        name="candidate_measure",
    ),
    path("<int:pk>/history/", views.history, name="history"),
    path("fields/<int:pk>/", views.field_edit, name="field_edit"),
    path("fields/<int:pk>/delete/", views.field_delete, name="field_delete"),
    path("fields/<int:pk>/move/", views.field_move, name="field_move"),
    path("fields/<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("goals/<int:pk>/", views.goal_page, name="goal"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:pk>/measures/add/", views.measure_add, name="measure_add"),
    path("goals/<int:pk>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("measures/<int:pk>/", views.measure_page, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator"),
    path("indicators/<int:pk>/actuals/add/", views.actual_add, name="actual_add"),
]

# Collaboration, versions, consultation and adoption.
urlpatterns += [
    path("<int:pk>/comments/", views.comments, name="comments"),
    path("<int:pk>/assignments/", views.assignments, name="assignments"),
    path("assignments/mine/", views.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/done/", views.assignment_done, name="assignment_done"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/versions/save/", views.version_save, name="version_save"),
    path("<int:pk>/versions/compare/", views.version_compare, name="version_compare"),
    path("<int:pk>/consultation/", views.consultation, name="consultation"),
    path("<int:pk>/consultation/open/", views.consultation_open, name="consultation_open"),
    path(
        "consultations/<int:pk>/opinion-map/",
        views.consultation_opinion_map,
        name="consultation_opinion_map",
    ),
    path("consultations/<int:pk>/close/", views.consultation_close, name="consultation_close"),
    path(
        "consultation-comments/<int:pk>/moderate/",
        views.consultation_comment_moderate,
        name="consultation_comment_moderate",
    ),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
]

# The strategy as documents (PDF, DOCX, XLSX, JSON).
urlpatterns += [
    path("<int:pk>/documents/", views_documents.documents_page, name="documents"),
    path("<int:pk>/documents/<str:format>/", views_documents.document_download, name="document"),
]
