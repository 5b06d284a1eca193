from django.urls import path

from . import views

app_name = "quizzes"
urlpatterns = [
    path("kiem-tra/<int:quiz_id>/", views.quiz_start_page, name="quiz"),
    path("kiem-tra/<int:quiz_id>/bat-dau/", views.quiz_start, name="start"),
    path("kiem-tra/<int:quiz_id>/mot-trang/", views.quiz_whole, name="whole"),
    path("kiem-tra/luot/<int:attempt_id>/<int:number>/", views.quiz_question, name="question"),
    path("kiem-tra/luot/<int:attempt_id>/ket-qua/", views.quiz_result, name="result"),
    path("h5p/<int:activity_id>/choi/", views.h5p_play, name="h5p_play"),
    path("h5p/<int:activity_id>/ket-qua/", views.h5p_statement, name="h5p_statement"),
]
