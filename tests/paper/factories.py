"""A course whose lessons have numbered steps with pictures, as a booklet prints them."""

from lessons.blocks import body_from_json
from lessons.models import LessonPage
from tests import factories


def step(text, picture=None, caption="", x=50.0, y=80.0):
    return {
        "text": f"<p>{text}</p>",
        "screenshot": picture,
        "screenshot_alt": "Màn hình điện thoại" if picture else "",
        "marker": {"x": x, "y": y} if picture else {"x": None, "y": None},
        "caption": caption,
    }


def lesson_body(number: int, picture) -> list:
    return body_from_json(
        [
            {"type": "text", "value": f"<p>Giới thiệu bài {number}: việc cần làm.</p>"},
            {
                "type": "steps",
                "value": {
                    "title": "Các bước",
                    "steps": [
                        step(f"Mở ứng dụng VNeID (bài {number})", picture, "Nút Đăng nhập ở dưới"),
                        step(f"Nhập số định danh (bài {number})", picture, "", x=30, y=20),
                    ],
                },
            },
            {
                "type": "callout",
                "value": {"kind": "warning", "text": "<p>Không đưa OTP cho ai.</p>"},
            },
        ]
    )


def course_with_pictures(*, lessons=2, title="VNeID trên giấy", slug="vneid-giay", essential=True):
    """A live course of ``lessons`` lessons, each with a text, two steps with a picture and a
    tap marker, and a warning."""
    course = factories.course_with_lessons(title=title, slug=slug, lessons=0, essential=essential)
    picture = factories.screenshot()
    for number in range(1, lessons + 1):
        course.add_child(
            instance=LessonPage(
                title=f"Bài {number}: kích hoạt tài khoản",
                slug=f"{slug}-bai-{number}",
                body=lesson_body(number, picture),
            )
        )
    return course


def translate(page, language: str, **fields):
    """A real translation of ``page`` (and aliases of its parents) in ``language``, with
    ``fields`` changed, published."""
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code=language)
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def english_lesson(lesson):
    """``lesson`` really translated into English: its title and each step's text and caption
    in English, block and step ids kept (as wagtail-localize keeps them)."""
    from wagtail.models import Locale

    locale, _created = Locale.objects.get_or_create(language_code="en")
    translation = lesson.copy_for_translation(locale, copy_parents=True)
    raw = translation.body.raw_data
    for block in raw:
        if block["type"] == "steps":
            block["value"]["title"] = "The steps"
            for n, item in enumerate(block["value"]["steps"], start=1):
                item["value"]["text"] = f"<p>English step {n} of {lesson.title[:5]}</p>"
                item["value"]["caption"] = "The login button" if item["value"]["caption"] else ""
    translation.title = f"Lesson in English: {lesson.slug}"
    translation.body = raw
    translation.save_revision().publish()
    return translation
