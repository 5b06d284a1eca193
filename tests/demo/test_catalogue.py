"""The demo's content lives in YAML files: every file the demo ships loads and fits the blocks
it is stored in, and a file with a mistake is refused with its name, before seed_demo writes
anything."""

import functools
import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from courses.models import CoursePage
from demo import catalogue, households
from demo.data_files import DemoDataError
from lessons.blocks import body_from_json
from lessons.models import LessonPage
from quizzes.models import Quiz

COURSE = """\
title: Thử
summary: Một khoá học để thử.
competence_area: digital_identity
audience: citizens
estimated_minutes: 5
is_essential: false
lessons:
  - slug: bai-mot
    title: Bài một
    summary: Bài đầu tiên.
    estimated_minutes: 5
    body:
      - text: <p>Xin chào.</p>
      - steps:
          steps:
            - Mở <b>VNeID</b>.
      - callout:
          kind: tip
          text: Đừng đưa mã OTP cho ai.
      - practice_link:
          title: Thử
          url: https://dichvucong.gov.vn
"""


def write(directory, name, text):
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(directory) -> str:
    with pytest.raises(DemoDataError) as refused:
        catalogue.courses(directory)
    return str(refused.value)


def test_every_course_file_loads_and_every_lesson_has_a_title_and_a_body():
    courses = catalogue.courses()
    assert len(courses) == len(list(catalogue.CATALOGUE_DIR.glob("*.yaml"))) >= 5
    assert courses[0].slug == "vneid"  # the file numbered 01 comes first
    for course in courses:
        assert course.title and course.lessons
        for lesson in course.lessons:
            assert lesson.title.strip(), lesson.slug
            assert lesson.body, lesson.slug


def test_every_lesson_body_and_final_quiz_is_valid_for_the_blocks_it_is_stored_in():
    body = LessonPage._meta.get_field("body").stream_block
    questions = Quiz._meta.get_field("questions").stream_block
    choices = {
        name: {value for value, _ in CoursePage._meta.get_field(name).choices}
        for name in ("audience", "competence_area")
    }
    for course in catalogue.courses():
        assert course.audience in choices["audience"], course.slug
        assert course.competence_area in choices["competence_area"], course.slug
        for lesson in course.lessons:
            # A practice screen's picture and marker are required: seed_demo draws them, so
            # practices are checked once seeded (test_seed_proof).
            drawn_later = [block for block in lesson.body if block["type"] != "practice"]
            body.clean(body.normalize(body_from_json(drawn_later)))
        if course.final_quiz:
            questions.clean(questions.normalize(course.final_quiz.questions))


def test_the_short_forms_of_blocks_become_what_wagtail_stores(tmp_path):
    write(tmp_path, "01-thu.yaml", COURSE)
    [course] = catalogue.courses(tmp_path)
    assert course.slug == "thu"
    assert course.final_quiz is None
    assert course.lessons[0].body == [
        {"type": "text", "value": "<p>Xin chào.</p>"},
        {
            "type": "steps",
            "value": {
                "title": "",
                "steps": [
                    {"text": "<p>Mở <b>VNeID</b>.</p>", "screenshot": None, "screenshot_alt": ""}
                ],
            },
        },
        {"type": "callout", "value": {"kind": "tip", "text": "<p>Đừng đưa mã OTP cho ai.</p>"}},
        {
            "type": "practice_link",
            "value": {"title": "Thử", "url": "https://dichvucong.gov.vn", "description": ""},
        },
    ]


def test_courses_are_ordered_by_the_number_of_their_file_not_alphabetically(tmp_path):
    for name in ("10-cuoi.yaml", "2-giua.yaml", "01-dau.yaml"):
        write(tmp_path, name, COURSE)
    assert [course.slug for course in catalogue.courses(tmp_path)] == ["dau", "giua", "cuoi"]


def test_an_unknown_key_is_refused_with_the_file_named(tmp_path):
    write(tmp_path, "01-thu.yaml", COURSE.replace("    summary: Bài", "    sumary: Bài"))
    message = refusal(tmp_path)
    assert "01-thu.yaml" in message
    assert "unknown key 'sumary'" in message


def test_a_missing_required_key_is_refused_with_the_file_named(tmp_path):
    write(
        tmp_path,
        "01-thu.yaml",
        COURSE.replace("      - callout:\n          kind: tip\n", "      - callout:\n"),
    )
    message = refusal(tmp_path)
    assert "01-thu.yaml" in message
    assert "missing key 'kind'" in message


def test_a_final_quiz_question_with_an_unknown_field_is_refused(tmp_path):
    quiz = """\
    final_quiz:
      title: Kiểm tra
      intro: Một câu.
      questions:
        - true_false:
            prompt: <p>OTP là bí mật.</p>
            is_true: true
            feedback_rigth: Đúng.
    """
    write(tmp_path, "01-thu.yaml", COURSE + textwrap.dedent(quiz))
    message = refusal(tmp_path)
    assert "01-thu.yaml" in message and "feedback_rigth" in message


@pytest.mark.parametrize(
    "text",
    [
        "title: [unclosed\n",  # not YAML
        "- a list, not a course\n",
        COURSE.replace(
            "estimated_minutes: 5\nis_essential", "estimated_minutes: năm\nis_essential"
        ),
        COURSE.replace("      - text: <p>Xin chào.</p>", "      - video: <p>Xin chào.</p>"),
        COURSE.replace("slug: bai-mot", "slug: Bài một"),
    ],
    ids=["invalid-yaml", "not-a-mapping", "text-for-a-number", "unknown-block-type", "bad-slug"],
)
def test_a_malformed_file_is_refused_with_the_file_named(tmp_path, text):
    write(tmp_path, "01-thu.yaml", text)
    assert "01-thu.yaml" in refusal(tmp_path)


def test_a_file_named_without_its_number_is_refused(tmp_path):
    write(tmp_path, "thu.yaml", COURSE)
    assert "thu.yaml" in refusal(tmp_path)


def test_a_catalogue_without_course_files_is_refused(tmp_path):
    assert "no course files" in refusal(tmp_path)


def test_the_demo_households_are_drawn_from_the_population_file():
    population = households.population()
    assert population.households > 0
    assert len(population.villages) == 6
    assert population.family_names and population.men and population.women


def test_a_population_file_with_an_unknown_key_is_refused_with_the_file_named(tmp_path):
    path = write(
        tmp_path,
        "households.yaml",
        households.POPULATION_FILE.read_text(encoding="utf-8") + "children: [An]\n",
    )
    with pytest.raises(DemoDataError, match=r"households\.yaml.*unknown key 'children'"):
        households.population(path)


@pytest.mark.django_db
def test_seed_demo_stops_before_writing_anything_when_a_data_file_is_wrong(tmp_path, monkeypatch):
    write(tmp_path, "01-thu.yaml", COURSE.replace("is_essential: false", "is_essential: maybe"))
    monkeypatch.setattr(catalogue, "courses", functools.partial(catalogue.courses, tmp_path))
    pages = Page.objects.count()
    with pytest.raises(CommandError, match=r"01-thu\.yaml.*'is_essential'"):
        call_command("seed_demo", "--no-narration")
    assert Page.objects.count() == pages
