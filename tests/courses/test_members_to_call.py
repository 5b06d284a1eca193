"""Members who stopped coming are listed on the cohort page, to call or to text once a day."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from base.models import AuditEvent
from courses import services
from courses.selectors import members_to_call
from tests.factories import learner, trainer

pytestmark = pytest.mark.django_db


def _held(cohort, owner, *present_sets, days_ago=10):
    """Sessions held one day apart, oldest first, each with who came."""
    sessions = []
    for n, present in enumerate(present_sets):
        starts = timezone.now() - timedelta(days=days_ago - n)
        session = services.schedule_session(cohort=cohort, starts_at=starts)
        services.record_attendance(
            session=session, present_user_ids={p.pk for p in present}, recorded_by=owner
        )
        sessions.append(session)
    return sessions


def _member(cohort, **fields):
    person = learner(**fields)
    services.add_member(cohort=cohort, user=person)
    return person


def test_who_missed_the_last_two_sessions_in_a_row_is_to_call(owner, cohort):
    steady = _member(cohort, first_name="Chăm Chỉ")
    gone = _member(cohort, first_name="Vắng Hai")
    once = _member(cohort, first_name="Vắng Một")
    back = _member(cohort, first_name="Quay Lại")
    never = _member(cohort, first_name="Chưa Đến")
    _held(
        cohort,
        owner,
        {steady, gone, once, back},
        {steady, once},
        {steady, once},
        {steady, back},
    )
    rows = {row.member: row for row in members_to_call(cohort=cohort)}
    # Never came (4 missed) first, then the one who stopped after the first session.
    assert list(rows) == [never, gone]
    assert rows[never].missed == 4 and rows[never].last_present is None
    assert rows[gone].missed == 3
    assert rows[gone].last_present == cohort.sessions.order_by("starts_at").first().starts_at


def test_sessions_to_come_and_sessions_before_joining_do_not_count(owner, cohort):
    early = _member(cohort)
    _held(cohort, owner, {early}, {early})
    late = _member(cohort)  # joined after two sessions without them
    _held(cohort, owner, {early, late}, days_ago=3)
    future = services.schedule_session(cohort=cohort, starts_at=timezone.now() + timedelta(days=2))
    services.record_attendance(session=future, present_user_ids=set(), recorded_by=owner)
    # A session held but whose attendance was not taken yet is not counted either.
    services.schedule_session(cohort=cohort, starts_at=timezone.now() - timedelta(hours=1))
    assert members_to_call(cohort=cohort) == []
    _held(cohort, owner, {early}, set(), days_ago=2)
    assert [row.member for row in members_to_call(cohort=cohort)] == [late]


def test_a_reminder_names_the_cohort_and_the_next_session_and_is_logged(
    owner, cohort, django_capture_on_commit_callbacks
):
    person = _member(cohort, phone="+84912000111", phone_verified=True)
    starts = timezone.localtime().replace(hour=19, minute=30) + timedelta(days=2)
    services.schedule_session(cohort=cohort, starts_at=starts, place="Nhà bác Páo")
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_member(cohort=cohort, member=person, trainer=owner)
    [sent] = sms.outbox
    assert sent["phone"] == "+84912000111"
    assert "Lớp bản Phăng" in sent["message"]
    assert "19:30" in sent["message"] and f"{starts:%d/%m}" in sent["message"]
    assert "Nhà bác Páo" in sent["message"]
    event = AuditEvent.objects.get(action="cohort.reminder")
    assert (event.user, event.target, event.detail) == (
        owner,
        f"user:{person.pk}",
        {"cohort": cohort.pk},
    )


def test_without_a_next_session_the_reminder_says_to_ask_the_trainer(
    owner, cohort, django_capture_on_commit_callbacks
):
    person = _member(cohort, phone="+84912000111", phone_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_member(cohort=cohort, member=person, trainer=owner)
    assert "Lớp bản Phăng" in sms.outbox[0]["message"]
    assert re.search("người hướng dẫn|trainer", sms.outbox[0]["message"])


def test_a_member_is_reminded_at_most_once_a_day(
    owner, cohort, course, commune, django_capture_on_commit_callbacks
):
    person = _member(cohort, phone="+84912000111", phone_verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_member(cohort=cohort, member=person, trainer=owner)
        with pytest.raises(ValidationError, match="(?i)hôm nay|today"):
            services.remind_member(cohort=cohort, member=person, trainer=owner)
    assert len(sms.outbox) == 1
    assert AuditEvent.objects.filter(action="cohort.reminder").count() == 1
    # A day later, they may be reminded again.
    AuditEvent.objects.filter(action="cohort.reminder").update(
        at=timezone.now() - timedelta(days=1, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_member(cohort=cohort, member=person, trainer=owner)
    assert len(sms.outbox) == 2


def test_only_members_of_the_cohort_with_a_verified_phone_are_texted(
    owner, cohort, course, commune
):
    stranger = learner(phone="+84912000222", phone_verified=True)
    with pytest.raises(PermissionDenied):
        services.remind_member(cohort=cohort, member=stranger, trainer=owner)
    unverified = _member(cohort, phone="+84912000333", phone_verified=False)
    no_phone = _member(cohort)
    for person in (unverified, no_phone):
        with pytest.raises(ValidationError):
            services.remind_member(cohort=cohort, member=person, trainer=owner)
    assert sms.outbox == []
    assert not AuditEvent.objects.filter(action="cohort.reminder").exists()


def test_another_trainer_or_a_learner_cannot_send_a_reminder(
    client, owner, cohort, django_capture_on_commit_callbacks
):
    person = _member(cohort, phone="+84912000111", phone_verified=True)
    url = reverse("courses:member_remind", args=[cohort.pk, person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(trainer())
        assert client.post(url).status_code == 404
        client.force_login(person)
        assert client.post(url).status_code == 403
        # The cohort's own trainer cannot text someone outside it through their cohort.
        outsider = learner(phone="+84912000222", phone_verified=True)
        client.force_login(owner)
        assert (
            client.post(reverse("courses:member_remind", args=[cohort.pk, outsider.pk])).status_code
            == 404
        )
    assert sms.outbox == []


def test_the_cohort_page_lists_members_to_call_with_a_way_to_reach_each(
    client, owner, cohort, django_capture_on_commit_callbacks
):
    texted = _member(cohort, first_name="Lò Văn Pâng", phone="+84912000111", phone_verified=True)
    _member(cohort, first_name="Giàng Thị Mỷ")
    came = _member(cohort, first_name="Chăm Chỉ")
    _held(cohort, owner, {came}, {came})
    client.force_login(owner)
    page = client.get(reverse("courses:cohort", args=[cohort.pk])).content.decode()
    listed = page.split('data-testid="members-to-call"')[1].split("</ul>")[0]
    assert "Lò Văn Pâng" in listed and "Giàng Thị Mỷ" in listed
    assert "Chăm Chỉ" not in listed
    assert 'href="tel:+84-912-000-111"' in listed
    assert listed.count('data-testid="send-reminder"') == 1
    assert listed.count('data-testid="no-phone"') == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("courses:member_remind", args=[cohort.pk, texted.pk]), follow=True
        )
        again = client.post(
            reverse("courses:member_remind", args=[cohort.pk, texted.pk]), follow=True
        )
    assert "Lò Văn Pâng" in response.content.decode()
    assert len(sms.outbox) == 1
    page = again.content.decode()
    assert 'data-testid="reminded"' in page
    assert 'data-testid="send-reminder"' not in page
