from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("khoa-hoc/<int:course_id>/tham-gia/", views.enrol, name="enrol"),
    path("lop-hoc/", views.cohort_list, name="cohorts"),
    path("lop-hoc/tao/", views.cohort_create, name="cohort_create"),
    path("lop-hoc/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("lop-hoc/<int:cohort_id>/hoc-vien/moi/", views.member_add_by_phone, name="member_invite"),
    path("lop-hoc/<int:cohort_id>/hoc-vien/tao/", views.member_create, name="member_create"),
    path(
        "lop-hoc/<int:cohort_id>/hoc-vien/<int:user_id>/phieu-dang-nhap/",
        views.login_sheet,
        name="login_sheet",
    ),
    path(
        "lop-hoc/<int:cohort_id>/phieu-dang-nhap/",
        views.login_sheets,
        name="login_sheets",
    ),
    path(
        "lop-hoc/<int:cohort_id>/hoc-vien/<int:user_id>/nhac/",
        views.member_remind,
        name="member_remind",
    ),
    path(
        "lop-hoc/loi-moi/<int:invitation_id>/tra-loi/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    path("lop-hoc/<int:cohort_id>/buoi-hoc/tao/", views.session_create, name="session_create"),
    path(
        "lop-hoc/<int:cohort_id>/buoi-hoc/<int:session_id>/",
        views.session_attendance,
        name="session_attendance",
    ),
]
