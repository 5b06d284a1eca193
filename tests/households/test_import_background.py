"""A large confirmed import is written by the task worker; the page follows it and ends on
the same result, all or nothing, as a small one."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from base.models import AuditEvent
from households import importing
from households.models import Household, Member
from places.models import Village
from tests.factories import CommuneFactory, UserFactory

from .test_import import ROWS, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    # Three rows count as "large" here, so the test file goes to the background.
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 2)


@pytest.fixture
def official(commune):
    for name in ("Bản Co Sủ", "Bản Nà Nọ"):
        Village.objects.create(commune=commune, name=name)
    return UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)


def checked(client, commune, rows=ROWS):
    url = reverse("households:import", args=[commune.code])
    preview = client.post(url, {"file": csv_file(rows)}).context["preview"]
    return url, {"token": preview.token, "digest": preview.digest}


def test_a_large_file_is_written_in_the_background_and_the_page_follows_it(
    client, commune, official, django_capture_on_commit_callbacks
):
    client.force_login(official)
    url, confirmation = checked(client, commune)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url, confirmation)
    status_url = reverse("households:import_job", args=[commune.code, confirmation["token"]])
    assert (response.status_code, response.url) == (302, status_url)
    assert len(queued) == 1 and not Household.objects.exists()

    waiting = client.get(status_url)
    html = waiting.content.decode()
    assert 'data-testid="import-working"' in html and 'http-equiv="refresh"' in html

    queued[0]()  # the worker runs the task (the test backend runs it at once)
    done = client.get(status_url)
    html = done.content.decode()
    assert 'data-testid="import-result"' in html and 'http-equiv="refresh"' not in html
    assert done.context["result"].households_created == 2
    assert (Household.objects.count(), Member.objects.count()) == (2, 3)
    assert AuditEvent.objects.filter(action="households.import", user=official).count() == 1


def test_confirming_twice_queues_the_import_once(
    client, commune, official, django_capture_on_commit_callbacks
):
    client.force_login(official)
    url, confirmation = checked(client, commune)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        client.post(url, confirmation)
        client.post(url, confirmation)
    assert len(queued) == 1
    assert Member.objects.count() == 3


def test_a_background_import_finding_the_households_changed_writes_nothing_and_shows_why(
    client, commune, official, django_capture_on_commit_callbacks
):
    client.force_login(official)
    url, confirmation = checked(client, commune)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(url, confirmation)
    # Meanwhile someone else imports one of the same households.
    importing.import_households(upload=csv_file(ROWS[:2]), commune=commune, user=official)
    queued[0]()
    page = client.get(reverse("households:import_job", args=[commune.code, confirmation["token"]]))
    html = page.content.decode()
    assert 'data-testid="import-changed-meanwhile"' in html
    assert f'action="{url}"' in html  # the new preview is confirmed on the import page
    assert Household.objects.count() == 1  # nothing of the background import stayed

    # Confirming the new preview imports what the file changes now.
    again = {"token": confirmation["token"], "digest": page.context["preview"].digest}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, again).status_code == 302
    page = client.get(reverse("households:import_job", args=[commune.code, confirmation["token"]]))
    assert page.context["result"].households_created == 1
    assert (Household.objects.count(), Member.objects.count()) == (2, 3)


def test_nobody_else_follows_someone_elses_import(
    client, commune, official, django_capture_on_commit_callbacks
):
    client.force_login(official)
    url, confirmation = checked(client, commune)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, confirmation)
    status_url = reverse("households:import_job", args=[commune.code, confirmation["token"]])
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune))
    assert client.get(status_url).status_code == 404
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=CommuneFactory()))
    assert client.get(status_url).status_code == 404


def test_a_small_file_is_still_written_at_once(client, commune, official, monkeypatch):
    monkeypatch.setattr(importing, "BACKGROUND_ROWS", 2_000)
    client.force_login(official)
    url, confirmation = checked(client, commune)
    response = client.post(url, confirmation)
    assert response.status_code == 200 and response.context["result"].members_created == 3
