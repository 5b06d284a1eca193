"""The demo catalogue's skill tags, written once the pages and quizzes exist: the courses,
lessons and final-quiz questions of ``demo/catalogue/`` name skills by their codes in the
framework (``skills/data/``); here they become tags on the pages and on the stored questions.

Questions keep their block ids (answers of earlier attempts refer to them): only each
question's ``skills`` value is written."""

import os

from django.core.management import call_command
from django.core.management.base import CommandError

from courses.models import CoursePage
from demo.catalogue import Course
from lessons.models import LessonPage
from skills.selectors import skills_by_code


def tag(pages: list[CoursePage], content: list[Course]) -> None:
    with open(os.devnull, "w") as quiet:
        call_command("load_skill_framework", stdout=quiet)
    known = skills_by_code()
    for page, course in zip(pages, content, strict=True):

        def resolve(codes, where, course=course):
            try:
                return [known[code] for code in codes]
            except KeyError as error:
                raise CommandError(
                    f"{course.path}: {where}: skill {error.args[0]!r} is not in the current "
                    "skills framework"
                ) from error

        _tag_page(page, resolve(course.skills, "course"))
        for lesson in course.lessons:
            lesson_page = LessonPage.objects.child_of(page).get(slug=lesson.slug)
            _tag_page(lesson_page, resolve(lesson.skills, f"lesson {lesson.slug!r}"))
        quiz = page.final_quiz
        if course.final_quiz is not None and quiz is not None:
            wanted = [
                [str(skill.pk) for skill in resolve(codes, f"final_quiz, question {number}")]
                for number, codes in enumerate(course.final_quiz.question_skills, start=1)
            ]
            _tag_questions(quiz, wanted)


def _tag_page(page, skills) -> None:
    if set(page.skills.values_list("pk", flat=True)) == {skill.pk for skill in skills}:
        return
    page.skills.set(skills)
    page.save_revision().publish()


def _tag_questions(quiz, wanted: list[list[str]]) -> None:
    raw = quiz.questions.raw_data
    changed = False
    for index, skills in enumerate(wanted[: len(raw)]):
        question = raw[index]
        if (question["value"].get("skills") or []) != skills:
            # Set as a whole, so the stream forgets its block for this item and saves this.
            raw[index] = {**question, "value": {**question["value"], "skills": skills}}
            changed = True
    if changed:
        quiz.save(update_fields=["questions"])
