"""The notice on a person's pages, its buttons, and the reminders page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from reminders.models import OptOut, Reminder
from reminders.services import send_reminders
from tests.factories import learner, site_home

from .world import NOW, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(cohort):
    person = member(cohort)
    send_reminders(now=NOW)
    return person, Reminder.objects.get(user=person)


def test_a_learner_sees_their_reminder_at_the_top_of_their_pages(client, reminded, lessons):
    person, reminder = reminded
    client.force_login(person)

    page = client.get(reverse("lessons:my_learning")).content.decode()

    assert 'data-testid="reminder-notice"' in page
    assert reminder.message in page
    assert f'href="{lessons[0].get_url()}"' in page
    assert "reminders/reminders.css" in page


def test_a_visitor_gets_no_notice_and_costs_no_query(client, reminded, django_assert_num_queries):
    site_home()
    assert 'data-testid="reminder-notice"' not in client.get("/").content.decode()

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        html = Template("{% load reminders %}{% reminder_notice %}").render(
            Context({"request": request})
        )
    assert html.strip() == ""


def test_the_notice_costs_one_query(reminded, django_assert_num_queries):
    person, _reminder = reminded
    request = RequestFactory().get("/hoc-tap/")
    request.user = person
    with django_assert_num_queries(1):
        html = Template("{% load reminders %}{% reminder_notice %}").render(
            Context({"request": request})
        )
    assert "reminder-notice" in html


def test_closing_the_notice_hides_it_and_returns_to_the_page(client, reminded):
    person, reminder = reminded
    client.force_login(person)
    back = reverse("lessons:my_learning")

    answer = client.post(reverse("reminders:close", args=[reminder.pk]), {"next": back})

    assert answer.status_code == 302 and answer["Location"] == back
    reminder.refresh_from_db()
    assert reminder.closed_at is not None
    assert 'data-testid="reminder-notice"' not in client.get(back).content.decode()
    # Still listed on the reminders page: it is the record of what was sent.
    assert reminder.message in client.get(reverse("reminders:mine")).content.decode()


def test_closing_does_not_send_anyone_elsewhere(client, reminded):
    person, reminder = reminded
    client.force_login(person)
    answer = client.post(
        reverse("reminders:close", args=[reminder.pk]), {"next": "https://evil.example/"}
    )
    assert answer["Location"] == reverse("reminders:mine")


def test_nobody_can_close_or_see_another_persons_reminder(client, reminded):
    _person, reminder = reminded
    intruder = learner()
    client.force_login(intruder)

    assert client.post(reverse("reminders:close", args=[reminder.pk])).status_code == 404
    assert client.get(reverse("reminders:close", args=[reminder.pk])).status_code == 405
    reminder.refresh_from_db()
    assert reminder.closed_at is None
    assert reminder.message not in client.get(reverse("reminders:mine")).content.decode()
    assert reminder.message not in client.get(reverse("lessons:my_learning")).content.decode()


def test_a_visitor_is_sent_to_log_in(client, reminded):
    _person, reminder = reminded
    for answer in (
        client.get(reverse("reminders:mine")),
        client.post(reverse("reminders:close", args=[reminder.pk])),
        client.post(reverse("reminders:opt_out")),
    ):
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert not OptOut.objects.exists()


def test_do_not_remind_me_again_turns_them_off_with_a_way_back(client, reminded):
    person, _reminder = reminded
    client.force_login(person)

    answer = client.post(reverse("reminders:opt_out"), follow=True)

    page = answer.content.decode()
    assert answer.redirect_chain[-1][0] == reverse("reminders:mine")
    assert OptOut.objects.filter(user=person).exists()
    assert "Bạn sẽ không nhận nhắc nhở nữa" in page or "no more reminders" in page
    assert 'data-testid="reminders-on"' in page
    assert 'data-testid="reminder-notice"' not in page

    client.post(reverse("reminders:opt_in"))
    assert not OptOut.objects.filter(user=person).exists()


def test_the_address_in_the_sms_asks_before_turning_reminders_off(client, reminded):
    person, _reminder = reminded
    client.force_login(person)

    page = client.get(reverse("reminders:opt_out"))

    assert page.status_code == 200
    assert 'data-testid="reminders-off"' in page.content.decode()
    assert not OptOut.objects.exists()
