"""A trainer's login must never open someone else's account.

The attack that was found: invite the province administrator's phone number to one's own
cohort, print that member's login sheet, and log in with its QR code (or read the new
password the sheet shows)."""

import re
import time

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from accounts import sms
from accounts.roles import Role, assign_role
from accounts.services import login_token, user_for_login_token
from base.models import AuditEvent
from courses import services
from courses.selectors import cohort_members
from tests.factories import PASSWORD, UserFactory, learner, trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_admin():
    return UserFactory(role=Role.PROVINCE_ADMIN, phone="+84912000005", phone_verified=True)


def invite(client, cohort, phone):
    response = client.post(
        reverse("courses:member_invite", args=[cohort.pk]), {"phone": phone}, follow=True
    )
    assert response.status_code == 200
    messages = re.search(r'class="messages"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return messages.group(1)


def test_the_takeover_chain_is_closed(client, owner, cohort, province_admin):
    client.force_login(owner)
    invite(client, cohort, "0912000005")
    assert not cohort_members(cohort=cohort).filter(pk=province_admin.pk).exists()
    sheet = reverse("courses:login_sheet", args=[cohort.pk, province_admin.pk])
    assert client.get(sheet).status_code == 404
    assert client.post(sheet).status_code == 404
    province_admin.refresh_from_db()
    assert authenticate(username=province_admin.username, password=PASSWORD) == province_admin
    # Nor does the administrator see an invitation they could accept by mistake.
    client.force_login(province_admin)
    page = client.get(reverse("lessons:my_learning")).content.decode()
    assert 'data-testid="cohort-invitation"' not in page
    invitation = cohort.invitations.get()
    response = client.post(
        reverse("courses:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.status_code == 404
    assert not cohort_members(cohort=cohort).exists()


@pytest.mark.parametrize("role", [Role.TRAINER, Role.COMMUNE_OFFICIAL, Role.EDITOR])
def test_no_role_but_learner_can_join_by_invitation(owner, cohort, role):
    staff = UserFactory(role=role, phone="+84912000077", phone_verified=True)
    services.invite_by_phone(cohort=cohort, phone="+84912000077", trainer=owner)
    invitation = cohort.invitations.get()
    with pytest.raises(Exception):  # noqa: B017 - refused one way or another
        services.answer_invitation(invitation=invitation, user=staff, accept=True)
    assert not cohort_members(cohort=cohort).exists()


def test_only_the_numbers_verified_owner_can_answer(client, owner, cohort):
    learner(phone="+84912000088", phone_verified=True)
    squatter = learner(phone="+84912000089", phone_verified=False)
    services.invite_by_phone(cohort=cohort, phone="+84912000088", trainer=owner)
    invitation = cohort.invitations.get()
    client.force_login(squatter)
    response = client.post(
        reverse("courses:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.status_code == 404
    assert not cohort_members(cohort=cohort).exists()


def test_inviting_says_the_same_whether_the_number_has_an_account(
    client, owner, cohort, province_admin
):
    learner(phone="+84912000031", phone_verified=True)
    client.force_login(owner)
    said = {
        phone: invite(client, cohort, phone).replace(phone, "<số>")
        for phone in ("0912 000 031", "0912 000 005", "0912 000 032")
    }
    assert len(set(said.values())) == 1, said
    page = client.get(reverse("courses:cohort", args=[cohort.pk])).content.decode()
    listed = re.search(r'data-testid="invitations">(.*?)</ul>', page, re.S).group(1)
    assert listed.count("<li>") == 3  # the learner's, the staff's and the unknown number alike


def test_an_sms_goes_only_to_a_learner_who_verified_the_number(
    owner, cohort, province_admin, django_capture_on_commit_callbacks
):
    learner(phone="+84912000041", phone_verified=True)
    learner(phone="+84912000042", phone_verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        for phone in ("+84912000041", "+84912000042", "+84912000005", "+84912000043"):
            services.invite_by_phone(cohort=cohort, phone=phone, trainer=owner)
    assert [m["phone"] for m in sms.outbox] == ["+84912000041"]


def test_invitations_are_rate_limited_per_trainer(client, owner, cohort, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "cohort_invite": "2/h/user"}
    client.force_login(owner)
    for n in range(3):
        invite(client, cohort, f"0912 000 05{n}")
    assert cohort.invitations.count() == 2
    # Another trainer is not held back by the first one's invitations.
    other = trainer()
    other_cohort = services.create_cohort(
        trainer=other, course=cohort.course, name="Lớp khác", commune=cohort.commune
    )
    client.force_login(other)
    invite(client, other_cohort, "0912 000 059")
    assert other_cohort.invitations.count() == 1


def test_no_sheet_for_a_learner_who_logs_in_by_phone(client, owner, cohort):
    person = learner(phone="+84912000061", phone_verified=True)
    services.add_member(cohort=cohort, user=person)
    client.force_login(owner)
    page = client.get(reverse("courses:cohort", args=[cohort.pk])).content.decode()
    sheet = reverse("courses:login_sheet", args=[cohort.pk, person.pk])
    assert sheet not in page
    assert client.get(sheet).status_code == 404
    assert client.post(sheet).status_code == 404
    assert authenticate(username=person.username, password=PASSWORD) == person


def test_no_sheet_for_a_phoneless_account_made_for_another_cohort(client, owner, cohort, course):
    elsewhere = services.create_cohort(
        trainer=trainer(), course=course, name="Lớp xã khác", commune=cohort.commune
    )
    person, _password = services.create_member_without_phone(
        cohort=elsewhere, full_name="Vàng A Dê", trainer=elsewhere.trainers.get()
    )
    other_course_cohort = services.create_cohort(
        trainer=owner, course=_another_course(course), name="Lớp của tôi", commune=cohort.commune
    )
    services.add_member(cohort=other_course_cohort, user=person)
    client.force_login(owner)
    sheet = reverse("courses:login_sheet", args=[other_course_cohort.pk, person.pk])
    assert client.post(sheet).status_code == 404


def _another_course(course):
    from tests import factories

    return factories.course_with_lessons(title="Khoá khác", slug="khoa-khac")


def test_a_sheet_made_for_the_cohort_still_works(client, owner, cohort):
    client.force_login(owner)
    response = client.post(
        reverse("courses:member_create", args=[cohort.pk]), {"full_name": "Giàng Thị Mỷ"}
    )
    member = cohort_members(cohort=cohort).get()
    assert response.url == reverse("courses:login_sheet", args=[cohort.pk, member.pk])
    assert client.get(response.url).status_code == 200


def test_a_sheet_stops_opening_an_account_that_gains_a_role(owner, cohort):
    person, _password = services.create_member_without_phone(
        cohort=cohort, full_name="Sùng A Páo", trainer=owner
    )
    token = login_token(person)
    assert user_for_login_token(token) == person
    assign_role(person, Role.COMMUNE_OFFICIAL)
    assert user_for_login_token(token) is None


def test_qr_codes_expire(owner, cohort, settings, monkeypatch):
    settings.LOGIN_SHEET_DAYS = 30
    person, _password = services.create_member_without_phone(
        cohort=cohort, full_name="Mùa A Sình", trainer=owner
    )
    token = login_token(person)
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert user_for_login_token(token) is None


def test_qr_codes_are_voided_by_a_new_password(owner, cohort):
    person, _password = services.create_member_without_phone(
        cohort=cohort, full_name="Thào Thị Mai", trainer=owner
    )
    token = login_token(person)
    person.set_password("mot-mat-khau-moi-7")
    person.save()
    assert user_for_login_token(token) is None


def test_logging_in_by_qr_code_is_audited(client, owner, cohort):
    person, _password = services.create_member_without_phone(
        cohort=cohort, full_name="Lầu Thị Dua", trainer=owner
    )
    client.post(reverse("accounts:qr_login", args=[login_token(person)]))
    assert client.session["_auth_user_id"] == str(person.pk)
    event = AuditEvent.objects.get(action="account.qr_login")
    assert event.user == person
    assert event.target == f"user:{person.pk}"
