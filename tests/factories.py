"""Small builders: each test makes the users, places and pages it needs."""

import factory
from wagtail.models import Locale, Page, Site

from accounts.models import User
from accounts.roles import Role, assign_role
from cms.models import HomePage
from courses.models import CourseIndexPage, CoursePage
from households.models import Evidence, Household, Level, Member
from households.services import record_evidence
from lessons.blocks import body_from_json
from lessons.models import LessonPage
from places.models import Commune, Province

PASSWORD = "mat-khau-thu-9"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = "11"
    name = "Tỉnh Điện Biên"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{3325 + n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    province = factory.SubFactory(ProvinceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = factory.Sequence(lambda n: f"Người {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        if extracted:
            assign_role(obj, extracted)


def trainer(**kwargs) -> User:
    return UserFactory(role=Role.TRAINER, **kwargs)


def learner(**kwargs) -> User:
    return UserFactory(role=Role.LEARNER, **kwargs)


def serves(trainer: User, commune: Commune) -> User:
    """Record that ``trainer`` serves ``commune``, as its official would on the trainers page
    (``accounts.services.assign_trainer``, without the official). Returns the trainer."""
    from accounts.models import TrainerCommune

    TrainerCommune.objects.get_or_create(trainer=trainer, commune=commune)
    return trainer


def wagtail_basics() -> Locale:
    """The default locale, root page and root collection Wagtail's migrations make.

    Browser tests run on a transactional database, whose flush empties them too.
    """
    from wagtail.models import Collection

    locale, _ = Locale.objects.get_or_create(language_code="vi")
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", locale=locale)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return locale


def site_home() -> HomePage:
    """A HomePage as the default site's root, replacing Wagtail's placeholder page."""
    home = HomePage.objects.first()
    if home:
        return home
    locale = wagtail_basics()
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Nhà Số", slug="nha-so", locale=locale)
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Nhà Số"},
    )
    return home


def course_with_lessons(
    *, title="VNeID", slug="vneid", lessons=3, essential=True, minutes=20
) -> CoursePage:
    home = site_home()
    index = CourseIndexPage.objects.first() or home.add_child(
        instance=CourseIndexPage(title="Khoá học", slug="khoa-hoc")
    )
    course = index.add_child(
        instance=CoursePage(
            title=title,
            slug=slug,
            competence_area="digital_identity",
            estimated_minutes=minutes,
            summary=f"Tóm tắt {title}",
            is_essential=essential,
        )
    )
    for n in range(1, lessons + 1):
        course.add_child(
            instance=LessonPage(
                title=f"{title} bài {n}",
                slug=f"{slug}-bai-{n}",
                body=body_from_json(
                    [
                        {"type": "text", "value": f"<p>Nội dung bài {n}</p>"},
                        {
                            "type": "steps",
                            "value": {
                                "title": "",
                                "steps": [
                                    {
                                        "text": "<p>Mở ứng dụng</p>",
                                        "screenshot": None,
                                        "screenshot_alt": "",
                                    }
                                ],
                            },
                        },
                    ]
                ),
            )
        )
    return course


def lessons_of(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).order_by("path"))


def screenshot(title="Màn hình VNeID"):
    """A small real PNG stored as a Wagtail image."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    wagtail_basics()
    return Image.objects.create(
        title=title,
        file=get_test_image_file(size=(400, 800)),
        collection=Collection.get_first_root_node(),
    )


def quiz_with_every_question_type(**fields):
    """A quiz with one question of each type; correct answers are noted in the texts."""
    from quizzes.models import Quiz

    questions = [
        (
            "single_choice",
            {
                "prompt": "<p>Ai được hỏi mã OTP của bạn?</p>",
                "choices": [
                    {
                        "text": "Không ai cả",
                        "correct": True,
                        "feedback": "Đúng: OTP là của riêng bạn.",
                    },
                    {
                        "text": "Công an gọi điện",
                        "correct": False,
                        "feedback": "Công an không hỏi OTP.",
                    },
                    {"text": "Nhân viên ngân hàng", "correct": False, "feedback": ""},
                ],
            },
        ),
        (
            "multiple_choice",
            {
                "prompt": "<p>Dấu hiệu lừa đảo?</p>",
                "choices": [
                    {"text": "Giục chuyển tiền gấp", "correct": True, "feedback": ""},
                    {"text": "Đòi mã OTP", "correct": True, "feedback": ""},
                    {"text": "Gửi tin từ số tổng đài quen", "correct": False, "feedback": ""},
                ],
            },
        ),
        (
            "true_false",
            {
                "prompt": "<p>VNeID là ứng dụng miễn phí.</p>",
                "is_true": True,
                "feedback_correct": "Đúng vậy.",
                "feedback_wrong": "VNeID miễn phí.",
            },
        ),
        (
            "ordering",
            {
                "prompt": "<p>Xếp các bước kích hoạt VNeID</p>",
                "steps": ["Mở VNeID", "Nhập số định danh", "Nhập mã OTP"],
                "feedback": "Mở ứng dụng trước, nhập OTP sau cùng.",
            },
        ),
        (
            "tap_the_right_place",
            {
                "prompt": "<p>Bấm vào nút Đăng nhập</p>",
                "image": screenshot(),
                "image_alt": "Màn hình đầu của VNeID",
                "regions": [{"left": 10, "top": 80, "width": 80, "height": 10}],
                "feedback_correct": "",
                "feedback_wrong": "Nút ở cuối màn hình.",
            },
        ),
    ]
    defaults = {"title": "Kiểm tra: an toàn với VNeID", "pass_mark": 80, "max_attempts": 2}
    return Quiz.objects.create(questions=questions, **{**defaults, **fields})


def login_button_quiz():
    """One question: tap VNeID's login button, in the bottom tenth of the screenshot."""
    from quizzes.models import Quiz

    tap = {
        "prompt": "<p>Bấm vào nút Đăng nhập</p>",
        "image": screenshot(),
        "image_alt": "Màn hình đầu của VNeID",
        "regions": [{"left": 10, "top": 80, "width": 80, "height": 10}],
        "feedback_correct": "Đúng chỗ rồi.",
        "feedback_wrong": "Nút ở cuối màn hình.",
    }
    return Quiz.objects.create(
        title="Tìm nút Đăng nhập", pass_mark=100, questions=[("tap_the_right_place", tap)]
    )


def otp_quiz(**fields):
    """Two quick questions about OTP codes: true ("Đúng"), then "Không ai cả"."""
    from quizzes.models import Quiz

    questions = [
        (
            "true_false",
            {
                "prompt": "<p>Không ai được hỏi mã OTP.</p>",
                "is_true": True,
                "feedback_correct": "",
                "feedback_wrong": "",
            },
        ),
        (
            "single_choice",
            {
                "prompt": "<p>Ai được hỏi mã OTP?</p>",
                "choices": [
                    {"text": "Không ai cả", "correct": True, "feedback": ""},
                    {"text": "Công an gọi điện", "correct": False, "feedback": ""},
                ],
            },
        ),
    ]
    return Quiz.objects.create(questions=questions, **{"title": "Kiểm tra nhanh", **fields})


def household(commune, village, code, *levels, observed_on=None):
    """A household whose members have evidence at ``levels`` (None: no evidence)."""
    home = Household.objects.create(
        commune=commune, village=village, code=code, head_name=f"Chủ hộ {code}"
    )
    kinds = {
        Level.SELF_REPORTED: Evidence.Kind.AMBASSADOR_SAYS,
        Level.QUIZ_VERIFIED: Evidence.Kind.QUIZ,
        Level.PRACTISED: Evidence.Kind.PRACTICE,
        Level.WITNESSED: Evidence.Kind.WITNESSED,
    }
    for n, level in enumerate(levels):
        member = Member.objects.create(
            household=home, full_name=f"Người {code}-{n}", birth_year=1980 + n, relation="child"
        )
        if level:
            record_evidence(member=member, kind=kinds[level], user=None, observed_on=observed_on)
    return home
