"""A learner who forgot their password gets back in on a small phone: a code by SMS, then a
new password. Screenshots to look at are kept in var/screenshots/reset/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import sms
from tests.factories import UserFactory, wagtail_basics

SHOTS = Path("var/screenshots/reset")


@pytest.fixture(autouse=True)
def _login_by_code_enabled():
    if not getattr(settings, "ACCOUNT_LOGIN_BY_CODE_ENABLED", False):
        pytest.fail("needs ACCOUNT_LOGIN_BY_CODE_ENABLED and ACCOUNT_FORMS (see accounts/forms.py)")


def test_forgot_password_code_by_sms_then_a_new_password(live_server, page, transactional_db):
    SHOTS.mkdir(parents=True, exist_ok=True)
    wagtail_basics()  # "My learning", where the learner lands
    UserFactory(username="lothixuan", phone="+84912345678", phone_verified=True)
    UserFactory(username="giangthimy")  # no phone: her trainer prints her login sheet

    page.goto(live_server.url + "/accounts/login/")
    page.screenshot(path=f"{SHOTS}/0-login.png", full_page=True)
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("giangthimy")
    page.get_by_test_id("request-code").click()
    expect(page.get_by_test_id("ask-trainer")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/1-no-phone-ask-the-trainer.png", full_page=True)
    assert sms.outbox == []

    page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("0912 345 678")
    page.screenshot(path=f"{SHOTS}/2-phone-number.png", full_page=True)
    page.get_by_test_id("request-code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã đăng nhập")
    expect(page.get_by_role("main")).to_contain_text("•••678")
    page.screenshot(path=f"{SHOTS}/3-code-sent.png", full_page=True)

    code = re.search(r"(\d{6})", sms.outbox[-1]["message"]).group(1)
    page.get_by_label("Mã").fill(code)
    page.get_by_role("main").get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_test_id("new-password-after-code")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/4-new-password.png", full_page=True)

    page.get_by_label(re.compile(r"^Mật khẩu mới")).fill("mat-khau-moi-rat-dai-7")
    page.get_by_label("Nhập lại mật khẩu mới").fill("mat-khau-moi-rat-dai-7")
    page.get_by_test_id("change-password").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã đổi mật khẩu")
    expect(page.get_by_test_id("nav-my-learning")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/5-back-in.png", full_page=True)
    # Nothing overflows sideways on a 360-pixel screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
