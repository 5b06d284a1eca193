"""Reads of the skills framework. Callers above this app (courses, lessons, quizzes,
certificates, reports) ask here which skills exist and which a course teaches."""

from django.db.models import Prefetch, QuerySet

from .models import Framework, Skill


def current_framework() -> Framework | None:
    """The framework version editors tag with now, or None before any is loaded."""
    return Framework.objects.filter(is_current=True).first()


def current_skills() -> QuerySet[Skill]:
    """The current version's skills, in the framework's order (group, then skill)."""
    return (
        Skill.objects.filter(group__framework__is_current=True)
        .select_related("group")
        .order_by("group__position", "position")
    )


def skill_index() -> dict[int, Skill]:
    """Every skill of the current version, by primary key."""
    return {skill.pk: skill for skill in current_skills()}


def skills_by_code() -> dict[str, Skill]:
    """Every skill of the current version, by its code in the framework ("0.2")."""
    return {skill.code: skill for skill in current_skills()}


def skill_choices() -> list[tuple[str, str]]:
    """(primary key as text, "0.2 Sử dụng phần mềm trên thiết bị") of the current version:
    the choices of a quiz question's skills (``quizzes.blocks``)."""
    return [(str(skill.pk), str(skill)) for skill in current_skills()]


def skills_of_course(course) -> QuerySet[Skill]:
    """The skills ``course`` teaches or checks: its own tags, its lessons' tags and the tags
    of its final quiz's questions, whatever framework version they belong to.

    ``course`` is a courses.CoursePage (duck-typed: this app sits below courses)."""
    pks = set(course.skills.values_list("pk", flat=True))
    pks.update(
        Skill.objects.filter(
            lessons__path__startswith=course.path, lessons__depth=course.depth + 1
        ).values_list("pk", flat=True)
    )
    quiz = getattr(course, "final_quiz", None)
    if quiz is not None:
        pks.update(
            int(pk) for question in quiz.question_list for pk in question.skills if pk.isdigit()
        )
    return Skill.objects.filter(pk__in=pks).select_related("group__framework")


def frameworks() -> QuerySet[Framework]:
    """Every loaded version, the current one first, then the newest."""
    return Framework.objects.order_by("-is_current", "-issued_on", "-pk")


def framework_tags(framework: Framework) -> list:
    """The groups of ``framework``, each with its skills (``skill_list``) and, on each skill,
    the course and lesson pages tagged with it (``tagged_courses``, ``tagged_lessons``; the
    pages of the source language, not their aliases in other languages)."""
    pages = {
        name: Skill._meta.get_field(name)
        .related_model.objects.filter(alias_of__isnull=True)
        .order_by("path")
        for name in ("courses", "lessons")
    }
    return list(
        framework.groups.order_by("position").prefetch_related(
            Prefetch(
                "skills",
                queryset=Skill.objects.order_by("position").prefetch_related(
                    Prefetch("courses", queryset=pages["courses"], to_attr="tagged_courses"),
                    Prefetch("lessons", queryset=pages["lessons"], to_attr="tagged_lessons"),
                ),
                to_attr="skill_list",
            )
        )
    )
