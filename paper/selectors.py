"""What goes on paper: a course's pocket guide (booklet) and a commune's poster.

The booklet is always written from the Vietnamese course; a second language is set beside it,
lesson by lesson, only where that lesson really exists in it (a translation, never the
Vietnamese alias that stands in for a missing one). Pictures are the same step pictures and
tap markers as the lesson page (``lessons.blocks.step_picture`` and ``tap_drawing``).

Who may print a commune's poster mirrors ``households.selectors.communes_for`` (households sits
above this app, so it cannot be asked): an official their home commune, a trainer the communes
of their cohorts, a province administrator the communes of their province.
"""

from dataclasses import dataclass, field

from django.db.models import Max, QuerySet
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page

from accounts.models import User
from courses.models import CoursePage
from courses.selectors import (
    canonical_course,
    communes_in_scope,
    course_languages,
    essential_courses,
)
from lessons.blocks import (
    CalloutBlock,
    ImageBlock,
    Picture,
    StepsBlock,
    TextBlock,
    step_picture,
    tap_drawing,
    videos_in,
)
from lessons.models import LessonPage, LessonVideo
from lessons.videos import video_for_reader
from places.models import Commune

# The picture of a screen on paper: 300 px wide, printed 30 mm wide (about 250 dpi). JPEG,
# because WeasyPrint embeds a JPEG as it is; PNG or WebP it decodes and stores again, several
# times larger.
PRINT_PICTURE = "width-300|format-jpeg|jpegquality-70"


# --- the booklet ---------------------------------------------------------------------------


@dataclass
class PrintedPicture:
    picture: Picture
    url: str  # the small JPEG copy
    tap: dict | None  # lessons.blocks.tap_drawing


@dataclass
class Step:
    number: int
    text: object  # rich text, as stored
    picture: PrintedPicture | None
    translated_text: object = None
    translated_caption: str = ""


@dataclass
class Part:
    """One block of a lesson as printed: numbered steps, rich text, a callout, a picture, or
    plain text (what a listener hears of any other block)."""

    kind: str  # "steps" | "text" | "callout" | "picture" | "plain"
    title: str = ""
    steps: list[Step] = field(default_factory=list)
    text: object = ""
    callout_kind: str = ""
    picture: PrintedPicture | None = None
    translated_title: str = ""
    translated_text: object = ""


@dataclass
class PrintedLesson:
    number: int
    page: LessonPage
    url: str  # where the QR code leads: the lesson page, to listen and watch
    has_video: bool
    parts: list[Part]
    translation: LessonPage | None  # in the second language, where it really exists


@dataclass
class Booklet:
    course: CoursePage
    language: str  # the second language's code, "" for Vietnamese only
    language_name: str
    course_translation: CoursePage | None
    lessons: list[PrintedLesson]


def booklet_courses() -> list[CoursePage]:
    """Every live course of the default locale (Vietnamese), essential ones first; each
    carries ``languages``, the other languages its booklet can be printed beside."""
    default = Locale.get_default()
    courses = list(
        CoursePage.objects.live().public().filter(locale=default).order_by("-is_essential", "path")
    )
    for course in courses:
        course.languages = second_languages(course=course)
    return courses


def booklet_course(*, course_id: int) -> CoursePage | None:
    """The live Vietnamese course a booklet is made from (a translation's id leads to it);
    None for a course only some may read (a view restriction) or withdrawn in Vietnamese."""
    course = CoursePage.objects.live().public().filter(pk=course_id).first()
    source = canonical_course(course) if course else None
    public = CoursePage.objects.live().public()
    return source if source and public.filter(pk=source.pk).exists() else None


def second_languages(*, course: CoursePage) -> list[dict]:
    """The languages (code, name) the course is really translated into, Vietnamese left out."""
    default = Locale.get_default().language_code
    return [lang for lang in course_languages(course=course) if lang["code"] != default]


def real_translation(page, language: str):
    """``page`` in ``language`` if it was translated and is live; None for an alias standing
    in for a missing translation (``is_untranslated_fallback``) or no page at all."""
    if not language:
        return None
    found = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    if found is None or found.specific.is_untranslated_fallback:
        return None
    return found.specific


def printed_picture(picture: Picture | None) -> PrintedPicture | None:
    if picture is None:
        return None
    rendition = picture.image.get_rendition(PRINT_PICTURE)
    return PrintedPicture(picture=picture, url=rendition.url, tap=tap_drawing(picture))


def lesson_parts(lesson: LessonPage, translation: LessonPage | None) -> list[Part]:
    """The lesson's blocks as printed, with the translation's text of the same block (and of
    the same step) beside it: translations keep the blocks' ids."""
    translated = {child.id: child for child in translation.body} if translation else {}
    parts = []
    for child in lesson.body:
        block, value, other = child.block, child.value, translated.get(child.id)
        if isinstance(block, StepsBlock):
            other_steps = (
                {step.id: step.value for step in other.value["steps"].bound_blocks} if other else {}
            )
            steps = []
            for number, step in enumerate(value["steps"].bound_blocks, start=1):
                twin = other_steps.get(step.id)
                steps.append(
                    Step(
                        number=number,
                        text=step.value["text"],
                        picture=printed_picture(step_picture(step.value)),
                        translated_text=twin["text"] if twin else None,
                        translated_caption=(twin["caption"] if twin else "") or "",
                    )
                )
            parts.append(
                Part(
                    kind="steps",
                    title=value["title"],
                    steps=steps,
                    translated_title=(other.value["title"] if other else "") or "",
                )
            )
        elif isinstance(block, TextBlock):
            parts.append(
                Part(kind="text", text=value, translated_text=other.value if other else "")
            )
        elif isinstance(block, CalloutBlock):
            parts.append(
                Part(
                    kind="callout",
                    callout_kind=value["kind"],
                    text=value["text"],
                    translated_text=other.value["text"] if other else "",
                )
            )
        elif isinstance(block, ImageBlock):
            picture = Picture(
                image=value, alt=value.contrast_text or "", caption="", marker_x=None, marker_y=None
            )
            parts.append(Part(kind="picture", picture=printed_picture(picture)))
        else:
            # Any other block (video, practice link, quiz…): what a listener hears of it.
            heard = " ".join(text for _key, text in block.narrated_texts(value, child.id) if text)
            if heard.strip():
                other_heard = (
                    " ".join(t for _k, t in other.block.narrated_texts(other.value, other.id) if t)
                    if other
                    else ""
                )
                parts.append(Part(kind="plain", text=heard, translated_text=other_heard))
    return parts


def booklet(*, course: CoursePage, language: str, origin: str) -> Booklet:
    """The Vietnamese ``course`` as a printed booklet, ``language`` (a code of
    ``second_languages``, or "") beside it where lessons are translated. ``origin`` (scheme
    and host) makes the QR codes' addresses."""
    lessons = []
    # Only what anyone may read: a lesson behind a view restriction is not printed.
    public_lessons = LessonPage.objects.live().public().child_of(course).order_by("path")
    for number, lesson in enumerate(public_lessons, start=1):
        translation = real_translation(lesson, language)
        lessons.append(
            PrintedLesson(
                number=number,
                page=lesson,
                url=origin + lesson.url,
                has_video=bool(video_for_reader(lesson) or videos_in(lesson.body)),
                parts=lesson_parts(lesson, translation),
                translation=translation,
            )
        )
    return Booklet(
        course=course,
        language=language,
        language_name=get_language_info(language)["name_local"] if language else "",
        course_translation=real_translation(course, language),
        lessons=lessons,
    )


def booklet_version(*, course: CoursePage, language: str) -> str:
    """What the booklet depends on, in a few cheap queries: changes when the course or one of
    its lessons (or a translation of either in ``language``) is published again, a lesson is
    added or withdrawn, or a lesson's video is made."""
    lessons = list(
        LessonPage.objects.live()
        .public()
        .child_of(course)
        .order_by("path")
        .values_list("pk", "translation_key", "last_published_at")
    )
    keys = [course.translation_key, *(key for _pk, key, _at in lessons)]
    translated = (
        list(
            Page.objects.live()
            .filter(translation_key__in=keys, locale__language_code=language)
            .order_by("pk")
            .values_list("pk", "alias_of_id", "last_published_at")
        )
        if language
        else []
    )
    videos = LessonVideo.objects.filter(lesson__in=[pk for pk, _key, _at in lessons]).aggregate(
        latest=Max("updated_at")
    )["latest"]
    return repr((course.pk, course.last_published_at, lessons, translated, videos))


# --- the poster ----------------------------------------------------------------------------


def poster_communes(user) -> QuerySet[Commune]:
    """The communes whose poster ``user`` may print: those they answer for as a coverage
    viewer (``courses.selectors.communes_in_scope``)."""
    return communes_in_scope(user).select_related("province")


@dataclass
class PosterCourse:
    course: CoursePage
    url: str


@dataclass
class Poster:
    commune: Commune
    courses: list[PosterCourse]
    trainers: list[User]


def commune_trainers(*, commune: Commune) -> list[User]:
    """The trainers of the commune's cohorts, by name."""
    return list(
        User.objects.filter(trained_cohorts__commune=commune, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def poster(*, commune: Commune, origin: str) -> Poster:
    """The commune's poster: its essential courses (Vietnamese) with their addresses, and the
    trainers people can call."""
    default = Locale.get_default()
    courses = [
        PosterCourse(course=course, url=origin + course.url)
        for course in essential_courses(locale=default)
    ]
    return Poster(commune=commune, courses=courses, trainers=commune_trainers(commune=commune))
