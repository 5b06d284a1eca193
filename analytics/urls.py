from django.urls import path

from . import views

# Each dashboard at its address; "/tai/<table>.<csv|xlsx>" under it downloads one table.
DASHBOARDS = [
    ("thong-ke/lop/", views.trainer, "trainer"),
    ("thong-ke/lop/<int:cohort_id>/", views.cohort, "cohort"),
    ("thong-ke/xa/<str:code>/", views.commune, "commune"),
    ("thong-ke/tinh/<str:code>/", views.province, "province"),
    ("thong-ke/ca-nuoc/", views.national, "national"),
]

app_name = "analytics"
urlpatterns = [
    path("thong-ke/", views.index, name="index"),
    path(
        "thong-ke/xa/<str:code>/xac-nhan-ky-nang.<str:fmt>",
        views.skill_confirmations,
        name="skill_confirmations",
    ),
]
for route, view, name in DASHBOARDS:
    urlpatterns += [
        path(route, view, name=name),
        path(f"{route}tai/<slug:table>.<str:fmt>", view, name=f"{name}_export"),
    ]
