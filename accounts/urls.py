from django.urls import path

from . import views

# Beside allauth's own pages under /accounts/ (their paths are allauth's); the QR address is
# printed on login sheets already in villages, so it keeps its path.
app_name = "accounts"
urlpatterns = [
    path("qr/<str:token>/", views.qr_login, name="qr_login"),
    path("ngon-ngu/", views.choose_language, name="choose_language"),
    # Officials and province administrators say which trainers serve their communes.
    path("nguoi-huong-dan/", views.trainer_communes, name="trainer_communes"),
    path("xa/<str:code>/nguoi-huong-dan/", views.commune_trainers, name="commune_trainers"),
    path(
        "xa/<str:code>/nguoi-huong-dan/<int:user_id>/bo/",
        views.commune_trainer_remove,
        name="commune_trainer_remove",
    ),
]
