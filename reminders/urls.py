from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("nhac-nho/", views.mine, name="mine"),
    path("nhac-nho/tat/", views.turn_off, name="opt_out"),
    path("nhac-nho/bat/", views.turn_on, name="opt_in"),
    path("nhac-nho/<int:pk>/dong/", views.close, name="close"),
]
