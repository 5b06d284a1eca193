from django.urls import path

from . import views

app_name = "voices"
urlpatterns = [
    path("giong-doc/", views.lessons, name="lessons"),
    path("giong-doc/<int:lesson_id>/<str:language>/", views.lesson, name="lesson"),
    path("giong-doc/<int:lesson_id>/<str:language>/gui/", views.send, name="send"),
]
