"""Printing every login sheet of a cohort at once: one POST that renews each phone-less
member's sheet and voids the ones printed before, for that cohort's trainers only."""

import re

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from accounts.services import login_token, user_for_login_token
from base.models import AuditEvent
from courses import services
from tests.factories import PASSWORD, learner, trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet_people(owner, cohort):
    return [
        services.create_member_without_phone(cohort=cohort, full_name=name, trainer=owner)[0]
        for name in ("Giàng Thị Mỷ", "Vàng A Dê")
    ]


@pytest.fixture
def with_phone(cohort):
    person = learner(first_name="Lò Văn Pâng", phone="+84912000111", phone_verified=True)
    services.add_member(cohort=cohort, user=person)
    return person


def _keys(users):
    for user in users:
        user.refresh_from_db()
    return {user.pk: (user.login_key, user.password) for user in users}


def test_nobody_but_the_cohorts_trainer_can_print_or_void_its_sheets(
    client, cohort, sheet_people, with_phone
):
    url = reverse("courses:login_sheets", args=[cohort.pk])
    tokens = [login_token(person) for person in sheet_people]
    before = _keys([*sheet_people, with_phone])

    client.force_login(trainer())
    assert client.post(url).status_code == 404
    client.force_login(sheet_people[0])
    assert client.post(url).status_code == 403
    client.force_login(with_phone)
    assert client.post(url).status_code == 403
    client.logout()
    anonymous = client.post(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))

    assert _keys([*sheet_people, with_phone]) == before
    assert [user_for_login_token(token) for token in tokens] == sheet_people
    assert not AuditEvent.objects.filter(action="cohort.login_sheets").exists()


def test_a_link_cannot_renew_the_sheets(client, owner, cohort, sheet_people):
    client.force_login(owner)
    before = _keys(sheet_people)
    assert client.get(reverse("courses:login_sheets", args=[cohort.pk])).status_code == 405
    assert _keys(sheet_people) == before


def test_the_trainer_gets_every_sheet_member_once_and_older_sheets_stop_working(
    client, owner, cohort, sheet_people, with_phone
):
    old_tokens = [login_token(person) for person in sheet_people]
    client.force_login(owner)
    response = client.post(reverse("courses:login_sheets", args=[cohort.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()

    assert page.count('data-testid="sheet-card"') == 2
    for person in sheet_people:
        assert page.count(f'data-testid="sheet-username">{person.username}<') == 1
        assert person.display_name in page
    # Someone who logs in by phone never gets a sheet.
    assert with_phone.username not in page
    assert authenticate(username=with_phone.username, password=PASSWORD) == with_phone

    assert [user_for_login_token(token) for token in old_tokens] == [None, None]
    passwords = re.findall(r'data-testid="sheet-password">([^<]+)<', page)
    assert len(passwords) == 2
    for person, password in zip(sheet_people, passwords, strict=True):
        assert authenticate(username=person.username, password=password) == person
        person.refresh_from_db()
        assert user_for_login_token(login_token(person)) == person
    assert page.count("<svg viewBox=") == 2  # the QR codes, scalable to fit a card

    event = AuditEvent.objects.get(action="cohort.login_sheets")
    assert event.user == owner
    assert event.target == f"cohort:{cohort.pk}"
    assert sorted(event.detail["members"]) == sorted(p.pk for p in sheet_people)


def test_the_print_button_shows_only_when_someone_has_a_sheet(client, owner, cohort, with_phone):
    client.force_login(owner)
    page = client.get(reverse("courses:cohort", args=[cohort.pk])).content.decode()
    assert 'data-testid="print-all-sheets"' not in page
    services.create_member_without_phone(cohort=cohort, full_name="Giàng Thị Mỷ", trainer=owner)
    page = client.get(reverse("courses:cohort", args=[cohort.pk])).content.decode()
    assert 'data-testid="print-all-sheets"' in page
    assert reverse("courses:login_sheets", args=[cohort.pk]) in page
