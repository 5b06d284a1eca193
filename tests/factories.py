"""Small builders: each test makes the users, places and pages it needs."""

import factory
from wagtail.models import Locale, Page, Site

from accounts.models import User
from accounts.roles import Role, assign_role
from cms.models import HomePage
from courses.models import CourseIndexPage, CoursePage
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


def site_home() -> HomePage:
    """A HomePage as the default site's root, replacing Wagtail's placeholder page."""
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Nhà Số", slug="nha-so", locale=Locale.get_default())
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
                body=[
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
                ],
            )
        )
    return course


def lessons_of(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).order_by("path"))
