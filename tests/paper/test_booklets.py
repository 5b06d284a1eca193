"""The pocket guide on paper: an A5 booklet per course, with a QR code per lesson."""

from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from lessons.models import LessonPage
from paper import services
from tests.pdfs import pdf_page_sizes_mm, pdf_pages, pdf_text, qr_codes_in_pdf

from .factories import course_with_pictures, english_lesson, translate

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "paper"
A5 = (148, 210)


def save_page(data: bytes, page: int, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdfium.PdfDocument(data)[page].render(scale=2).to_pil().save(SCREENSHOTS / name)


@pytest.fixture
def paper_course(db):
    return course_with_pictures(lessons=2)


@pytest.fixture
def made(monkeypatch):
    """The booklets and posters WeasyPrint made, counted."""
    calls = []
    real = services.html_to_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(services, "html_to_pdf", counting)
    return calls


def test_anyone_downloads_a_courses_booklet_on_a5_with_each_lessons_steps(client, paper_course):
    response = client.get(reverse("paper:booklet_pdf", args=[paper_course.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    text = pdf_text(data)
    assert "VNeID trên giấy" in text
    assert "Bài 1: kích hoạt tài khoản" in text and "Bài 2: kích hoạt tài khoản" in text
    assert "Mở ứng dụng VNeID (bài 1)" in text and "Nhập số định danh (bài 2)" in text
    assert "Nút Đăng nhập ở dưới" in text  # a step picture's caption
    assert "Không đưa OTP cho ai." in text  # a warning, as text
    assert pdf_pages(data) >= 3  # the cover, then each lesson from a new page
    assert set(pdf_page_sizes_mm(data)) == {A5}
    save_page(data, 0, "booklet-cover.png")
    save_page(data, 1, "booklet-lesson-1.png")


def test_the_qr_code_of_lesson_one_opens_the_lesson_page(client, paper_course):
    data = client.get(reverse("paper:booklet_pdf", args=[paper_course.pk])).content

    codes = qr_codes_in_pdf(data, page=1)

    assert len(codes) == 1
    address = urlsplit(codes[0])
    assert address.scheme == "http" and address.netloc == "testserver"
    lesson_page = client.get(address.path)
    assert lesson_page.status_code == 200
    assert "Bài 1: kích hoạt tài khoản" in lesson_page.content.decode()


def test_a_booklet_sets_a_translated_lesson_beside_the_vietnamese_and_only_there(
    client, paper_course
):
    from wagtail.models import Locale

    lesson_1, lesson_2 = paper_course.get_children().specific().order_by("path")
    translate(paper_course, "en", title="VNeID on paper", summary="VNeID, step by step")
    english_lesson(lesson_1)
    # Lesson 2 is not translated: an alias stands in for it with the Vietnamese text.
    lesson_2.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)

    response = client.get(reverse("paper:booklet_pdf", args=[paper_course.pk]) + "?ngon-ngu=en")

    text = pdf_text(response.content)
    assert "VNeID trên giấy" in text and "VNeID on paper" in text
    assert "Mở ứng dụng VNeID (bài 1)" in text and "English step 1 of Bài 1" in text
    assert "Lesson in English: vneid-giay-bai-1" in text
    assert "The login button" in text  # the translated caption under the picture
    assert "Nhập số định danh (bài 2)" in text
    assert "vneid-giay-bai-2" not in text and "of Bài 2" not in text
    save_page(response.content, 1, "booklet-bilingual-lesson-1.png")


def test_the_print_page_offers_the_languages_the_course_exists_in(client, paper_course):
    translate(paper_course, "en", title="VNeID on paper")

    page = client.get(reverse("paper:booklet", args=[paper_course.pk]))
    listing = client.get(reverse("paper:booklets"))

    assert page.status_code == 200
    assert f'href="{reverse("paper:booklet", args=[paper_course.pk])}?ngon-ngu=en"' in (
        page.content.decode()
    )
    assert "?ngon-ngu=en" in listing.content.decode()
    assert "?ngon-ngu=hnj" not in listing.content.decode()


def test_a_language_the_course_is_not_in_gives_the_vietnamese_booklet(client, paper_course, made):
    response = client.get(reverse("paper:booklet", args=[paper_course.pk]) + "?ngon-ngu=km")

    assert response.status_code == 200
    assert 'lang="km"' not in response.content.decode()


def test_the_print_page_is_the_fallback_with_an_a5_print_stylesheet(client, paper_course):
    from django.contrib.staticfiles import finders

    response = client.get(reverse("paper:booklet", args=[paper_course.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/static/paper/booklet.css"' in html
    assert "size: A5" in Path(finders.find("paper/booklet.css")).read_text()
    assert "Mở ứng dụng VNeID (bài 1)" in html
    assert 'data-testid="booklet-lesson"' in html


def test_the_booklet_list_is_public_and_links_each_courses_pdf_and_print_page(client, paper_course):
    response = client.get(reverse("paper:booklets"))

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("paper:booklet_pdf", args=[paper_course.pk]) in html
    assert reverse("paper:booklet", args=[paper_course.pk]) in html


def test_a_second_download_is_not_made_again_until_a_lesson_is_published_again(
    client, paper_course, made, settings
):
    url = reverse("paper:booklet_pdf", args=[paper_course.pk])

    first = client.get(url).content
    second = client.get(url).content
    assert len(made) == 1
    assert first == second

    lesson = paper_course.get_children().specific().first()
    lesson.title = "Bài 1: mở tài khoản"
    lesson.save_revision().publish()
    third = client.get(url).content

    assert len(made) == 2
    assert "Bài 1: mở tài khoản" in pdf_text(third)
    kept = list((Path(settings.MEDIA_ROOT) / "paper" / "booklets").iterdir())
    assert len(kept) == 1  # the older copy was deleted


def test_publishing_the_course_again_makes_a_new_booklet(client, paper_course, made):
    url = reverse("paper:booklet_pdf", args=[paper_course.pk])
    client.get(url)

    paper_course.summary = "Tóm tắt mới"
    paper_course.save_revision().publish()
    client.get(url)

    assert len(made) == 2


def test_a_course_that_is_not_live_has_no_booklet(client, paper_course):
    paper_course.unpublish()

    assert client.get(reverse("paper:booklet_pdf", args=[paper_course.pk])).status_code == 404
    assert client.get(reverse("paper:booklet", args=[paper_course.pk])).status_code == 404


def test_the_course_page_is_given_its_booklets_addresses(rf, paper_course):
    from base.page_parts import parts
    from courses import page_parts

    found = parts(page_parts.COURSE_PAGE, course=paper_course, user=None, is_enrolled=False)

    assert found["booklet_pdf_url"] == reverse("paper:booklet_pdf", args=[paper_course.pk])
    assert found["booklet_print_url"] == reverse("paper:booklet", args=[paper_course.pk])


def test_a_course_only_some_may_read_is_neither_listed_nor_printed(client, paper_course):
    PageViewRestriction.objects.create(page=paper_course, restriction_type="login")

    assert client.get(reverse("paper:booklet", args=[paper_course.pk])).status_code == 404
    assert client.get(reverse("paper:booklet_pdf", args=[paper_course.pk])).status_code == 404
    assert paper_course.title not in client.get(reverse("paper:booklets")).content.decode()


def test_a_lesson_only_some_may_read_is_left_out_of_the_booklet(client, paper_course):
    hidden = LessonPage.objects.child_of(paper_course).order_by("path").last()
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")

    html = client.get(reverse("paper:booklet", args=[paper_course.pk])).content.decode()

    assert hidden.title not in html
