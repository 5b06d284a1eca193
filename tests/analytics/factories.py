"""Skills, certificates, practice runs and tagged answers for the reports by skill."""

import datetime
from uuid import uuid4

from django.utils import timezone

from certificates.models import Certificate
from households.models import Level
from lessons.models import PracticeRun
from quizzes.models import Answer, Attempt
from skills.models import Framework, Skill, SkillGroup
from tests.factories import course_with_lessons, lessons_of


def framework(*groups, code="thu-1.0", current=True) -> dict[str, Skill]:
    """A framework whose ``groups`` are (group code, [skill codes]); its skills by code."""
    made = Framework.objects.create(
        code=code,
        title=f"Khung thử {code}",
        source="Thử nghiệm",
        issued_on=datetime.date(2025, 4, 29),
        is_current=current,
    )
    skills = {}
    for position, (group_code, skill_codes) in enumerate(groups):
        group = SkillGroup.objects.create(
            framework=made, code=group_code, name=f"Nhóm {group_code}", position=position
        )
        for n, skill_code in enumerate(skill_codes):
            skills[skill_code] = Skill.objects.create(
                group=group,
                code=skill_code,
                name=f"Kỹ năng {skill_code}",
                name_en=f"Skill {skill_code}",
                position=n,
            )
    return skills


def course_teaching_skills():
    """Framework skills 1.1, 1.2 (group 1) and 2.1 (group 2); a live two-lesson course
    teaching 1.1 (tagged on the course) and 1.2 (tagged on its first lesson)."""
    skills = framework(("1", ["1.1", "1.2"]), ("2", ["2.1"]))
    course = course_with_lessons(title="VNeID", slug="vneid", lessons=2)
    course.skills.set([skills["1.1"]])
    course.save_revision().publish()
    lesson = lessons_of(course)[0]
    lesson.skills.set([skills["1.2"]])
    lesson.save_revision().publish()
    return skills, course, lesson


def certificate(
    course,
    skills,
    *,
    holder=None,
    member=None,
    commune=None,
    level=Level.QUIZ_VERIFIED,
    issued_on=None,
    expires_on=None,
    revoked=False,
) -> Certificate:
    made = Certificate.objects.create(
        holder=holder,
        member=member,
        holder_name=(member.full_name if member else holder.display_name),
        course=course,
        course_title=course.title,
        commune=commune,
        level=level,
        issued_on=issued_on or timezone.localdate(),
        expires_on=expires_on,
        revoked_at=timezone.now() if revoked else None,
        revoke_reason="Sai thông tin" if revoked else "",
    )
    made.skills.set(skills)
    return made


def practice_run(user, lesson, *, without_help=True, completed=True) -> PracticeRun:
    return PracticeRun.objects.create(
        client_id=uuid4(),
        user=user,
        lesson=lesson,
        lesson_key=lesson.translation_key,
        lesson_title=lesson.title,
        block_id="luyen-tap",
        procedure="Đăng nhập VNeID",
        screens=3,
        right_taps=3,
        wrong_taps=0 if without_help else 1,
        completed=completed,
        without_help=without_help,
    )


def attempt(user, quiz, *, passed=True, answers=(), assisted_for="", when=None) -> Attempt:
    """A finished, server-scored attempt with ``answers`` as (question id, correct)."""
    made = Attempt.objects.create(
        client_id=uuid4(),
        user=user,
        quiz=quiz,
        quiz_key=quiz.translation_key,
        assisted_for=assisted_for,
        question_count=len(quiz.question_list),
        finished_at=when or timezone.now(),
        score=1.0 if passed else 0.0,
        passed=passed,
    )
    for question_id, correct in answers:
        Answer.objects.create(
            client_id=uuid4(),
            attempt=made,
            question_id=question_id,
            response={},
            score=1.0 if correct else 0.0,
            correct=correct,
        )
    return made
