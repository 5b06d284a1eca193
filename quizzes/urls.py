from django.urls import path

from . import views

urlpatterns = [
    path("quizzes/<int:quiz_id>/", views.quiz_start_page, name="quiz"),
    path("quizzes/<int:quiz_id>/start/", views.quiz_start, name="quiz_start"),
    path("quizzes/<int:quiz_id>/one-page/", views.quiz_whole, name="quiz_whole"),
    path(
        "quizzes/attempts/<int:attempt_id>/<int:number>/", views.quiz_question, name="quiz_question"
    ),
    path("quizzes/attempts/<int:attempt_id>/result/", views.quiz_result, name="quiz_result"),
    path("h5p/<int:activity_id>/play/", views.h5p_play, name="h5p_play"),
    path("h5p/<int:activity_id>/statements/", views.h5p_statement, name="h5p_statement"),
]
