"""A course with a final check and skills, and a learner passing it through the real quiz
services."""

import datetime
from uuid import uuid4

from courses.models import CoursePage
from lessons.models import LessonPage
from quizzes.services import answer_whole_quiz
from skills.models import Framework, Skill, SkillGroup
from tests.factories import course_with_lessons, lessons_of, otp_quiz


def skills() -> tuple[Skill, Skill]:
    framework = Framework.objects.create(
        code="thu-1.0",
        title="Khung thử",
        source="Thử nghiệm",
        issued_on=datetime.date(2025, 4, 29),
        is_current=True,
    )
    group = SkillGroup.objects.create(framework=framework, code="1", name="Khai thác dữ liệu")
    return (
        Skill.objects.create(group=group, code="1.1", name="Tìm kiếm thông tin", position=1),
        Skill.objects.create(group=group, code="1.2", name="Đánh giá thông tin", position=2),
    )


def course_with_final_check(*, months=None, title="VNeID", slug="vneid") -> CoursePage:
    """A live course whose final check is ``otp_quiz`` (pass mark 100); the course teaches
    skill 1.1, its first lesson skill 1.2."""
    course = course_with_lessons(title=title, slug=slug, lessons=2)
    course_skill, lesson_skill = (
        Skill.objects.filter(code__in=["1.1", "1.2"]).order_by("code") or skills()
    )
    course.final_quiz = otp_quiz(title=f"Kiểm tra cuối: {title}", pass_mark=100, max_attempts=0)
    course.certificate_valid_months = months
    course.save_revision().publish()
    course.skills.set([course_skill])
    course.save()
    lesson = LessonPage.objects.get(pk=lessons_of(course)[0].pk)
    lesson.skills.set([lesson_skill])
    lesson.save()
    return CoursePage.objects.get(pk=course.pk)


def right_answers(quiz) -> dict:
    true_false, choice = quiz.question_list
    return {
        true_false.id: {"value": True},
        choice.id: {"choice": choice.choices[0].id},
    }


def pass_final_check(user, course, *, right=True):
    """``user`` sends the whole final check at once, as the one-page quiz does."""
    quiz = course.final_quiz
    responses = right_answers(quiz)
    if not right:
        choice = quiz.question_list[1]
        responses[choice.id] = {"choice": choice.choices[1].id}
    return answer_whole_quiz(user=user, quiz=quiz, client_id=uuid4(), responses=responses)
