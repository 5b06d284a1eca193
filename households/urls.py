from django.urls import path

from . import views

urlpatterns = [
    path("ho-gia-dinh/", views.coverage_overview, name="households_overview"),
    path("ho-gia-dinh/xa/<str:code>/", views.commune_coverage, name="households_commune"),
    path("ho-gia-dinh/xa/<str:code>/thon/", views.village_add, name="village_add"),
    path("ho-gia-dinh/xa/<str:code>/nhap/", views.household_import, name="household_import"),
    path("ho-gia-dinh/ho/<int:pk>/", views.household_detail, name="household_detail"),
    path(
        "ho-gia-dinh/ho/<int:pk>/thanh-vien/<int:member_id>/chung-kien/",
        views.member_witnessed,
        name="member_witnessed",
    ),
    path("ho-gia-dinh/ho/<int:pk>/xoa/", views.household_delete, name="household_delete"),
]
