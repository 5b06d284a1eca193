import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from accounts.services import (
    create_account_without_phone,
    login_token,
    renew_login_sheet,
    user_for_login_token,
)

pytestmark = pytest.mark.django_db


def test_account_without_phone_gets_a_readable_username_and_working_password():
    user, password = create_account_without_phone(full_name="Lường Văn Đức")
    assert user.username.startswith("luongvanduc")
    assert user.phone is None
    assert authenticate(username=user.username, password=password) == user


def test_two_people_with_the_same_name_get_different_usernames():
    first, _ = create_account_without_phone(full_name="Lò Văn Thanh")
    second, _ = create_account_without_phone(full_name="Lò Văn Thanh")
    assert first.username != second.username


def test_qr_code_logs_in_with_a_post(client):
    user, _ = create_account_without_phone(full_name="Cà Thị Ún")
    url = reverse("accounts:qr_login", args=[login_token(user)])
    page = client.get(url)
    assert "Xin chào, Cà Thị Ún" in page.content.decode()
    assert "_auth_user_id" not in client.session  # a GET alone logs nobody in
    response = client.post(url)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_new_sheet_voids_the_old_qr_code_and_password(client):
    user, old_password = create_account_without_phone(full_name="Tòng Văn Pánh")
    old_token = login_token(user)
    new_password = renew_login_sheet(user=user)
    assert user_for_login_token(old_token) is None
    assert authenticate(username=user.username, password=old_password) is None
    assert authenticate(username=user.username, password=new_password) == user
    response = client.post(reverse("accounts:qr_login", args=[old_token]))
    assert response.status_code == 400
    assert "không còn dùng được" in response.content.decode()


def test_a_forged_token_is_refused():
    assert user_for_login_token("not-a-token") is None
