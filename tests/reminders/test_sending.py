"""Who is reminded, of what, how often, and by which SMS."""

import datetime
from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import sms
from courses import services as courses
from quizzes.models import Attempt
from reminders import services
from reminders.models import OptOut, Reminder
from reminders.selectors import due_reminders
from tests.factories import otp_quiz

from .world import NOW, ago, ambassador, certificate, finished_lesson, member, waiting_link

pytestmark = pytest.mark.django_db


def due_to(now=NOW) -> dict:
    return {due.user.pk: due for due in due_reminders(now=now)}


def test_a_learner_away_for_eight_days_is_reminded_and_an_active_one_is_not(cohort, lessons):
    away = member(cohort)
    finished_lesson(away, lessons[0], days_ago=8)
    active = member(cohort)
    finished_lesson(active, lessons[0], days_ago=2)
    came = member(cohort)
    session = courses.schedule_session(cohort=cohort, starts_at=ago(3))
    courses.record_attendance(session=session, present_user_ids={came.pk}, recorded_by=away)

    due = due_to()

    assert set(due) == {away.pk}
    assert due[away.pk].kind == Reminder.Kind.COME_BACK
    assert due[away.pk].subject == f"cohort:{cohort.pk}"
    # "Continue" leads to the first lesson not finished yet.
    assert due[away.pk].link == lessons[1].get_url()


def test_a_quiz_started_this_week_counts_as_coming_back_but_not_one_taken_for_someone_else(
    cohort,
):
    quiz = otp_quiz()
    own, helper = member(cohort), member(cohort)
    for person, assisted_for in ((own, ""), (helper, "member:1")):
        attempt = Attempt.objects.create(
            client_id=uuid4(),
            user=person,
            quiz=quiz,
            quiz_key=quiz.translation_key,
            question_count=2,
            assisted_for=assisted_for,
        )
        Attempt.objects.filter(pk=attempt.pk).update(started_at=ago(1))

    assert set(due_to()) == {helper.pk}


def test_newcomers_and_learners_outside_a_cohort_are_not_reminded(cohort, course):
    member(cohort, enrolled_days_ago=5)
    on_their_own = member(cohort)
    on_their_own.enrollments.update(cohort=None)

    assert due_to() == {}


def test_who_finished_the_course_is_not_reminded(cohort, course, lessons):
    every_lesson = member(cohort)
    for lesson in lessons:
        finished_lesson(every_lesson, lesson, days_ago=9)
    assert due_to() == {}

    course.final_quiz = otp_quiz()
    course.save_revision().publish()
    assert set(due_to()) == {every_lesson.pk}  # lessons alone no longer finish it

    passed = Attempt.objects.create(
        client_id=uuid4(),
        user=every_lesson,
        quiz=course.final_quiz,
        quiz_key=course.final_quiz.translation_key,
        question_count=2,
        passed=True,
        score=1,
        finished_at=ago(9),
    )
    Attempt.objects.filter(pk=passed.pk).update(started_at=ago(9))
    assert due_to() == {}


def test_no_reminder_after_opting_out_for_a_closed_account_or_within_a_week_of_the_last(
    cohort,
):
    opted_out, closed, recent, due_again = (member(cohort) for _ in range(4))
    OptOut.objects.create(user=opted_out)
    closed.is_active = False
    closed.save()
    for person, days in ((recent, 3), (due_again, 8)):
        sent = Reminder.objects.create(
            user=person, kind="come_back", subject="x", message="…", week=ago(days).date()
        )
        Reminder.objects.filter(pk=sent.pk).update(sent_at=ago(days))

    assert set(due_to()) == {due_again.pk}


def test_a_certificate_ending_within_30_days_is_reminded_once_neither_revoked_nor_renewed(
    course,
):
    from tests.factories import UserFactory

    soon, later, revoked, renewed, expired = (UserFactory() for _ in range(5))
    certificate(soon, course, expires_in=20)
    certificate(soon, course, expires_in=25)  # still one reminder: of the one lasting longer
    certificate(later, course, expires_in=40)
    certificate(revoked, course, expires_in=20, revoked=True)
    certificate(renewed, course, expires_in=10)
    certificate(renewed, course, expires_in=375)
    certificate(expired, course, expires_in=-1)

    due = due_to()

    assert set(due) == {soon.pk}
    assert due[soon.pk].kind == Reminder.Kind.CERTIFICATE_EXPIRES
    assert due[soon.pk].args["date"] == (NOW + datetime.timedelta(days=25)).date()
    assert due[soon.pk].link == course.get_url()


def test_an_ambassador_is_reminded_of_a_request_waiting_more_than_two_days(village, owner):
    waiting, approved, fresh, self_approved = (ambassador() for _ in range(4))
    waiting_link(waiting, village, code="H1", days_ago=5)
    waiting_link(waiting, village, code="H2", days_ago=3)
    waiting_link(approved, village, code="H3", days_ago=5, approved_by=owner)
    waiting_link(fresh, village, code="H4", days_ago=1)
    waiting_link(self_approved, village, code="H5", days_ago=5, approved_by=self_approved)

    due = due_to()

    assert set(due) == {waiting.pk, self_approved.pk}
    assert due[waiting.pk].args == {"household": "H1"}  # the oldest; the code, not a name


def test_the_most_urgent_kind_wins_and_each_person_gets_one(cohort, course, village):
    person = member(cohort)
    person.groups.add(*ambassador().groups.all())
    waiting_link(person, village, code="H1", days_ago=5)
    certificate(person, course, expires_in=20)
    assert [d.kind for d in due_reminders(now=NOW)] == [Reminder.Kind.CERTIFICATE_EXPIRES]

    Reminder.objects.all().delete()
    person.certificates.all().delete()
    assert [d.kind for d in due_reminders(now=NOW)] == [Reminder.Kind.COME_BACK]


def test_running_twice_sends_nothing_the_second_time_and_a_week_later_it_may_again(
    cohort, django_capture_on_commit_callbacks
):
    away = member(cohort, phone="+84912000001", phone_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_reminders(now=NOW)
        second = services.send_reminders(now=NOW + datetime.timedelta(hours=2))

    assert first["sent"] == first["come_back"] == first["sms"] == 1
    assert second["sent"] == 0
    assert len(sms.outbox) == 1
    reminder = Reminder.objects.get()
    assert (reminder.user, reminder.week, reminder.sms_sent) == (away, services.week_of(NOW), True)
    assert reminder.sent_at == NOW

    assert services.send_reminders(now=NOW + datetime.timedelta(days=6))["sent"] == 0
    assert services.send_reminders(now=NOW + datetime.timedelta(days=8))["sent"] == 1


def test_three_unanswered_come_back_reminders_are_the_last(cohort, lessons):
    away = member(cohort)
    for week in range(5):
        services.send_reminders(now=NOW + datetime.timedelta(days=8 * week))
    assert Reminder.objects.filter(user=away).count() == 3

    # Coming back starts the count again.
    finished_lesson(away, lessons[0], days_ago=-40)  # at NOW + 40 days
    later = NOW + datetime.timedelta(days=48)
    assert services.send_reminders(now=later)["come_back"] == 1


def test_a_reminder_another_run_sent_this_week_is_skipped_not_doubled(cohort):
    away = member(cohort)
    # Another run's reminder this week (its sent_at made old, so only the constraint stops us).
    other = Reminder.objects.create(
        user=away, kind="come_back", subject="x", message="…", week=services.week_of(NOW)
    )
    Reminder.objects.filter(pk=other.pk).update(sent_at=ago(10))

    counts = services.send_reminders(now=NOW)

    assert (counts["sent"], counts["skipped"]) == (0, 1)
    assert Reminder.objects.filter(user=away).count() == 1


def test_one_persons_failure_is_logged_and_the_others_still_get_theirs(cohort, monkeypatch, caplog):
    first, second = member(cohort), member(cohort)
    original = services.message_for

    def broken_for_the_first(due):
        if due.user.pk == first.pk:
            raise KeyError("course")  # e.g. a translation that lost its placeholder
        return original(due)

    monkeypatch.setattr(services, "message_for", broken_for_the_first)

    counts = services.send_reminders(now=NOW)

    assert (counts["sent"], counts["failed"]) == (1, 1)
    assert list(Reminder.objects.values_list("user", flat=True)) == [second.pk]
    assert "not sent" in caplog.text


def test_an_sms_goes_only_to_a_verified_number_in_the_persons_language(
    cohort, course, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://nhaso.example.vn"
    member(cohort, phone="+84912000002", phone_verified=False)
    member(cohort)  # no phone at all
    english = member(cohort, phone="+84912000003", phone_verified=True, preferred_language="en")
    holder = member(cohort, phone="+84912000004", phone_verified=True)
    certificate(holder, course, expires_in=20)

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.send_reminders(now=NOW)

    assert (counts["sent"], counts["sms"]) == (4, 2)
    texts = {m["phone"]: m["message"] for m in sms.outbox}
    assert set(texts) == {"+84912000003", "+84912000004"}
    assert texts["+84912000003"] == (
        "Nhà Số: you have not learned for a week. Continue “VNeID”. "
        "Stop reminders: nhaso.example.vn/en/nhac-nho/tat/"
    )
    expires = (NOW + datetime.timedelta(days=20)).date().strftime("%d/%m/%Y")
    assert expires in texts["+84912000004"]
    assert texts["+84912000004"].endswith("nhaso.example.vn/nhac-nho/tat/")
    assert Reminder.objects.get(user=english).message.startswith("Nhà Số: you have not")
    assert Reminder.objects.filter(sms_sent=True).count() == 2


def test_a_failing_sms_gateway_keeps_the_reminder_in_the_app(
    cohort, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.reminders.test_sending.BrokenGateway"
    member(cohort, phone="+84912000005", phone_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(now=NOW)
    assert Reminder.objects.get().sms_sent is False


class BrokenGateway:
    def send(self, phone, message):
        raise ConnectionError("gateway down")


def test_the_command_prints_counts_and_a_dry_run_sends_nothing(cohort, monkeypatch):
    member(cohort)
    # The command runs "now"; the world is set 30 days ahead, so move the clock there.
    monkeypatch.setattr(timezone, "now", lambda: NOW)

    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert out.getvalue().strip() == (
        "Dry run: 1 reminder(s) due (certificate expires 0, come back 1, household waiting 0);"
        " nothing sent."
    )
    assert not Reminder.objects.exists()

    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == (
        "1 reminder(s) sent (certificate expires 0, come back 1, household waiting 0), "
        "0 by SMS, 0 skipped (already sent by another run), 0 failed (see the log)."
    )
    call_command("send_reminders", stdout=out)
    assert Reminder.objects.count() == 1
