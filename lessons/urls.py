from django.urls import path

from . import views

urlpatterns = [
    path("lessons/<int:lesson_id>/progress/", views.lesson_progress, name="lesson_progress"),
]
