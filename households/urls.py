from django.urls import path

from . import views

app_name = "households"
urlpatterns = [
    path("ho-gia-dinh/", views.coverage_overview, name="overview"),
    path("ho-gia-dinh/xa/<str:code>/", views.commune_coverage, name="commune"),
    path("ho-gia-dinh/xa/<str:code>/chua-dat.csv", views.uncovered_export, name="uncovered_export"),
    path("ho-gia-dinh/xa/<str:code>/thon/", views.village_add, name="village_add"),
    path("ho-gia-dinh/xa/<str:code>/nhap/", views.household_import, name="import"),
    path(
        "ho-gia-dinh/xa/<str:code>/nhap/tien-do/<str:token>/",
        views.household_import_job,
        name="import_job",
    ),
    path("ho-gia-dinh/xa/<str:code>/nhap/mau.xlsx", views.import_template, name="import_template"),
    path("ho-gia-dinh/xa/<str:code>/them/", views.household_edit, name="add"),
    path("ho-gia-dinh/xa/<str:code>/ho/<int:pk>/sua/", views.household_edit, name="edit"),
    path("ho-gia-dinh/ho/<int:pk>/", views.household_detail, name="detail"),
    path(
        "ho-gia-dinh/ho/<int:pk>/thanh-vien/<int:member_id>/chung-kien/",
        views.member_witnessed,
        name="member_witnessed",
    ),
    path("ho-gia-dinh/ho/<int:pk>/xoa/", views.household_delete, name="delete"),
    path("ho-gia-dinh/cua-toi/", views.my_households, name="mine"),
    path("ho-gia-dinh/cua-toi/lien-ket/", views.link_request, name="link_request"),
    path("ho-gia-dinh/lien-ket/<int:pk>/duyet/", views.link_approve, name="link_approve"),
    path(
        "ho-gia-dinh/thanh-vien/<int:member_id>/da-day/",
        views.teaching_visit,
        name="teaching_visit",
    ),
    path(
        "ho-gia-dinh/thanh-vien/<int:member_id>/kiem-tra/<int:course_id>/",
        views.assisted_check,
        name="assisted_check",
    ),
]
