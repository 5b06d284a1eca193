"""The English addresses our pages used before their paths became Vietnamese (issue 15).

Phones still hold them: a page saved for use without a connection posts its forms to the
addresses it was saved with, and the outbox re-sends queued answers to the address they were
queued for. Losing those would lose learners' work, so the old addresses keep answering with
the same views. They are unnamed: nothing links here any more.
"""

from django.urls import path

from accounts import views as accounts_views
from courses import views as courses_views
from lessons import views as lessons_views
from quizzes import views as quizzes_views

urlpatterns = [
    path("courses/<int:course_id>/enrol/", courses_views.enrol),
    path("lessons/<int:lesson_id>/progress/", lessons_views.lesson_progress),
    path("lessons/<int:page_id>/captions/<str:block_id>/<int:index>.vtt", lessons_views.captions),
    path("offline/<int:page_id>.json", lessons_views.offline_pack_view),
    path("quizzes/<int:quiz_id>/", quizzes_views.quiz_start_page),
    path("quizzes/<int:quiz_id>/start/", quizzes_views.quiz_start),
    path("quizzes/<int:quiz_id>/one-page/", quizzes_views.quiz_whole),
    path("quizzes/attempts/<int:attempt_id>/<int:number>/", quizzes_views.quiz_question),
    path("quizzes/attempts/<int:attempt_id>/result/", quizzes_views.quiz_result),
    path("h5p/<int:activity_id>/play/", quizzes_views.h5p_play),
    path("h5p/<int:activity_id>/statements/", quizzes_views.h5p_statement),
    path("accounts/language/", accounts_views.choose_language),
]
