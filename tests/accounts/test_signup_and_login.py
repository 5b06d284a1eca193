import re

import pytest
from django.urls import reverse

from accounts import sms
from accounts.models import User
from accounts.roles import Role, has_role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signup(client, **fields):
    data = {
        "password1": "mat-khau-rat-dai-1",
        "password2": "mat-khau-rat-dai-1",
        "preferred_language": "vi",
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def sms_code() -> str:
    return re.search(r"(\w+)\s*$", sms.outbox[-1]["message"]).group(1)


def test_signup_with_a_phone_and_no_email_sends_a_code_then_logs_in(client):
    response = signup(client, phone="0912 345 678", first_name="Lò Thị Xuân")
    assert response.status_code == 302
    user = User.objects.get()
    assert str(user.phone) == "+84912345678"
    assert user.email == ""
    assert not user.phone_verified
    assert sms.outbox[-1]["phone"] == "+84912345678"
    assert "mã xác minh" in sms.outbox[-1]["message"]

    response = client.post(response.url, {"code": sms_code()})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert has_role(user, Role.LEARNER)
    assert client.get(reverse("lessons:my_learning")).status_code == 200


def test_wrong_verification_code_is_refused(client):
    response = signup(client, phone="0912345678")
    response = client.post(response.url, {"code": "000000" if sms_code() != "000000" else "1"})
    assert response.status_code == 200
    assert "Mã chưa đúng" in response.content.decode()
    assert not User.objects.get().phone_verified


def test_signup_with_only_a_username(client):
    response = signup(client, username="hoangmai", preferred_language="en")
    assert response.status_code == 302
    user = User.objects.get(username="hoangmai")
    assert user.phone is None
    assert user.preferred_language == "en"
    assert sms.outbox == []
    # Lands in the language chosen at signup.
    assert response.url.startswith("/en/")


def test_signup_needs_a_phone_or_a_username(client):
    response = signup(client)
    assert response.status_code == 200
    assert "Hãy nhập số điện thoại hoặc tên đăng nhập" in response.content.decode()
    assert not User.objects.exists()


def test_wrong_phone_number_gets_a_translated_error_and_keeps_the_rest(client):
    response = signup(client, phone="12345", first_name="Quàng Văn Nam")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Số điện thoại chưa đúng" in html
    assert 'value="Quàng Văn Nam"' in html
    assert not User.objects.exists()


def test_a_phone_number_can_be_registered_only_once_and_its_owner_is_told_by_sms(client):
    UserFactory(phone="+84912345678", preferred_language="vi")
    response = signup(client, phone="0912345678", first_name="Người Khác")
    # The page does not reveal whether the number is registered...
    assert response.status_code == 302
    assert User.objects.count() == 1
    # ...but the number's owner is told, in their language.
    assert sms.outbox[-1]["phone"] == "+84912345678"
    assert "đã có tài khoản" in sms.outbox[-1]["message"]


@pytest.mark.parametrize("login", ["0912345678", "+84 912 345 678", "hoa"])
def test_login_by_phone_as_typed_or_by_username(client, login):
    UserFactory(username="hoa", phone="+84912345678", phone_verified=True)
    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("lessons:my_learning")).status_code == 200


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(username="hoa")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "hoa", "password": "sai"})
    response = client.post(reverse("account_login"), {"login": "hoa", "password": PASSWORD})
    assert "quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_choosing_a_language_is_remembered_on_the_account(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:choose_language"), {"language": "en", "next": "/hoc-tap/"}
    )
    assert response.url == "/en/hoc-tap/"
    user.refresh_from_db()
    assert user.preferred_language == "en"
