"""Getting back in without e-mail: a sign-in code by SMS to the account's phone, then a new
password; without a phone, the trainer prints a new login sheet."""

import re

import pytest
from allauth.account import app_settings as allauth_settings
from django.conf import settings
from django.urls import reverse

from accounts import sms
from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "mat-khau-moi-rat-dai-7"


@pytest.fixture(autouse=True)
def _login_by_code_enabled():
    if not getattr(settings, "ACCOUNT_LOGIN_BY_CODE_ENABLED", False):
        pytest.fail("needs ACCOUNT_LOGIN_BY_CODE_ENABLED and ACCOUNT_FORMS (see accounts/forms.py)")


@pytest.fixture
def xuan():
    return UserFactory(
        username="lothixuan", first_name="Lò Thị Xuân", phone="+84912345678", phone_verified=True
    )


def main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def forgot_password_url(client) -> str:
    """The "forgot password" link of the login page."""
    link = re.search(
        r'href="([^"]+)" data-testid="forgot-password"', main(client.get("/accounts/login/"))
    )
    return link.group(1).replace("&amp;", "&")


def sms_code() -> str:
    return re.search(r"(\d{6})", sms.outbox[-1]["message"]).group(1)


def ask_for_a_code(client, login, url=None):
    return client.post(url or forgot_password_url(client), {"login": login})


def test_forgot_password_then_phone_then_code_by_sms_then_a_new_password(client, xuan):
    page = client.get(forgot_password_url(client))
    assert "Gửi mã đăng nhập cho tôi" in main(page)

    response = ask_for_a_code(client, "0912 345 678")
    assert response.status_code == 302
    assert [m["phone"] for m in sms.outbox] == ["+84912345678"]
    page = main(client.get(response.url))
    assert "Nhập mã đăng nhập" in page
    assert "Chúng tôi đã gửi mã đến •••678." in page
    assert 'inputmode="numeric"' in page  # the digits keypad

    response = client.post(response.url, {"code": sms_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(xuan.pk)
    assert response.url == reverse("account_change_password")

    page = main(client.get(response.url))
    assert 'data-testid="new-password-after-code"' in page
    assert 'name="oldpassword"' not in page
    response = client.post(
        reverse("account_change_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.url == reverse("lessons:my_learning")
    xuan.refresh_from_db()
    assert xuan.check_password(NEW_PASSWORD) and not xuan.check_password(PASSWORD)

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "0912345678", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(xuan.pk)


def test_a_username_gets_the_code_on_its_phone_without_showing_the_number(client, xuan):
    response = ask_for_a_code(client, "LoThiXuan")
    assert response.status_code == 302
    assert [m["phone"] for m in sms.outbox] == ["+84912345678"]
    page = main(client.get(response.url))
    assert "•••678" in page
    assert "912345678" not in page and "912 345 678" not in page


@pytest.mark.parametrize("login", ["hoangmai", "nobody-has-this-name"])
def test_a_username_without_a_phone_is_told_to_ask_their_trainer(client, login):
    UserFactory(username="hoangmai")
    response = ask_for_a_code(client, login)
    assert response.status_code == 200
    assert 'data-testid="ask-trainer"' in main(response)
    assert sms.outbox == []


def test_an_unknown_number_gets_the_same_next_step_and_no_sms(client, xuan):
    response = ask_for_a_code(client, "0987 654 321")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_confirm_login_code"))
    assert sms.outbox == []


@pytest.mark.parametrize("login", ["0912 000 003", "taphuan"])
def test_a_trainers_account_is_never_opened_by_an_sms_code(client, login):
    UserFactory(username="taphuan", phone="+84912000003", phone_verified=True, role=Role.TRAINER)
    response = ask_for_a_code(client, login)
    # The same next page as for any number, so it tells nothing; but no code is sent.
    assert response.status_code == 302
    assert sms.outbox == []


def test_wrong_codes_are_limited_and_then_even_the_right_one_is_refused(client, xuan):
    confirm = ask_for_a_code(client, "0912345678").url
    right = sms_code()
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(allauth_settings.LOGIN_BY_CODE_MAX_ATTEMPTS - 1):
        page = main(client.post(confirm, {"code": wrong}))
        assert "Mã chưa đúng." in page
    response = client.post(confirm, {"code": wrong})
    assert response.status_code == 302
    assert "Bạn đã nhập sai quá nhiều lần" in main(client.get(response.url))

    response = client.post(confirm, {"code": right})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and not response.url.startswith(
        reverse("lessons:my_learning")
    )


def test_asking_for_codes_is_rate_limited_per_number_however_it_is_typed(client, xuan):
    for login in ["0912345678", "+84 912 345 678", "lothixuan"]:
        assert ask_for_a_code(client, login).status_code == 302
        client.post(reverse("account_logout"))  # "Cancel" on the code page: ask again
    response = ask_for_a_code(client, "84912345678")
    assert response.status_code == 200
    assert "Bạn đã nhập sai quá nhiều lần" in main(response)
    assert len(sms.outbox) == 3


def test_signed_in_with_a_password_the_old_password_is_still_needed(client, xuan):
    client.post(reverse("account_login"), {"login": "lothixuan", "password": PASSWORD})
    page = main(client.get(reverse("account_change_password")))
    assert 'name="oldpassword"' in page
    assert 'data-testid="new-password-after-code"' not in page
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "khong-phai", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Hãy nhập mật khẩu hiện tại." in main(response)
    xuan.refresh_from_db()
    assert xuan.check_password(PASSWORD)


def test_the_old_email_reset_page_offers_the_phone_path_instead(client):
    page = main(client.get(reverse("account_reset_password")))
    assert "Quên mật khẩu?" in page
    assert 'type="email"' not in page
    assert 'data-testid="forgot-password"' in page and 'data-testid="no-phone-hint"' in page
