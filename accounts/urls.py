from django.urls import path

from . import views

urlpatterns = [
    path("qr/<str:token>/", views.qr_login, name="qr_login"),
    path("language/", views.choose_language, name="choose_language"),
]
