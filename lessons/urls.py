from django.urls import path

from . import views

app_name = "lessons"
urlpatterns = [
    path("hoc-tap/", views.my_learning, name="my_learning"),
    path("bai-hoc/<int:lesson_id>/da-xong/", views.lesson_progress, name="progress"),
    path("bai-hoc/<int:lesson_id>/luyen-tap/", views.practice_run, name="practice"),
    path(
        "bai-hoc/<int:page_id>/phu-de/<str:block_id>/<int:index>.vtt",
        views.captions,
        name="captions",
    ),
    path("bai-hoc/video/<int:video_id>/phu-de.vtt", views.video_captions, name="video_captions"),
    path("ngoai-tuyen/<int:page_id>.json", views.offline_pack_view, name="offline_pack"),
    path(
        "lop-hoc/<int:cohort_id>/ket-qua-kiem-tra/",
        views.cohort_quiz_report,
        name="cohort_quiz_report",
    ),
]
