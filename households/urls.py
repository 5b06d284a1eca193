from django.urls import path

from . import views

urlpatterns = [
    path("ho-gia-dinh/", views.coverage_overview, name="households_overview"),
    path("ho-gia-dinh/xa/<str:code>/", views.commune_coverage, name="households_commune"),
    path("ho-gia-dinh/xa/<str:code>/chua-dat.csv", views.uncovered_export, name="uncovered_export"),
    path("ho-gia-dinh/xa/<str:code>/thon/", views.village_add, name="village_add"),
    path("ho-gia-dinh/xa/<str:code>/nhap/", views.household_import, name="household_import"),
    path("ho-gia-dinh/xa/<str:code>/them/", views.household_edit, name="household_add"),
    path("ho-gia-dinh/xa/<str:code>/ho/<int:pk>/sua/", views.household_edit, name="household_edit"),
    path("ho-gia-dinh/ho/<int:pk>/", views.household_detail, name="household_detail"),
    path(
        "ho-gia-dinh/ho/<int:pk>/thanh-vien/<int:member_id>/chung-kien/",
        views.member_witnessed,
        name="member_witnessed",
    ),
    path("ho-gia-dinh/ho/<int:pk>/xoa/", views.household_delete, name="household_delete"),
    path("ho-gia-dinh/cua-toi/", views.my_households, name="my_households"),
    path("ho-gia-dinh/cua-toi/lien-ket/", views.link_request, name="household_link_request"),
    path("ho-gia-dinh/lien-ket/<int:pk>/duyet/", views.link_approve, name="household_link_approve"),
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
