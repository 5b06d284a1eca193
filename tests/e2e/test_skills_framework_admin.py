"""Browser: the editor opens the framework from the admin menu and ticks a lesson's skills by
their readable labels (screenshots in var/screenshots/skills/)."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, Page

from accounts.roles import Role
from tests import factories
from tests.e2e.conftest import CHROMIUM
from tests.factories import UserFactory
from tests.skills.factories import load

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "skills"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1100, "height": 900}, "locale": "vi-VN"}


def test_an_editor_reads_the_framework_and_ticks_a_lessons_skills(live_server, page):
    load()
    course = factories.course_with_lessons(title="VNeID", slug="vneid")
    lesson = factories.lessons_of(course)[0]
    lesson.skills.add(*factories_skills("0.2"))
    lesson.save_revision().publish()
    editor = UserFactory(username="bientap", role=Role.EDITOR, is_staff=True)
    editor.set_password("hoc-so-2026")
    editor.save()
    # The rights Wagtail's migrations give editors, which earlier browser tests' flushes remove.
    editors = editor.groups.get(name=Role.EDITOR.value)
    editors.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_quiz", "view_quiz"])
    )
    for permission in Permission.objects.filter(codename__in=["add_page", "change_page"]):
        GroupPagePermission.objects.get_or_create(
            group=editors, page=Page.get_first_root_node(), permission=permission
        )
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "bientap")
    page.fill("input[name=password]", "hoc-so-2026")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/admin/khung-ky-nang-so/")
    row = page.locator('[data-testid="skill"][data-code="0.2"]')
    assert "VNeID bài 1" in row.inner_text()
    page.screenshot(path=SHOTS / "framework-admin.png", full_page=True)

    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    box = page.get_by_label("0.2 Sử dụng phần mềm trên thiết bị")
    box.scroll_into_view_if_needed()
    assert box.is_checked()
    page.get_by_label("1.1 Tìm kiếm, chọn lọc thông tin trên Internet").check()
    page.screenshot(path=SHOTS / "lesson-skills.png", full_page=True)

    quiz = factories.quiz_with_every_question_type()
    page.goto(f"{live_server.url}/admin/snippets/quizzes/quiz/edit/{quiz.pk}/")
    boxes = page.get_by_label(
        "1.2 Đánh giá dữ liệu, thông tin và nội dung trên môi trường Internet"
    )
    assert boxes.count() == 5  # one list of skills per question
    boxes.first.check()
    boxes.first.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "question-skills.png")


def factories_skills(*codes):
    from skills.selectors import skills_by_code

    known = skills_by_code()
    return [known[code] for code in codes]
