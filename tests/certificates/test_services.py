"""Certificates are issued for a passed final check or a witnessed procedure, once each, and
revoked only by the issuing commune's officials or its province's administrators."""

import datetime
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from base.models import AuditEvent
from certificates import services
from certificates.models import Certificate
from courses.services import add_member, create_cohort
from households.models import Household, Level, Member
from households.services import witness_member
from places.models import Village
from quizzes.models import Attempt
from quizzes.services import answer_whole_quiz
from tests.certificates.factories import (
    course_with_final_check,
    pass_final_check,
    right_answers,
)
from tests.factories import CommuneFactory, UserFactory, learner, otp_quiz, trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(db):
    return course_with_final_check()


def passed(user, course, capture):
    with capture(execute=True):
        return pass_final_check(user, course)


# --- nothing issued ------------------------------------------------------------------------


def test_a_failed_check_or_a_quiz_that_is_no_final_check_issues_nothing(
    final, django_capture_on_commit_callbacks
):
    person = learner()
    other_quiz = otp_quiz(title="Luyện tập", pass_mark=100)
    with django_capture_on_commit_callbacks(execute=True):
        failed = pass_final_check(person, final, right=False)
        practice = answer_whole_quiz(
            user=person, quiz=other_quiz, client_id=uuid4(), responses=right_answers(other_quiz)
        )
    assert failed.is_finished and not failed.passed and practice.passed
    assert not Certificate.objects.exists()


def test_a_score_the_player_reported_or_an_attempt_on_someone_elses_phone_issues_nothing(final):
    person = learner()
    attempt = pass_final_check(person, final)  # callbacks not run: nothing issued yet
    attempt.score_reported_by_player = True
    assert services.issue_for_attempt(attempt) is None
    attempt.score_reported_by_player = False
    attempt.assisted_for = "household-member:7"
    assert services.issue_for_attempt(attempt) is None
    assert not Certificate.objects.exists()


# --- issued once ---------------------------------------------------------------------------


def test_passing_the_final_check_issues_one_certificate_even_if_the_signal_fires_twice(
    final, django_capture_on_commit_callbacks
):
    person = learner(first_name="An", last_name="Nguyễn Văn")
    attempt = passed(person, final, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        Attempt.objects.get(pk=attempt.pk).save()  # post_save again
    assert services.issue_for_attempt(attempt) == Certificate.objects.get()
    certificate = Certificate.objects.get()
    assert certificate.attempt == attempt and certificate.holder == person
    assert certificate.holder_name == person.display_name
    assert certificate.course == final and certificate.course_title == "VNeID"
    assert certificate.level == Level.QUIZ_VERIFIED
    assert certificate.issued_on == timezone.localdate()
    assert certificate.expires_on is None
    # The course's own skill and its lesson's.
    assert sorted(certificate.skills.values_list("code", flat=True)) == ["1.1", "1.2"]


def test_a_refresher_course_gives_a_certificate_that_expires_after_its_months(
    django_capture_on_commit_callbacks,
):
    course = course_with_final_check(months=6)
    passed(learner(), course, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    assert certificate.expires_on == services.add_months(certificate.issued_on, 6)


def test_the_issuing_commune_is_the_cohorts_then_the_home_communes_then_the_households(
    final, django_capture_on_commit_callbacks
):
    cohort_commune, home, household_commune = (CommuneFactory() for _ in range(3))
    in_cohort = learner(home_commune=home)
    cohort = create_cohort(trainer=trainer(), course=final, name="Lớp", commune=cohort_commune)
    add_member(cohort=cohort, user=in_cohort)
    at_home = learner(home_commune=home)
    in_household = learner()
    village = Village.objects.create(commune=household_commune, name="Bản Phăng")
    house = Household.objects.create(
        commune=household_commune, village=village, code="P1", head_name="Lò Văn Sơn"
    )
    Member.objects.create(
        household=house,
        full_name="Lò Thị Ánh",
        birth_year=1990,
        relation="spouse",
        user=in_household,
    )
    nowhere = learner()
    for person in (in_cohort, at_home, in_household, nowhere):
        passed(person, final, django_capture_on_commit_callbacks)
    communes = {c.holder: c.commune for c in Certificate.objects.all()}
    assert communes == {
        in_cohort: cohort_commune,
        at_home: home,
        in_household: household_commune,
        nowhere: None,
    }


def test_passing_again_keeps_a_valid_certificate_and_renews_one_about_to_expire(
    django_capture_on_commit_callbacks,
):
    course = course_with_final_check(months=12)
    person = learner()
    passed(person, course, django_capture_on_commit_callbacks)
    first = Certificate.objects.get()
    passed(person, course, django_capture_on_commit_callbacks)
    assert Certificate.objects.count() == 1  # still valid for a year: the same paper

    # 20 days before it expires, "learn it again" shows; passing again issues a new one.
    Certificate.objects.filter(pk=first.pk).update(
        expires_on=timezone.localdate() + datetime.timedelta(days=20)
    )
    passed(person, course, django_capture_on_commit_callbacks)
    assert Certificate.objects.count() == 2
    newest = Certificate.objects.order_by("-pk").first()
    assert newest.expires_on == services.add_months(timezone.localdate(), 12)


def test_passing_again_after_a_revocation_issues_a_new_certificate(
    final, django_capture_on_commit_callbacks
):
    person = learner()
    passed(person, final, django_capture_on_commit_callbacks)
    Certificate.objects.update(revoked_at=timezone.now(), revoke_reason="Thi hộ")
    passed(person, final, django_capture_on_commit_callbacks)
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_witnessed_procedure_with_its_course_issues_a_certificate_to_the_member(
    final, django_capture_on_commit_callbacks
):
    commune = CommuneFactory()
    village = Village.objects.create(commune=commune, name="Bản Phăng")
    house = Household.objects.create(
        commune=commune, village=village, code="P2", head_name="Vì Văn Sơn"
    )
    grandma = Member.objects.create(
        household=house, full_name="Vì Thị Mai", birth_year=1950, relation="parent"
    )
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    day = datetime.date(2026, 11, 20)
    with django_capture_on_commit_callbacks(execute=True):
        witness_member(member=grandma, user=official, procedure="Cài VNeID", observed_on=day)
        evidence = witness_member(
            member=grandma,
            user=official,
            procedure="Đăng nhập VNeID",
            observed_on=day,
            course=final,
        )
    certificate = Certificate.objects.get()  # the first, without a course, issued nothing
    assert (certificate.member, certificate.holder, certificate.holder_name) == (
        grandma,
        None,
        "Vì Thị Mai",
    )
    assert certificate.level == Level.WITNESSED and certificate.commune == commune
    assert certificate.issued_on == day and certificate.evidence == evidence
    assert services.issue_for_witnessed(evidence) == certificate
    assert Certificate.objects.count() == 1


# --- revoking ------------------------------------------------------------------------------


@pytest.fixture
def issued(final, django_capture_on_commit_callbacks):
    commune = CommuneFactory()
    passed(learner(home_commune=commune), final, django_capture_on_commit_callbacks)
    return Certificate.objects.get()


def test_nobody_but_the_communes_officials_and_its_provinces_administrators_revokes(issued):
    other_province = CommuneFactory(province__code="12", province__name="Tỉnh Lai Châu")
    outsiders = [
        UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=CommuneFactory()),
        UserFactory(role=Role.PROVINCE_ADMIN, home_commune=other_province),
        UserFactory(role=Role.TRAINER, home_commune=issued.commune),
        UserFactory(role=Role.AMBASSADOR, home_commune=issued.commune),
        issued.holder,
    ]
    for user in outsiders:
        with pytest.raises(PermissionDenied):
            services.revoke(certificate=issued, user=user, reason="Thi hộ")
    issued.refresh_from_db()
    assert issued.revoked_at is None and not AuditEvent.objects.exists()


def test_revoking_needs_a_reason_is_audited_and_is_refused_the_second_time(issued):
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=issued.commune)
    with pytest.raises(ValidationError):
        services.revoke(certificate=issued, user=official, reason="   ")
    services.revoke(certificate=issued, user=official, reason="Người khác thi hộ")
    issued.refresh_from_db()
    assert issued.status_on() == "revoked" and issued.revoked_by == official
    assert issued.revoke_reason == "Người khác thi hộ"
    event = AuditEvent.objects.get(action="certificates.revoke")
    assert (event.user, event.target) == (official, f"certificate:{issued.pk}")
    with pytest.raises(ValidationError):
        services.revoke(certificate=issued, user=official, reason="Lần nữa")
    assert AuditEvent.objects.filter(action="certificates.revoke").count() == 1


def test_an_administrator_of_the_province_revokes(issued):
    neighbour = CommuneFactory(province=issued.commune.province)
    admin = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=neighbour)
    services.revoke(certificate=issued, user=admin, reason="Sai tên")
    assert Certificate.objects.get().status_on() == "revoked"
