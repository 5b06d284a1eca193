from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from courses import services
from courses.models import Attendance, Cohort, Enrollment
from courses.selectors import cohort_members
from tests.factories import UserFactory, learner, serves, trainer

pytestmark = pytest.mark.django_db


def test_a_new_cohort_holds_fifteen_people_by_default(cohort, owner):
    assert cohort.max_size == 15
    assert list(cohort.trainers.all()) == [owner]


def test_only_trainers_create_cohorts(course, commune):
    with pytest.raises(PermissionDenied):
        services.create_cohort(trainer=learner(), course=course, name="x", commune=commune)


def test_a_full_cohort_refuses_one_more(owner, course, commune):
    small = services.create_cohort(
        trainer=owner, course=course, name="Nhỏ", commune=commune, max_size=2
    )
    services.add_member(cohort=small, user=learner())
    services.add_member(cohort=small, user=learner())
    with pytest.raises(ValidationError, match="đã đủ|full"):
        services.add_member(cohort=small, user=learner())
    with pytest.raises(ValidationError):
        services.create_member_without_phone(cohort=small, full_name="Vừ A Dính", trainer=owner)
    assert cohort_members(cohort=small).count() == 2
    # No orphan account was left behind by the refused creation.
    assert not UserFactory._meta.model.objects.filter(first_name__contains="Dính").exists()


def test_a_learner_is_in_one_cohort_per_course(cohort, owner, course, commune):
    person = learner()
    services.add_member(cohort=cohort, user=person)
    other = services.create_cohort(trainer=owner, course=course, name="Lớp khác", commune=commune)
    with pytest.raises(ValidationError, match="Lớp bản Phăng"):
        services.add_member(cohort=other, user=person)
    with pytest.raises(ValidationError):
        services.add_member(cohort=cohort, user=person)
    assert Enrollment.objects.filter(user=person).count() == 1


def test_attendance_saved_twice_gives_the_same_records(cohort, owner):
    came, stayed_home = learner(), learner()
    for person in (came, stayed_home):
        services.add_member(cohort=cohort, user=person)
    session = services.schedule_session(cohort=cohort, starts_at=timezone.now())
    for _ in range(2):
        services.record_attendance(session=session, present_user_ids={came.pk}, recorded_by=owner)
    assert Attendance.objects.count() == 2
    assert set(Attendance.objects.filter(present=True).values_list("user", flat=True)) == {came.pk}


# --- views: what a trainer does in the browser, and what others may not do -------------------


def test_trainer_creates_a_cohort_invites_a_member_by_phone_and_takes_attendance(
    client, owner, course, commune, django_capture_on_commit_callbacks
):
    person = learner(phone="+84912000111", phone_verified=True, first_name="Lò Văn Pâng")
    serves(owner, commune)
    client.force_login(owner)
    response = client.post(
        reverse("courses:cohort_create"),
        {
            "name": "Lớp VNeID bản Co Sủ",
            "course": course.pk,
            "commune": commune.pk,
            "meeting_place": "Nhà văn hoá",
            "max_size": 12,
        },
    )
    cohort = Cohort.objects.get()
    assert response.url == reverse("courses:cohort", args=[cohort.pk])

    # Typed the way people say it: 09…, with spaces. The learner is told and must accept.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:member_invite", args=[cohort.pk]), {"phone": "0912 000 111"})
    assert not cohort_members(cohort=cohort).exists()
    assert sms.outbox[0]["phone"] == "+84912000111"
    assert "Lớp VNeID bản Co Sủ" in sms.outbox[0]["message"]
    client.force_login(person)
    page = client.get(reverse("lessons:my_learning")).content.decode()
    assert 'data-testid="cohort-invitation"' in page
    invitation = cohort.invitations.get()
    client.post(reverse("courses:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert list(cohort_members(cohort=cohort)) == [person]
    client.force_login(owner)

    starts = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("courses:session_create", args=[cohort.pk]),
        {"starts_at": starts, "place": "Nhà văn hoá"},
    )
    session = cohort.sessions.get()
    response = client.post(
        reverse("courses:session_attendance", args=[cohort.pk, session.pk]),
        {"present": [person.pk]},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(session=session, user=person).present

    page = client.get(reverse("courses:cohort", args=[cohort.pk])).content.decode()
    assert "Lò Văn Pâng" in page
    assert "1/1 có mặt" in page


def test_a_learner_who_declines_does_not_join(client, owner, cohort):
    person = learner(phone="+84912000222", phone_verified=True)
    services.invite_by_phone(cohort=cohort, phone="+84912000222", trainer=owner)
    client.force_login(person)
    invitation = cohort.invitations.get()
    client.post(reverse("courses:invitation_answer", args=[invitation.pk]), {"answer": "decline"})
    assert not cohort_members(cohort=cohort).exists()
    page = client.get(reverse("lessons:my_learning")).content.decode()
    assert 'data-testid="cohort-invitation"' not in page


def test_a_wrong_phone_number_is_explained(client, owner, cohort):
    client.force_login(owner)
    response = client.post(
        reverse("courses:member_invite", args=[cohort.pk]), {"phone": "12"}, follow=True
    )
    assert "Số điện thoại chưa đúng" in response.content.decode()


def test_member_without_phone_gets_a_sheet_whose_password_is_shown_once(client, owner, cohort):
    client.force_login(owner)
    response = client.post(
        reverse("courses:member_create", args=[cohort.pk]), {"full_name": "Giàng Thị Mỷ"}
    )
    member = cohort_members(cohort=cohort).get()
    assert response.url == reverse("courses:login_sheet", args=[cohort.pk, member.pk])
    first = client.get(response.url).content.decode()
    assert member.username in first
    assert "<svg" in first  # the QR code
    assert 'data-testid="sheet-password"' in first
    again = client.get(response.url).content.decode()
    assert member.username in again
    assert 'data-testid="sheet-password"' not in again


def test_a_trainer_cannot_see_or_change_another_trainers_cohort(client, cohort):
    client.force_login(trainer())
    assert client.get(reverse("courses:cohort", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("courses:cohorts")).content.decode().count("Lớp bản Phăng") == 0
    response = client.post(
        reverse("courses:member_invite", args=[cohort.pk]), {"phone": "0912000111"}
    )
    assert response.status_code == 404


def test_a_learner_cannot_take_attendance(client, cohort):
    person = learner()
    services.add_member(cohort=cohort, user=person)
    session = services.schedule_session(cohort=cohort, starts_at=timezone.now())
    client.force_login(person)
    url = reverse("courses:session_attendance", args=[cohort.pk, session.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"present": [person.pk]}).status_code == 403
    assert not Attendance.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, cohort):
    response = client.get(reverse("courses:cohort", args=[cohort.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_cohort_page_shows_each_members_progress_through_the_lessons(
    client, owner, cohort, lessons
):
    from uuid import uuid4

    from lessons.services import record_progress

    busy = learner(first_name="Hoàng Thị Dung")
    services.add_member(cohort=cohort, user=busy)
    services.add_member(cohort=cohort, user=learner())
    record_progress(user=busy, lesson=lessons[0], client_id=uuid4())
    client.force_login(owner)
    page = client.get(reverse("courses:cohort", args=[cohort.pk])).content.decode()
    assert "Hoàng Thị Dung" in page
    assert "1/3" in page
    assert "0/3" in page
