"""Load the demo site: the Vietnamese catalogue, one commune, an account per role, a cohort
and what the demo people have done (demo.results: a certificate, a practice, a refresher due).

Idempotent: running it again updates the catalogue and leaves one copy of everything.
"""

import copy
import io
import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from accounts.models import User
from accounts.roles import Role, assign_role
from accounts.services import assign_trainer
from base.tasks import enqueue_on_commit
from cms.models import HomePage
from courses.models import Cohort, CohortSession, CourseIndexPage, CoursePage
from courses.services import add_member, enrol, record_attendance, register_sheet_account
from demo import catalogue, results, screens
from demo import households as demo_households
from demo.data_files import DemoDataError
from lessons.blocks import body_from_json
from lessons.models import LessonPage, LessonProgress
from lessons.narration import everything_items
from lessons.services import record_progress
from media.services import create_job
from media.tasks import generate_narration
from places.models import Commune, Province
from quizzes.models import Quiz

DEMO_PASSWORD = "hoc-so-2026"
# username, name, phone (None: no phone), role
DEMO_ACCOUNTS = [
    ("hocvien", "Lò Thị Xuân", "+84912000001", Role.LEARNER),
    ("sinhvien", "Quàng Văn Nam", "+84912000002", Role.AMBASSADOR),
    ("taphuan", "Lường Thị Hoa", "+84912000003", Role.TRAINER),
    ("canbo", "Cà Văn Minh", "+84912000004", Role.COMMUNE_OFFICIAL),
    ("tinh", "Điêu Thị Hằng", "+84912000005", Role.PROVINCE_ADMIN),
    ("bientap", "Tòng Thị Lan", None, Role.EDITOR),
    # Records lessons in H'Mông (her account's language), reviewed by the editor.
    ("giongdoc", "Giàng Thị Mỷ", "+84912000006", Role.VOICE_CONTRIBUTOR),
    # Translates pages (PO files) and the minority languages' interface (/dich-giao-dien/).
    ("dichgia", "Vàng A Pháo", None, Role.TRANSLATOR),
]
# Contributors record in the language their account is set to.
DEMO_LANGUAGES = {"giongdoc": "hnj"}
# Cohort members without a phone, as a trainer would create them.
DEMO_MEMBERS_WITHOUT_PHONE = [
    ("lothixuyen", "Lò Thị Xuyến"),
    ("quangvanpanh", "Quàng Văn Pánh"),
    ("luongthiun", "Lường Thị Ún"),
]
# The collection of the demo's drawn screens; editors see them in the admin's image library.
PICTURES_COLLECTION = "Demo"
# Titles editors read in the image library (in Vietnamese, like everything they see).
PICTURE_TITLE = "Màn hình mẫu: {name}"


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _same_blocks(stored, new: list[tuple]) -> bool:
    """True when ``new`` (as given to body_from_json) is what ``stored`` already holds."""
    block = stored.stream_block
    normalised = block.get_prep_value(block.normalize(new))
    return _without_ids(stored.get_prep_value()) == _without_ids(normalised)


class Command(BaseCommand):
    help = "Load the demo catalogue, accounts for each role and a demo cohort (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-narration",
            action="store_true",
            help="Do not queue the synthesis of the demo narration (espeak-ng).",
        )

    def handle(self, *args, **options):
        self._load(*args, **options)
        if not options["no_narration"]:
            items = everything_items()
            job = create_job(label="Demo: narration", items=items, user=None)
            enqueue_on_commit(generate_narration, job.pk)
            self.stdout.write(f"Narration of {len(items)} texts queued (the task worker makes it).")

    @transaction.atomic
    def _load(self, *args, **options):
        # The data files are read before anything is written, so a mistake in one stops here.
        try:
            content = catalogue.courses()
            population = demo_households.population()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        vi = self._locales()
        commune = self._commune()
        home = self._home(vi)
        index = self._course_index(home)
        self._pictures = Pictures()
        courses = [self._course(index, course) for course in content]
        self._pictures.forget_unused()
        for page, course in zip(courses, content, strict=True):
            self._final_quiz(page, course.final_quiz, vi)
        catalogue.tag_skills(courses, content)  # loads skills/data/ (load_skill_framework) first
        self._sync_locales(vi)
        accounts = self._accounts(commune)
        self._cohort(courses[0], commune, accounts)
        call_command("load_admin_units", stdout=open(os.devnull, "w"))
        demo_households.load(commune, population=population, recorded_by=accounts["canbo"])
        self._official_refresher(courses, accounts["canbo"])
        demo_households.load_ambassador(
            commune, ambassador=accounts["sinhvien"], approver=accounts["canbo"]
        )
        self._results(courses, accounts)
        lessons = sum(len(course.lessons) for course in content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(courses)} courses, {lessons} lessons, commune {commune}."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, name, phone, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role.label:<24} {username:<10} {phone or '':<14} {name}")
        self.stdout.write("  Superuser (Django admin) quantri            same password")

    def _locales(self) -> Locale:
        vi, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        for code, _name in settings.LANGUAGES:
            if code == vi.language_code:
                continue
            locale, _ = Locale.objects.get_or_create(language_code=code)
            LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": vi})
        return vi

    def _commune(self) -> Commune:
        # Official codes after the July 2025 reform.
        province, _ = Province.objects.update_or_create(
            code="11", defaults={"name": "Tỉnh Điện Biên"}
        )
        commune, _ = Commune.objects.update_or_create(
            code="03325", defaults={"name": "Xã Mường Phăng", "province": province}
        )
        return commune

    def _home(self, vi: Locale) -> HomePage:
        home = HomePage.objects.filter(locale=vi).first()
        root = Page.get_first_root_node()
        if home is None:
            home = root.add_child(
                instance=HomePage(
                    title="Nhà Số: học dùng dịch vụ công trực tuyến", slug="nha-so", locale=vi
                )
            )
        home.intro = (
            "<p>Những bài học ngắn, dễ hiểu để mỗi gia đình có ít nhất một người "
            "biết dùng dịch vụ công trực tuyến.</p>"
        )
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Nhà Số",
            )
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "Nhà Số"
            site.save()
            # Wagtail's placeholder "Welcome" page is not ours to keep.
            if old_root.specific_class is Page:
                old_root.delete()
        return home

    def _course_index(self, home: HomePage) -> CourseIndexPage:
        index = CourseIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(instance=CourseIndexPage(title="Khoá học", slug="khoa-hoc"))
        index.intro = "<p>Chọn một khoá học. Mỗi bài chỉ mất vài phút.</p>"
        index.save_revision().publish()
        return index

    @staticmethod
    def _publish_child(parent: Page, model, slug: str, **fields) -> Page:
        """Create or update the child page ``slug`` of ``parent`` and publish it."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=model(slug=slug, **fields))
        else:
            for name, value in fields.items():
                if name == "body" and _same_blocks(page.body, value):
                    continue  # keep the stored block ids: narration refers to them
                setattr(page, name, value)
        page.save_revision().publish()  # a revision, so editors see the page's history
        return page

    def _course(self, index: CourseIndexPage, course: catalogue.Course) -> CoursePage:
        page = self._publish_child(
            index,
            CoursePage,
            course.slug,
            title=course.title,
            summary=course.summary,
            audience=course.audience,
            competence_area=course.competence_area,
            estimated_minutes=course.estimated_minutes,
            is_essential=course.is_essential,
            certificate_valid_months=course.certificate_valid_months,
        )
        for lesson in course.lessons:
            self._publish_child(
                page,
                LessonPage,
                lesson.slug,
                title=lesson.title,
                summary=lesson.summary,
                estimated_minutes=lesson.estimated_minutes,
                body=body_from_json(self._pictures.fill(course, lesson)),
            )
        return page

    @staticmethod
    def _final_quiz(course: CoursePage, data: catalogue.FinalQuiz | None, vi: Locale) -> None:
        if data is None:
            return
        quiz = Quiz.objects.filter(title=data.title, locale=vi).first()
        if quiz is None:
            # Questions are written once: rewriting them would give them new ids and orphan
            # the answers of earlier attempts.
            quiz = Quiz.objects.create(
                locale=vi,
                title=data.title,
                intro=data.intro,
                questions=data.questions,
                pass_mark=data.pass_mark,
                max_attempts=3,
            )
        if course.final_quiz_id != quiz.pk:
            course.final_quiz = quiz
            course.save_revision().publish()

    def _sync_locales(self, vi: Locale) -> None:
        # Untranslated pages appear in every locale as aliases of the Vietnamese page.
        for sync in LocaleSynchronization.objects.filter(sync_from=vi).select_related("locale"):
            synchronize_tree(vi, sync.locale)

    def _user(self, username, name, phone=None, commune=None) -> User:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = name
        user.phone = phone
        user.phone_verified = bool(phone)
        user.home_commune = commune
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _accounts(self, commune: Commune) -> dict[str, User]:
        accounts = {}
        for username, name, phone, role in DEMO_ACCOUNTS:
            user = self._user(username, name, phone, commune)
            assign_role(user, role)
            if role is Role.EDITOR:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            if username in DEMO_LANGUAGES:
                user.preferred_language = DEMO_LANGUAGES[username]
                user.save(update_fields=["preferred_language"])
            accounts[username] = user
        for username, name in DEMO_MEMBERS_WITHOUT_PHONE:
            accounts[username] = self._user(username, name, commune=commune)
            assign_role(accounts[username], Role.LEARNER)
        admin = self._user("quantri", "Quản trị", commune=commune)
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        return accounts

    def _official_refresher(self, courses: list[CoursePage], official: User) -> None:
        """The demo official has done half of the officials' course."""
        course = next(c for c in courses if c.audience == "officials")
        enrol(user=official, course=course)
        if not LessonProgress.objects.filter(user=official).exists():
            first = LessonPage.objects.child_of(course).order_by("path").first()
            record_progress(user=official, lesson=first, client_id=uuid.uuid4())

    @staticmethod
    def _results(courses: list[CoursePage], accounts: dict[str, User]) -> None:
        """The learner's certificate and practice, the official's refresher due (demo.results)."""
        vneid = courses[0]
        install = LessonPage.objects.child_of(vneid).get(slug="cai-ung-dung-vneid")
        results.learner(user=accounts["hocvien"], course=vneid, lesson=install)
        refresher = next(c for c in courses if c.audience == "officials")
        results.refresher_due(user=accounts["canbo"], course=refresher)

    def _cohort(self, course: CoursePage, commune: Commune, accounts: dict[str, User]) -> None:
        trainer = accounts["taphuan"]
        # The commune's official says the trainer serves it, as on the trainers page.
        assign_trainer(by=accounts["canbo"], trainer=trainer, commune=commune)
        cohort, created = Cohort.objects.get_or_create(
            name="Lớp VNeID – Nhà văn hoá xã Mường Phăng",
            defaults={
                "course": course,
                "commune": commune,
                "meeting_place": "Nhà văn hoá xã Mường Phăng",
            },
        )
        cohort.trainers.add(trainer)
        if not created:
            return
        members = [accounts["hocvien"]] + [accounts[u] for u, _ in DEMO_MEMBERS_WITHOUT_PHONE]
        for member in members:
            add_member(cohort=cohort, user=member)
            if not member.phone:
                register_sheet_account(cohort=cohort, user=member, trainer=trainer)
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        past = CohortSession.objects.create(
            cohort=cohort, starts_at=now - timedelta(days=3), topic="VNeID là gì; cài ứng dụng"
        )
        CohortSession.objects.create(
            cohort=cohort, starts_at=now + timedelta(days=4), topic="Kích hoạt tài khoản mức 2"
        )
        record_attendance(
            session=past, present_user_ids={m.pk for m in members[:3]}, recorded_by=trainer
        )
        lessons = list(LessonPage.objects.child_of(course).order_by("path"))
        # A little progress so the trainer's grid has something to show.
        for member, done in zip(members, [2, 1, 1, 0], strict=False):
            for lesson in lessons[:done]:
                record_progress(user=member, lesson=lesson, client_id=uuid.uuid4())


class Pictures:
    """The drawn screens of the demo lessons, as Wagtail images in the Demo collection.

    An image is found again by its title, which names the step's place in the catalogue, and
    its file (named by the drawing's digest) is replaced only when the drawing changed:
    running seed_demo again keeps the same image ids, so the lesson bodies stay the same and
    keep their block ids."""

    def __init__(self):
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=PICTURES_COLLECTION).first()
        self.collection = collection or root.add_child(name=PICTURES_COLLECTION)
        self.model = get_image_model()
        self.used: set[str] = set()

    def forget_unused(self) -> None:
        """Delete the drawn screens no step shows any more (a step lost its picture)."""
        drawn = self.model.objects.filter(
            collection=self.collection, title__startswith=PICTURE_TITLE.format(name="")
        )
        for image in drawn.exclude(title__in=self.used):
            image.delete()

    def fill(self, course: catalogue.Course, lesson: catalogue.Lesson) -> list[dict]:
        """The lesson's body with the picture and tap marker of each drawn step and practice
        screen filled in."""
        body = copy.deepcopy(lesson.body)
        for place in lesson.screens:
            where = "luyện tập" if place.practice else "bước"
            name = f"{lesson.title}, {where} {place.block + 1}.{place.step + 1}"
            try:
                drawing = screens.draw(place.screen)
            except screens.ScreenError as error:
                raise CommandError(f"demo screen {name}: {error}") from error
            step = body[place.block]["value"][place.items][place.step]
            step["screenshot"] = self._image(name, drawing)
            if drawing.marker:
                step["marker"] = {"x": drawing.marker[0], "y": drawing.marker[1]}
        return body

    def _image(self, name: str, drawing: screens.Drawing):
        title = PICTURE_TITLE.format(name=name)
        # The digest in the file's name says whether the drawing changed (the storage may
        # add a suffix when two steps show the same screen).
        stem = f"man-hinh-{drawing.digest[:16]}"
        image = self.model.objects.filter(title=title, collection=self.collection).first()
        self.used.add(title)
        if image is not None and os.path.basename(image.file.name).startswith(stem):
            return image
        if image is None:
            image = self.model(title=title, collection=self.collection)
        else:
            image.renditions.all().delete()
            image.file.delete(save=False)
        image.file = ImageFile(io.BytesIO(drawing.png), name=f"{stem}.png")
        image._set_image_file_metadata()
        image.save()
        return image
