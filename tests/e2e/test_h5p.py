import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from quizzes.h5p import store as h5p_store
from quizzes.models import Attempt, H5PActivity
from tests.factories import UserFactory, course_with_lessons, learner, lessons_of
from tests.quizzes import h5p_fixtures as fx

from .test_quiz import log_in


@pytest.fixture
def lesson(transactional_db):
    return lessons_of(course_with_lessons(title="Hỏi nhanh", slug="hoi-nhanh", lessons=1))[0]


@pytest.fixture
def h5p_manager(transactional_db):
    user = UserFactory(username="quanlyh5p", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "add_h5pactivity",
                "change_h5pactivity",
                "view_h5pactivity",
                "manage_h5p_libraries",
            ]
        )
    )
    return user


def test_upload_an_h5p_package_place_it_in_a_lesson_and_answer_it(
    live_server, page, browser, lesson, h5p_manager, tmp_path
):
    package = tmp_path / "hoi-nhanh-vneid.h5p"
    package.write_bytes(fx.package())

    # An editor allowed to bring H5P code uploads the package in the Wagtail admin.
    log_in(page, live_server, h5p_manager.username)
    page.goto(live_server.url + "/admin/snippets/quizzes/h5pactivity/add/")
    page.locator("input[name=package]").set_input_files(str(package))
    page.get_by_role("button", name=re.compile(r"^\s*(Lưu|Save)")).first.click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/quizzes/h5pactivity/$"))
    activity = H5PActivity.objects.get()
    assert activity.title == "Hỏi nhanh về VNeID"

    lesson.body.append(("h5p", {"heading": "Thử ngay", "activity": activity}))
    lesson.save_revision().publish()

    # A learner answers it inside the sandboxed player; the result reaches the server.
    person = learner(username="lothixuan")
    context = browser.new_context(viewport={"width": 360, "height": 640})
    learner_page = context.new_page()
    log_in(learner_page, live_server, person.username)
    learner_page.goto(live_server.url + lesson.url)
    # The player frame loads lazily, when the learner scrolls to it.
    learner_page.locator("iframe[data-h5p-frame]").scroll_into_view_if_needed()
    player = learner_page.frame_locator("iframe[data-h5p-frame]")
    expect(player.get_by_text("VNeID có mất phí không?")).to_be_visible()
    player.get_by_role("button", name="Không mất phí").click()
    # The tests' own content type is not one the server can re-score: the page says so.
    expect(learner_page.get_by_test_id("h5p-status")).to_have_text(
        "Đã lưu kết quả: 100% (theo hoạt động tự báo, không được kiểm tra)"
    )

    attempt = Attempt.objects.get(user=person)
    assert (attempt.activity, attempt.score, attempt.passed) == (activity, 1.0, True)
    assert attempt.score_reported_by_player

    # Answered again as the connection drops: the result waits on the phone, survives the page
    # being closed, and is sent once when the next page opens with a connection.
    def dropped(route):
        route.abort("internetdisconnected")

    context.route("**/h5p/*/ket-qua/", dropped)
    learner_page.reload()
    learner_page.locator("iframe[data-h5p-frame]").scroll_into_view_if_needed()
    player.get_by_role("button", name="Không mất phí").click()
    expect(learner_page.get_by_test_id("h5p-status")).to_contain_text("chưa được lưu")
    expect(learner_page.locator("[data-outbox]")).to_contain_text("1")
    assert Attempt.objects.filter(user=person).count() == 1
    context.unroute("**/h5p/*/ket-qua/", dropped)
    learner_page.goto(live_server.url + "/")
    expect(learner_page.locator("[data-outbox]")).to_contain_text(
        "Hỏi nhanh về VNeID: Đã lưu kết quả: 100%"
    )
    learner_page.reload()
    expect(learner_page.locator("[data-outbox]")).to_be_hidden()
    assert Attempt.objects.filter(user=person).count() == 2
    context.close()


def test_a_content_type_that_compiles_code_at_run_time_plays_and_is_scored(
    live_server, page, lesson, h5p_manager
):
    # Like H5P.MultiChoice and H5P.QuestionSet (through EmbeddedJS), this content type builds
    # its markup with `new Function` and its score with `eval`.
    activity = h5p_store.install(
        upload=SimpleUploadedFile("hoi-ma-otp.h5p", fx.eval_choice_package()),
        title="",
        user=h5p_manager,
    )
    lesson.body.append(("h5p", {"heading": "Thử ngay", "activity": activity}))
    lesson.save_revision().publish()

    person = learner(username="hoangvanbinh")
    log_in(page, live_server, person.username)
    page.goto(live_server.url + lesson.url)
    page.locator("iframe[data-h5p-frame]").scroll_into_view_if_needed()
    player = page.frame_locator("iframe[data-h5p-frame]")
    expect(player.get_by_text("Mã OTP có được đọc cho người khác không?")).to_be_visible()
    player.get_by_role("button", name="Không bao giờ").click()
    expect(page.get_by_test_id("h5p-status")).to_have_text(
        "Đã lưu kết quả: 100% (theo hoạt động tự báo, không được kiểm tra)"
    )
    attempt = Attempt.objects.get(user=person)
    assert (attempt.activity, attempt.score, attempt.passed) == (activity, 1.0, True)

    # The result page names the activity and says whose score it is.
    page.goto(f"{live_server.url}/kiem-tra/luot/{attempt.pk}/ket-qua/")
    expect(page.get_by_role("heading", name="Hỏi nhanh về mã OTP")).to_be_visible()
    expect(page.get_by_test_id("score")).to_contain_text("100%")
    expect(page.get_by_test_id("reported-by-player")).to_be_visible()
