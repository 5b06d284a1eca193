"""The demo catalogue tags its courses, lessons and final-quiz questions with the skills they
teach, by code; seed_demo loads the framework and writes the tags, keeping question ids."""

import pytest
from django.core.management import call_command

from courses.models import CoursePage
from demo import catalogue
from lessons.models import LessonPage
from skills.selectors import skills_by_code, skills_of_course
from tests.demo.test_catalogue import COURSE, refusal, write


def test_a_lesson_with_an_unknown_skill_code_is_refused_naming_the_file_and_the_lesson(tmp_path):
    path = write(
        tmp_path,
        "01-thu.yaml",
        COURSE.replace(
            "    estimated_minutes: 5\n", '    estimated_minutes: 5\n    skills: ["9.9"]\n'
        ),
    )
    message = refusal(tmp_path)
    assert message.startswith(str(path))
    assert "lesson 'bai-mot': unknown skill '9.9' (known: 0.1, 0.2, 1.1, 1.2, 1.3)" in message


def test_skill_codes_of_a_course_and_its_lessons_are_read_from_the_catalogue(tmp_path):
    text = COURSE.replace("is_essential: false\n", 'is_essential: false\nskills: ["1.1"]\n')
    text = text.replace(
        "    estimated_minutes: 5\n", '    estimated_minutes: 5\n    skills: ["0.2"]\n'
    )
    write(tmp_path, "01-thu.yaml", text)
    [course] = catalogue.courses(tmp_path)
    assert course.skills == ("1.1",)
    assert course.lessons[0].skills == ("0.2",)


@pytest.mark.django_db
def test_seed_demo_tags_the_demo_courses_lessons_and_questions_and_again_changes_nothing():
    call_command("seed_demo", "--no-narration", verbosity=0)
    known = skills_by_code()
    vneid = CoursePage.objects.get(locale__language_code="vi", slug="vneid")
    install = LessonPage.objects.child_of(vneid).get(slug="cai-ung-dung-vneid")
    assert set(install.skills.values_list("code", flat=True)) == {"0.2", "1.2"}
    portal = CoursePage.objects.get(locale__language_code="vi", slug="cong-dich-vu-cong")
    search = LessonPage.objects.child_of(portal).get(slug="tim-thu-tuc-nop-ho-so")
    assert list(search.skills.values_list("code", flat=True)) == ["1.1"]
    scams = CoursePage.objects.get(locale__language_code="vi", slug="phong-tranh-lua-dao")
    questions = scams.final_quiz.question_list
    assert questions[0].skills == (str(known["1.2"].pk),)
    assert questions[1].skills == ()
    assert set(skills_of_course(vneid).values_list("code", flat=True)) == {"0.2", "1.2"}

    ids = [question.id for question in questions]
    revisions = vneid.revisions.count()
    call_command("seed_demo", "--no-narration", verbosity=0)
    scams.final_quiz.refresh_from_db()
    assert [question.id for question in scams.final_quiz.question_list] == ids
    assert scams.final_quiz.question_list[0].skills == (str(known["1.2"].pk),)
    # seed_demo publishes each course again; tagging adds no revision of its own.
    assert vneid.revisions.count() == revisions + 1
