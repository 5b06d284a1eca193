from django.urls import path

from . import views

app_name = "paper"

urlpatterns = [
    path("so-tay/", views.booklets, name="booklets"),
    path("so-tay/<int:course_id>/", views.booklet, name="booklet"),
    path("so-tay/<int:course_id>/pdf/", views.booklet_pdf, name="booklet_pdf"),
    path("ap-phich/", views.posters, name="posters"),
    path("ap-phich/<str:code>/", views.poster, name="poster"),
    path("ap-phich/<str:code>/pdf/", views.poster_pdf, name="poster_pdf"),
]
