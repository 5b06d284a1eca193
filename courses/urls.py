from django.urls import path

from . import views

urlpatterns = [
    path("courses/<int:course_id>/enrol/", views.enrol, name="course_enrol"),
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort_detail"),
    path(
        "cohorts/<int:cohort_id>/members/add/", views.member_add_by_phone, name="cohort_member_add"
    ),
    path("cohorts/<int:cohort_id>/members/new/", views.member_create, name="cohort_member_create"),
    path(
        "cohorts/<int:cohort_id>/members/<int:user_id>/sheet/",
        views.login_sheet,
        name="login_sheet",
    ),
    path(
        "cohorts/invitations/<int:invitation_id>/answer/",
        views.invitation_answer,
        name="cohort_invitation_answer",
    ),
    path("cohorts/<int:cohort_id>/sessions/new/", views.session_create, name="session_create"),
    path(
        "cohorts/<int:cohort_id>/sessions/<int:session_id>/",
        views.session_attendance,
        name="session_attendance",
    ),
]
