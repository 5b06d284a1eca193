"""The demo shows issue 18's proof: a practice in the VNeID lesson (and in the portal course),
a refresher course whose certificates expire, the official's certificate due to be learnt
again, the learner's certificate earned by passing the final check and her practice without
help; and seeding twice makes nothing twice."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.models import User
from certificates.codes import token_for, verify_token
from certificates.models import Certificate
from certificates.selectors import certificates_in, certificates_of
from courses.models import CoursePage, Enrollment
from demo import catalogue, screens
from households.models import Evidence, Level
from lessons.blocks import practices_in
from lessons.models import LessonPage, LessonProgress, PracticeRun
from quizzes.models import Answer, Attempt, Quiz

from .test_catalogue import COURSE, refusal, write


def seed():
    call_command("seed_demo", "--no-narration", verbosity=0)


def vi_lesson(course_slug: str, slug: str) -> LessonPage:
    return LessonPage.objects.get(
        locale__language_code="vi", slug=slug, url_path__contains=f"/{course_slug}/"
    )


def practice_places(course_slug: str, lesson_slug: str):
    course = next(c for c in catalogue.courses() if c.slug == course_slug)
    lesson = next(lesson for lesson in course.lessons if lesson.slug == lesson_slug)
    return [place for place in lesson.screens if place.practice]


# --- The catalogue ---------------------------------------------------------------------------


def test_the_vneid_install_lesson_has_a_practice_of_four_screens_each_with_a_tap_and_a_hint():
    places = practice_places("vneid", "cai-ung-dung-vneid")
    assert [place.screen["kind"] for place in places] == ["home", "store", "dialog", "form"]
    assert all(place.screen["tap"] for place in places)
    [practice] = [
        block
        for block in next(
            lesson
            for course in catalogue.courses()
            if course.slug == "vneid"
            for lesson in course.lessons
            if lesson.slug == "cai-ung-dung-vneid"
        ).body
        if block["type"] == "practice"
    ]
    assert practice["value"]["procedure"] == "Cài VNeID và đăng nhập"
    assert all(
        screen["hint"] and screen["screenshot_alt"] for screen in practice["value"]["screens"]
    )


def test_the_officials_refresher_course_reads_its_twelve_months_from_the_file():
    [refresher] = [course for course in catalogue.courses() if course.audience == "officials"]
    assert refresher.certificate_valid_months == 12
    assert refresher.final_quiz is not None


PRACTICE = """\
      - practice:
          procedure: Mở CH Play
          screens:
            - hint: Biểu tượng CH Play.
              screen:
                kind: home
                apps: [Zalo, CH Play]
"""


def test_a_practice_screen_without_a_tap_is_refused_naming_the_file_and_the_lesson(tmp_path):
    write(
        tmp_path,
        "01-thu.yaml",
        COURSE.replace("      - text: <p>Xin", PRACTICE + "      - text: <p>Xin"),
    )
    message = refusal(tmp_path)
    assert "01-thu.yaml" in message and "lesson 'bai-mot'" in message
    assert "needs 'tap'" in message


def test_a_practice_screen_with_a_tap_reads_as_the_practice_block_stores_it(tmp_path):
    text = PRACTICE.replace(
        "apps: [Zalo, CH Play]", "apps: [Zalo, CH Play]\n                tap: CH Play"
    )
    write(
        tmp_path,
        "01-thu.yaml",
        COURSE.replace("      - text: <p>Xin", text + "      - text: <p>Xin"),
    )
    [course] = catalogue.courses(tmp_path)
    [lesson] = course.lessons
    assert lesson.body[0] == {
        "type": "practice",
        "value": {
            "procedure": "Mở CH Play",
            "intro": "",
            "screens": [
                {
                    "screenshot": None,
                    "screenshot_alt": lesson.body[0]["value"]["screens"][0]["screenshot_alt"],
                    "marker": {"x": None, "y": None},
                    "hint": "Biểu tượng CH Play.",
                    "caption": "",
                }
            ],
        },
    }
    [place] = lesson.screens
    assert (place.block, place.step, place.items, place.screen["tap"]) == (
        0,
        0,
        "screens",
        "CH Play",
    )


def test_a_certificate_validity_out_of_range_is_refused(tmp_path):
    write(
        tmp_path,
        "01-thu.yaml",
        COURSE.replace("is_essential: false", "is_essential: false\ncertificate_valid_months: 0"),
    )
    assert "certificate_valid_months" in refusal(tmp_path)


# --- What seed_demo stores -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seeded_practices_have_their_pictures_and_markers_on_the_tapped_element():
    seed()
    for course_slug, lesson_slug, count in [
        ("vneid", "cai-ung-dung-vneid", 4),
        ("cong-dich-vu-cong", "tim-thu-tuc-nop-ho-so", 3),
    ]:
        places = practice_places(course_slug, lesson_slug)
        page = vi_lesson(course_slug, lesson_slug)
        page.body.stream_block.clean(page.body)  # valid as an editor would have to save it
        [(_block_id, practice)] = practices_in(page.body)
        assert len(practice.screens) == len(places) == count
        for place, screen in zip(places, practice.screens, strict=True):
            drawing = screens.draw(place.screen)
            left, top, right, bottom = drawing.targets[place.screen["tap"]]
            x = screen.marker[0] * screens.WIDTH / 100
            y = screen.marker[1] * screens.HEIGHT / 100
            assert left <= x <= right and top <= y <= bottom, (lesson_slug, place.screen["tap"])
            assert screen.picture.image.collection.name == "Demo"
            assert screen.picture.alt and screen.hint


@pytest.mark.django_db
def test_the_refresher_course_certificates_last_twelve_months_and_the_officials_is_due():
    seed()
    refresher = CoursePage.objects.get(locale__language_code="vi", audience="officials")
    assert refresher.certificate_valid_months == 12
    canbo = User.objects.get(username="canbo")
    [certificate] = certificates_of(user=canbo)
    assert certificate.course_id == refresher.pk
    assert certificate.needs_refresher
    assert certificate.status_on() == "valid"  # not expired yet: due within the month
    today = timezone.localdate()
    assert 0 < (certificate.expires_on - today).days <= 30
    assert 330 <= (today - certificate.issued_on).days <= 360  # about eleven and a half months
    assert certificate.attempt.passed and certificate.attempt.user == canbo
    assert certificate.level == Level.QUIZ_VERIFIED
    # It shows in the commune's list too.
    listed = certificates_in(commune=certificate.commune).get(pk=certificate.pk)
    assert listed.needs_refresher


@pytest.mark.django_db
def test_the_learner_holds_a_valid_certificate_that_verifies_and_practised_without_help(client):
    seed()
    hocvien = User.objects.get(username="hocvien")
    [certificate] = certificates_of(user=hocvien)
    assert certificate.course.slug == "vneid"
    assert certificate.status_on() == "valid" and not certificate.needs_refresher
    assert certificate.attempt.passed and not certificate.attempt.score_reported_by_player
    assert certificate.skills.exists()
    token = token_for(certificate.code)
    assert verify_token(token) == certificate.code
    page = client.get(reverse("certificates:verify", args=[token]))
    assert page.status_code == 200
    assert page.context["certificate"] == certificate
    [run] = PracticeRun.objects.filter(user=hocvien)
    assert run.lesson == vi_lesson("vneid", "cai-ung-dung-vneid")
    assert (run.screens, run.right_taps, run.wrong_taps) == (4, 4, 0)
    assert run.completed and run.without_help


COUNTED = [
    Page,
    get_image_model(),
    Quiz,
    Attempt,
    Answer,
    Certificate,
    PracticeRun,
    Evidence,
    User,
    Enrollment,
    LessonProgress,
]


@pytest.mark.django_db
def test_seeding_twice_makes_nothing_twice():
    seed()
    before = {model.__name__: model.objects.count() for model in COUNTED}
    seed()
    assert {model.__name__: model.objects.count() for model in COUNTED} == before
    assert before["Certificate"] == 2 and before["PracticeRun"] == 1
