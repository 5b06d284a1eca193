"""Editors tag courses, lessons and quiz questions with the framework's skills; a course's
skills are its own, its lessons' and its final quiz's questions'; editors read the framework
and its tags in the admin."""

import json

import pytest
from wagtail import hooks
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.roles import Role
from courses.models import CoursePage
from lessons.models import LessonPage
from quizzes.models import Quiz
from skills.admin_views import TAGGED_ITEMS_HOOK
from skills.models import Skill
from skills.selectors import current_framework, skill_choices, skill_index, skills_of_course
from tests import factories
from tests.factories import UserFactory
from tests.skills.factories import FRAMEWORK_V2, load, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills():
    load()
    return {skill.code: skill for skill in Skill.objects.all()}


@pytest.fixture
def editor():
    # As seed_demo makes bientap: the Editors role and staff status.
    return UserFactory(role=Role.EDITOR, is_staff=True)


def _edit_form_data(response) -> dict:
    """The page edit form as the editor's browser would send it back unchanged."""
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    for formset in form.formsets.values():
        for field in formset.management_form:
            data[field.html_name] = field.value()
    return data


def test_an_editor_tags_a_course_in_the_page_editor_and_publishing_makes_it_live(
    client, editor, skills
):
    course = factories.course_with_lessons()
    client.force_login(editor)
    url = f"/admin/pages/{course.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    assert "0.2 Sử dụng phần mềm trên thiết bị" in page.content.decode()
    data = _edit_form_data(page)
    data["skills"] = [str(skills["0.2"].pk), str(skills["1.1"].pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    course = CoursePage.objects.get(pk=course.pk)
    # Editors save drafts; publishing (a moderator's step) makes the tags live.
    assert course.has_unpublished_changes
    course.get_latest_revision().publish()
    assert set(course.skills.values_list("code", flat=True)) == {"0.2", "1.1"}


def test_an_editor_tags_a_lesson_in_the_page_editor(client, editor, skills):
    lesson = factories.lessons_of(factories.course_with_lessons())[0]
    client.force_login(editor)
    url = f"/admin/pages/{lesson.pk}/edit/"
    data = _edit_form_data(client.get(url))
    # The body as the editor's browser sends it (one text block is enough here).
    del data["body"]
    data |= nested_form_data({"body": streamfield([("text", rich_text("<p>Nội dung</p>"))])})
    data["skills"] = [str(skills["1.2"].pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert [skill.code for skill in draft.skills.all()] == ["1.2"]


def test_a_question_keeps_its_skills_and_a_question_stored_before_skills_has_none(skills):
    quiz = factories.quiz_with_every_question_type()
    raw = quiz.questions.raw_data
    # Questions stored before questions had skills have no "skills" key at all.
    assert all("skills" not in item["value"] for item in raw)
    raw[0] = {**raw[0], "value": {**raw[0]["value"], "skills": [str(skills["1.2"].pk)]}}
    quiz.save()
    questions = Quiz.objects.get(pk=quiz.pk).question_list
    assert questions[0].skills == (str(skills["1.2"].pk),)
    assert [question.skills for question in questions[1:]] == [()] * 4


def test_a_question_tagged_in_the_editor_form_is_stored_with_its_skills(skills):
    block = Quiz._meta.get_field("questions").stream_block.child_blocks["true_false"]
    value = block.clean(
        block.to_python(
            {
                "prompt": "<p>VNeID miễn phí.</p>",
                "is_true": True,
                "skills": [str(skills["0.2"].pk)],
            }
        )
    )
    assert block.get_prep_value(value)["skills"] == [str(skills["0.2"].pk)]
    assert block.child_blocks["skills"].field.choices == skill_choices()


def test_a_question_may_be_tagged_only_with_the_current_frameworks_skills(tmp_path, skills):
    load(write(tmp_path, FRAMEWORK_V2))
    assert current_framework().code == "v2"
    assert {label for _, label in skill_choices()} == {
        "0.1 Bật và tắt thiết bị",
        "0.2 Cài ứng dụng",
    }
    assert {skill.group.framework.code for skill in skill_index().values()} == {"v2"}


def test_a_course_shows_its_own_its_lessons_and_its_final_quiz_questions_skills(skills):
    course = factories.course_with_lessons()
    other = factories.course_with_lessons(title="Khác", slug="khac")
    course.skills.add(skills["0.1"])
    course.save()
    lesson = factories.lessons_of(course)[1]
    lesson.skills.add(skills["0.2"])
    lesson.save()
    other_lesson = factories.lessons_of(other)[0]
    other_lesson.skills.add(skills["1.3"])
    other_lesson.save()
    quiz = factories.quiz_with_every_question_type()
    raw = quiz.questions.raw_data
    raw[2] = {**raw[2], "value": {**raw[2]["value"], "skills": [str(skills["1.2"].pk)]}}
    quiz.save()
    course.final_quiz = quiz
    course.save()
    assert set(skills_of_course(course).values_list("code", flat=True)) == {"0.1", "0.2", "1.2"}
    assert list(skills_of_course(other).values_list("code", flat=True)) == ["1.3"]


def test_an_editor_reads_the_framework_with_what_is_tagged_with_each_skill(client, editor, skills):
    course = factories.course_with_lessons(title="Cài VNeID", slug="cai-vneid")
    course.skills.add(skills["0.2"])
    course.save()

    def tagged_question():
        return [(skills["0.2"].pk, "Câu hỏi: mở CH Play", "/admin/quiz/1/")]

    client.force_login(editor)
    with hooks.register_temporarily(TAGGED_ITEMS_HOOK, tagged_question):
        response = client.get("/admin/khung-ky-nang-so/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khung kỹ năng số cơ bản dành cho người dân (phiên bản 1.0)" in html
    assert html.count('data-testid="skill"') == 5
    row = html[html.index('data-code="0.2"') :].split("</tr>")[0]
    assert "Cài VNeID" in row and "Câu hỏi: mở CH Play" in row
    assert f"/admin/pages/{course.pk}/edit/" in row


def test_an_older_version_of_the_framework_can_be_read_too(client, editor, skills, tmp_path):
    load(write(tmp_path, FRAMEWORK_V2))
    client.force_login(editor)
    html = client.get("/admin/khung-ky-nang-so/").content.decode()
    assert "Khung thử nghiệm (phiên bản 2)" in html
    older = client.get("/admin/khung-ky-nang-so/?phien-ban=3139-nguoi-dan-1.0")
    assert "Sử dụng phần mềm trên thiết bị" in older.content.decode()
    assert client.get("/admin/khung-ky-nang-so/?phien-ban=nope").status_code == 404


def test_a_learner_cannot_open_the_frameworks_admin_page(client, skills):
    client.force_login(factories.learner())
    response = client.get("/admin/khung-ky-nang-so/")
    assert response.status_code in (302, 403)
    assert "Sử dụng phần mềm" not in response.content.decode()


def test_the_quiz_editor_offers_the_current_skills_on_each_question(client, editor, skills):
    quiz = factories.quiz_with_every_question_type()
    client.force_login(editor)
    response = client.get(f"/admin/snippets/quizzes/quiz/edit/{quiz.pk}/")
    assert response.status_code == 200
    # The block definitions travel as JSON (non-ASCII letters escaped) in the page.
    html = response.content.decode()
    assert json.dumps("0.2 Sử dụng phần mềm trên thiết bị")[1:-1] in html
    assert "wagtail.widgets.RadioSelect" in html  # Wagtail's adapter for checkbox lists too


def test_the_framework_page_lists_the_quiz_questions_checking_each_skill(client, editor, skills):
    quiz = factories.quiz_with_every_question_type()
    raw = quiz.questions.raw_data
    raw[1] = {**raw[1], "value": {**raw[1]["value"], "skills": [str(skills["1.2"].pk)]}}
    quiz.save()
    client.force_login(editor)
    html = client.get("/admin/khung-ky-nang-so/").content.decode()
    row = html[html.index('data-code="1.2"') :].split("</tr>")[0]
    assert quiz.title in row and "2" in row
    assert quiz.title not in html[html.index('data-code="0.2"') :].split("</tr>")[0]
