from django.urls import path

from . import views

urlpatterns = [
    path("lessons/<int:lesson_id>/progress/", views.lesson_progress, name="lesson_progress"),
    path("offline/<int:page_id>.json", views.offline_pack_view, name="offline_pack"),
    path("cohorts/<int:cohort_id>/quizzes/", views.cohort_quiz_report, name="cohort_quiz_report"),
    path(
        "lessons/<int:page_id>/captions/<str:block_id>/<int:index>.vtt",
        views.captions,
        name="lesson_captions",
    ),
]
