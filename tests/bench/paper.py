"""Paper budget: the time to make a 25-lesson pocket guide (A5 PDF) and a commune's poster
(A3), cold and from the kept copy, and their bytes per page; and a certificate's PDF (made
on every download) as its holder gets it.

Runs on a fresh SQLite database in a temporary directory, seeds the demo (no narration), then
gathers the demo lessons (the demo's courses have 3 to 6 lessons each) into one course of 25
lessons, copied page by page with their pictures, and prints it:

    .venv/bin/python tests/bench/paper.py

"cold" is the first PDF made by the process (WeasyPrint and its fonts load); "again" is made
after a lesson is published again (a new PDF, WeasyPrint loaded); "kept" finds the stored PDF.
Prints figures; nothing is asserted.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lesson_page import ROOT, setup_django  # noqa: E402

LESSONS = 25
SCREENSHOTS = ROOT / "var" / "screenshots" / "paper"
ORIGIN = "http://nhaso.example"


def timed(make) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = make()
    return time.perf_counter() - start, data


def report(name: str, timings: dict[str, float], data: bytes) -> None:
    from tests.pdfs import pdf_page_sizes_mm, pdf_pages

    pages = pdf_pages(data)
    width, height = pdf_page_sizes_mm(data)[0]
    times = ", ".join(f"{label} {seconds:.2f} s" for label, seconds in timings.items())
    print(f"{name}: {times}")
    print(
        f"  {pages} pages of {width}x{height} mm, {len(data) / 1024:.0f} KB, "
        f"{len(data) / pages / 1024:.1f} KB per page"
    )


def save_pages(data: bytes, name: str, pages: range) -> None:
    """Pages of the PDF as PNG pictures under var/screenshots/paper/, to look at."""
    import pypdfium2 as pdfium

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(data)
    for page in pages:
        if page < len(document):
            document[page].render(scale=2).to_pil().save(SCREENSHOTS / f"{name}-{page + 1}.png")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nhaso-bench-") as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.utils import translation
        from wagtail.models import Locale

        from courses.models import Cohort, CourseIndexPage, CoursePage
        from lessons.blocks import pictures_in
        from lessons.models import LessonPage
        from paper import services

        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        call_command("seed_demo", "--no-narration", verbosity=0)
        print(f"seed_demo: {time.perf_counter() - start:.1f} s")
        translation.activate("vi")

        demo_lessons = list(
            LessonPage.objects.live().filter(locale=Locale.get_default()).order_by("path")
        )
        index = CourseIndexPage.objects.filter(locale=Locale.get_default()).first()
        course = index.add_child(
            instance=CoursePage(
                title="Sổ tay Nhà Số: mọi bài",
                slug="so-tay-moi-bai",
                competence_area="digital_identity",
                estimated_minutes=200,
                summary="Tất cả bài học của bản demo trong một khoá, để đo sổ tay 25 bài.",
            )
        )
        chosen = (demo_lessons * 2)[:LESSONS]  # repeats lessons if the demo has fewer
        for number, lesson in enumerate(chosen, start=1):
            lesson.copy(to=course, update_attrs={"slug": f"bai-{number}-{lesson.slug}"[:250]})
        lessons = list(LessonPage.objects.child_of(course).live())
        pictures = sum(len(pictures_in(lesson.body)) for lesson in lessons)
        print(
            f"course of {len(lessons)} lessons (from {len(demo_lessons)} demo lessons), "
            f"{pictures} step pictures"
        )

        def booklet():
            return services.booklet_pdf(course=course, language="", origin=ORIGIN)

        cold, data = timed(booklet)
        kept, _same = timed(booklet)
        lessons[0].save_revision().publish()
        again, data = timed(booklet)
        html_time, _html = timed(
            lambda: services.booklet_html(course=course, language="", origin=ORIGIN, for_pdf=True)
        )
        report(
            f"booklet, {len(lessons)} lessons",
            {"cold": cold, "again": again, "kept": kept, "of which HTML": html_time},
            data,
        )
        save_pages(data, "demo-booklet", range(4))

        certificate_pdf()

        cohort = Cohort.objects.select_related("commune").first()
        if cohort is None:
            print("poster: the demo has no cohort")
            return

        def poster():
            return services.poster_pdf(commune=cohort.commune, origin=ORIGIN)

        cold, data = timed(poster)
        kept, _same = timed(poster)
        report(f"poster of {cohort.commune.name}", {"cold": cold, "kept": kept}, data)
        save_pages(data, "demo-poster", range(1))


def certificate_pdf() -> None:
    """The demo learner downloads their certificate five times (each a new PDF)."""
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from certificates.models import Certificate

    certificate = Certificate.objects.filter(holder__username="hocvien").first()
    if certificate is None:
        print("certificate: the demo has none")
        return
    client = Client(HTTP_HOST="localhost")
    client.force_login(certificate.holder)
    url = reverse("certificates:pdf", args=[certificate.pk])
    timings = []
    for _ in range(5):
        with override_settings(ALLOWED_HOSTS=["localhost"]):
            seconds, response = timed(lambda: client.get(url))
        assert response.status_code == 200, response.status_code
        timings.append(seconds)
    timings.sort()
    report("certificate", {"fastest": timings[0], "median": timings[2]}, response.content)
    save_pages(response.content, "demo-certificate", range(1))


if __name__ == "__main__":
    main()
