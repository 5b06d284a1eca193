"""Reads of learning progress. Completion is always derived from LessonProgress events."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Locale, Page, ReferenceIndex

from courses.models import Cohort, CoursePage, Enrollment
from courses.selectors import cohort_members
from media.models import VideoRendition

from .blocks import h5p_placed_in, practices_in, quizzes_placed_in, videos_in
from .models import LessonPage, LessonProgress, PracticeRun


@dataclass
class CourseProgress:
    course: CoursePage
    lessons: list[LessonPage]
    done_keys: set = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.translation_key in self.done_keys)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def next_lesson(self) -> LessonPage | None:
        return next((x for x in self.lessons if x.translation_key not in self.done_keys), None)

    def is_done(self, lesson: LessonPage) -> bool:
        return lesson.translation_key in self.done_keys


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.live().child_of(course).order_by("path"))


def completed_lesson_keys(*, user, keys) -> set:
    if not user.is_authenticated:
        return set()
    return set(
        LessonProgress.objects.filter(user=user, lesson_key__in=list(keys))
        .values_list("lesson_key", flat=True)
        .distinct()
    )


def course_progress(*, user, course: CoursePage) -> CourseProgress:
    """How far ``user`` is through ``course``, counting lessons finished in any language."""
    lessons = course_lessons(course=course)
    keys = [lesson.translation_key for lesson in lessons]
    return CourseProgress(
        course=course, lessons=lessons, done_keys=completed_lesson_keys(user=user, keys=keys)
    )


def lesson_page_state(*, user, lesson: LessonPage) -> dict:
    course = lesson.get_parent().specific
    progress = course_progress(user=user, course=course)
    index = next((i for i, x in enumerate(progress.lessons) if x.pk == lesson.pk), None)
    following = (
        progress.lessons[index + 1] if index is not None and index + 1 < progress.total else None
    )
    return {
        "course": course,
        "progress": progress,
        "is_done": progress.is_done(lesson),
        "lesson_number": index + 1 if index is not None else None,
        "next_lesson": following,
        # Read by PracticeBlock.get_context, by block id; the page loads practice.js if any.
        "practice_runs": best_practice_runs(user=user, lesson=lesson),
        "has_practice": bool(practices_in(lesson.body)),
    }


def best_practice_runs(*, user, lesson: LessonPage) -> dict[str, PracticeRun]:
    """{block id: the learner's best run} of each practice of ``lesson`` (in any of its
    languages) they went through: finished without help, else finished with the fewest wrong
    taps, else the furthest; the latest among equals. Empty for a visitor."""
    if not user.is_authenticated:
        return {}
    best: dict[str, PracticeRun] = {}
    runs = PracticeRun.objects.filter(user=user, lesson_key=lesson.translation_key).order_by(
        "-without_help", "-completed", "wrong_taps", "-right_taps", "-created_at"
    )
    for run in runs:
        best.setdefault(run.block_id, run)
    return best


def _in_locale(course: CoursePage, locale: Locale) -> CoursePage:
    return (
        CoursePage.objects.live()
        .filter(translation_key=course.translation_key, locale=locale)
        .first()
        or course
    )


def learner_courses(*, user, locale: Locale) -> list[CourseProgress]:
    """Every course the learner is enrolled in, shown in ``locale`` where it exists there."""
    enrollments = (
        Enrollment.objects.filter(user=user).select_related("course").order_by("-created_at")
    )
    return [course_progress(user=user, course=_in_locale(e.course, locale)) for e in enrollments]


@dataclass
class MemberProgress:
    member: object
    progress: CourseProgress
    cells: list[bool]


def cohort_progress(*, cohort: Cohort) -> dict:
    """The member x lesson grid of a cohort, in one query for all members' progress."""
    lessons = course_lessons(course=cohort.course)
    keys = [lesson.translation_key for lesson in lessons]
    members = list(cohort_members(cohort=cohort))
    done: dict[int, set] = {m.pk: set() for m in members}
    for user_id, key in (
        LessonProgress.objects.filter(user__in=members, lesson_key__in=keys)
        .values_list("user_id", "lesson_key")
        .distinct()
    ):
        done[user_id].add(key)
    rows = []
    for member in members:
        progress = CourseProgress(course=cohort.course, lessons=lessons, done_keys=done[member.pk])
        rows.append(
            MemberProgress(
                member=member,
                progress=progress,
                cells=[progress.is_done(lesson) for lesson in lessons],
            )
        )
    return {"lessons": lessons, "rows": rows}


def course_quizzes(*, course: CoursePage) -> list:
    """The course's quizzes in reading order: those placed in lessons, then the final check."""
    from quizzes.selectors import source_quiz

    found = [
        quiz for lesson in course_lessons(course=course) for quiz in quizzes_placed_in(lesson.body)
    ]
    if course.final_quiz:
        found.append(course.final_quiz)
    unique = {}
    for quiz in found:
        quiz = source_quiz(quiz)
        unique.setdefault(quiz.translation_key, quiz)
    return list(unique.values())


def course_h5p_activities(*, course: CoursePage) -> list:
    """H5P activities placed in the course's lessons, in reading order, each once."""
    unique = {}
    for lesson in course_lessons(course=course):
        for activity in h5p_placed_in(lesson.body):
            unique.setdefault(activity.pk, activity)
    return list(unique.values())


def lesson_placing_activity(*, request, activity) -> LessonPage | None:
    """A live lesson whose published body places the H5P ``activity`` and that the request's
    user may view (page view restrictions), or None.

    Wagtail's reference index finds the candidate pages; their live body is checked because
    the index may also follow an unpublished draft."""
    candidates = ReferenceIndex.get_references_to(activity).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    ids = [int(pk) for pk in candidates.values_list("object_id", flat=True)]
    for lesson in LessonPage.objects.live().filter(pk__in=ids):
        placed = activity in h5p_placed_in(lesson.body)
        if placed and all(r.accept_request(request) for r in lesson.get_view_restrictions()):
            return lesson
    return None


def offline_pack(*, page, user) -> dict:
    """What "save for offline" stores for a lesson or a whole course: the addresses of its
    pages. The browser reads each saved page for the files it uses (narration, pictures,
    captions), so what is saved is exactly what the page shows."""
    from quizzes.selectors import quiz_in_locale

    if isinstance(page, CoursePage):
        course, lessons = page, course_lessons(course=page)
    else:
        course, lessons = page.get_parent().specific, [page]
    pages = [page.url, course.url, *(lesson.url for lesson in lessons)]
    quizzes = [quiz for lesson in lessons for quiz in quizzes_placed_in(lesson.body)]
    if page is course and course.final_quiz:
        quizzes.append(course.final_quiz)
    # Quizzes are answered by a learner with an account; visitors save the reading only.
    if user.is_authenticated:
        pages += [
            reverse("quizzes:whole", args=[quiz_in_locale(quiz, page.locale).pk])
            for quiz in quizzes
        ]
    return {
        "key": f"page-{page.pk}",
        "title": page.title,
        "url": page.url,
        "pages": list(dict.fromkeys(pages)),
    }


def video_documents(*, lesson: LessonPage) -> list:
    """The uploaded videos ``lesson`` plays, in reading order (a video placed twice, twice)."""
    return [document for _block_id, document in videos_in(lesson.body)]


def small_videos(*, lesson: LessonPage) -> dict:
    """{block id: ready low-bandwidth copy, or None} for each video block of ``lesson``."""
    placed = videos_in(lesson.body)
    ready = {
        rendition.document_id: rendition
        for rendition in VideoRendition.objects.filter(
            document__in=[document for _block_id, document in placed],
            status=VideoRendition.Status.READY,
        )
    }
    return {block_id: ready.get(document.pk) for block_id, document in placed}


def lessons_showing_image(*, image) -> list[LessonPage]:
    """Live lessons whose body refers to ``image`` (Wagtail's reference index; a lesson it
    has not indexed yet is made again at its next publication anyway)."""
    references = ReferenceIndex.get_references_to(image).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    ids = [int(pk) for pk in references.values_list("object_id", flat=True)]
    return list(LessonPage.objects.live().filter(pk__in=ids))
