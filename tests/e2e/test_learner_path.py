import re

import pytest
from playwright.sync_api import expect

from accounts import sms
from accounts.models import User
from tests.factories import course_with_lessons


@pytest.fixture
def site(transactional_db):
    return course_with_lessons(title="Tài khoản định danh VNeID", slug="vneid", lessons=3)


def test_citizen_signs_up_by_phone_enrols_and_finishes_a_lesson(live_server, page, site):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đăng ký").first.click()

    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Họ và tên").fill("Lò Thị Xuân")
    page.locator("#id_password1").fill("mat-khau-rat-dai-1")
    page.locator("#id_password2").fill("mat-khau-rat-dai-1")
    page.get_by_role("main").get_by_role("button", name="Đăng ký").click()

    # The code arrives by SMS (the test backend keeps it in memory).
    expect(page.locator("input[name=code]")).to_be_visible()
    code = re.search(r"(\d{6})", sms.outbox[-1]["message"]).group(1)
    page.locator("input[name=code]").fill(code)
    page.get_by_role("main").get_by_role("button").first.click()
    expect(page).not_to_have_url(re.compile(r"/phone/verify/"))
    assert User.objects.get(phone="+84912345678").phone_verified

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Tài khoản định danh VNeID").click()
    page.get_by_test_id("enrol").click()

    # Enrolling opens the first lesson.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản định danh VNeID bài 1")
    bar = page.get_by_test_id("course-progress").locator("progress")
    expect(bar).to_have_attribute("value", "0")
    page.get_by_test_id("mark-done").click()
    expect(page.get_by_test_id("lesson-done")).to_be_visible()
    expect(bar).to_have_js_property("value", 33)
    expect(page.get_by_test_id("course-progress")).to_contain_text("Đã xong 1 trên 3 bài")

    # After a reload the lesson still shows as done: progress is on the server.
    page.reload()
    expect(page.get_by_test_id("mark-done")).to_be_hidden()

    page.goto(live_server.url + "/hoc-tap/")
    expect(page.get_by_test_id("my-course")).to_contain_text("Đã xong 1 trên 3 bài")
