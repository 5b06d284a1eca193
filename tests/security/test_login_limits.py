"""Limits on failed logins and SMS codes key on the right thing: one person's mistakes never
lock out another, and a header a client writes never moves them."""

import pytest
from django.urls import reverse

from accounts import sms
from tests.factories import PASSWORD, learner

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def log_in(client, login, password, *, client_address, via_proxy=True):
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}
    if not via_proxy:
        extra = {"REMOTE_ADDR": client_address}
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def logged_in(response) -> bool:
    return response.status_code == 302


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"


def test_two_users_behind_one_proxy_do_not_lock_each_other_out(client, behind_proxy):
    clumsy = learner(username="vanghoa", phone="+84912000101", phone_verified=True)
    careful = learner(username="lothinga", phone="+84912000102", phone_verified=True)
    for _ in range(6):
        assert not logged_in(log_in(client, clumsy.username, "sai", client_address="203.0.113.5"))
    assert logged_in(log_in(client, careful.username, PASSWORD, client_address="203.0.113.9"))


def test_people_sharing_one_address_are_not_locked_out_by_one_persons_mistakes(client):
    clumsy = learner(username="vanghoa")
    careful = learner(username="lothinga")
    for _ in range(6):
        log_in(client, clumsy.username, "sai", client_address="198.51.100.7", via_proxy=False)
    response = log_in(
        client, careful.username, PASSWORD, client_address="198.51.100.7", via_proxy=False
    )
    assert logged_in(response)


def test_an_account_is_limited_however_its_number_is_typed(client):
    learner(phone="+84912000103", phone_verified=True)
    for n, typed in enumerate(["0912000103", "+84912000103", "84912000103", "0912 000 103"] * 2):
        log_in(client, typed, "sai", client_address=f"203.0.113.{n + 1}", via_proxy=False)
    response = log_in(
        client, "0912000103", PASSWORD, client_address="203.0.113.99", via_proxy=False
    )
    assert not logged_in(response)
    assert "nhập sai quá nhiều lần" in response.content.decode()


def test_a_forwarded_header_from_an_untrusted_client_is_ignored(client, settings):
    settings.TRUSTED_PROXIES = []
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/ip"}
    careful = learner(username="lothinga")
    for n in range(3):
        log_in(client, f"nobody{n}", "sai", client_address=f"203.0.113.{n}")  # from PROXY
    # The attacker's invented addresses did not spread the count: their own address is limited.
    response = log_in(client, careful.username, PASSWORD, client_address="203.0.113.50")
    assert not logged_in(response)


def test_a_forged_hop_before_the_proxys_own_is_ignored(client, behind_proxy, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/ip"}
    careful = learner(username="lothinga")
    for n in range(3):
        # The client wrote the first hop; the proxy appended the address it really saw.
        log_in(client, f"nobody{n}", "sai", client_address=f"192.0.2.{n}, 203.0.113.77")
    response = log_in(client, careful.username, PASSWORD, client_address="203.0.113.77")
    assert not logged_in(response)
    assert logged_in(log_in(client, careful.username, PASSWORD, client_address="203.0.113.78"))


def test_the_limit_page_is_in_vietnamese(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    form = {"username": "nguoimoi", "password1": "mat-khau-rat-dai-1", "password2": "x"}
    client.post(reverse("account_signup"), form)
    response = client.post(reverse("account_signup"), form)
    assert response.status_code == 429
    page = response.content.decode()
    assert 'data-testid="too-many-requests"' in page
    assert "Thử quá nhiều lần" in page


def signup(client, phone, address):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": "Người mới",
            "phone": phone,
            "password1": "mat-khau-rat-dai-1",
            "password2": "mat-khau-rat-dai-1",
            "preferred_language": "vi",
        },
        REMOTE_ADDR=address,
    )


def test_no_sms_to_a_number_that_already_has_a_verified_account(client):
    learner(phone="+84912000104", phone_verified=True)
    signup(client, "0912000104", "203.0.113.10")
    assert sms.outbox == []


def test_signup_codes_to_one_number_are_limited_whatever_the_address(client):
    for n in range(6):
        client.logout()
        response = signup(client, "0912000105", f"203.0.113.{20 + n}")
        assert response.status_code in (200, 302, 429)
    assert 1 <= len([m for m in sms.outbox if m["phone"] == "+84912000105"]) <= 3
