"""The editor's admin in Vietnamese: walking the main path as the demo editor, no English.

Wagtail's own Vietnamese covers little of its admin; locale_thirdparty/ fills in the rest
(scripts/thirdparty_catalogue.py). The walk reads what the editor sees on each screen (the
main content, the side menu and its sub-menus, open menus and panels, field placeholders) and
lists what still looks English: words of Django's, Wagtail's and wagtail-localize's English
msgids, once proper names, loanwords and the content's own titles are set aside.
"""

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import django
import polib
import pytest
import wagtail
import wagtail_localize
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.models import LessonPage
from quizzes.models import H5PActivity, Quiz
from tests.factories import screenshot

ROOT = Path(__file__).resolve().parents[2]
THIRDPARTY = ROOT / "locale_thirdparty" / "vi" / "LC_MESSAGES"
SHOTS = ROOT / "var" / "screenshots" / "admin-vi"
EDITOR, DEMO_PASSWORD = "bientap", "hoc-so-2026"

# Names that stay as they are in Vietnamese software.
PROPER_NAMES = {
    "Wagtail",
    "H5P",
    "VNeID",
    "English",
    "Nhà Số",
    "PDF",
    "URL",
    "ID",
    "Email",
    "SVG",
    "GIF",
    "PNG",
    "JPEG",
    "JPG",
    "WebP",
    "AVIF",
    "HEIC",
    "MB",
    "KB",
    "px",
    "Enter",
    "Esc",
    "Ctrl",
    "Shift",
    "Alt",
    "Tab",
}
# Written into wagtail-localize's JavaScript without gettext, so no catalogue reaches them:
# a button's screen-reader label and the heading over the strings to translate.
HARD_CODED = [re.compile(r"More actions"), re.compile(r".+ to .+ translation")]
# Loanwords Vietnamese software writes as they are.
LOANWORDS = {"menu", "web", "email", "link", "slug", "PO"}
# Vietnamese syllables written without marks that are also English words.
VIETNAMESE_SYLLABLES = set(
    "ai an anh ba ban bao binh ca cao cho chi co con do em gia hai hang hay hoa in khi kho la "
    "lan long ma mai man mang may minh mon nam ong qua ra sang sau sinh so tai tam ten thanh "
    "theo thu tim tin tinh to tu van xanh xin".split()
)


@cache
def english_words() -> frozenset[str]:
    """Words of the English msgids of Django, Wagtail and wagtail-localize."""
    words = set()
    for package in (django, wagtail, wagtail_localize):
        for path in Path(package.__file__).parent.rglob("locale/en/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(path)):
                text = re.sub(r"%\([^)]*\)\w|\{\w*\}|<[^>]+>", " ", entry.msgid)
                words.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", text))
    return frozenset(words - VIETNAMESE_SYLLABLES - {w.lower() for w in LOANWORDS})


def english_left(texts: list[str], known: set[str]) -> list[str]:
    """Lines of ``texts`` that hold an English word once names and content are set aside."""
    left = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if any(pattern.fullmatch(line) for pattern in HARD_CODED):
                continue
            rest = re.sub(r"\S+://\S+", " ", line)
            for name in sorted(known | PROPER_NAMES, key=len, reverse=True):
                rest = rest.replace(name, " ")
            # Whole words only: "Đang" must not leave "ang" behind.
            words = [w for w in re.findall(r"\w+", rest) if w.isascii() and w.isalpha()]
            if any(word.lower() in english_words() for word in words):
                left.append(line)
    return left


def seen_text(page) -> list[str]:
    """What the editor reads: the visible text of the main content, the side menu and any
    open menu or dialog, field placeholders, a list's chosen option (not all its options:
    time zones keep their names) and the window's title."""
    return page.evaluate(
        """() => {
             const texts = [document.title];
             const roots = document.querySelectorAll(
               'main, #wagtail-sidebar, aside, [role=dialog], .w-dropdown__content, [role=menu]');
             const inside = (node, selector) => node.parentElement.closest(selector);
             for (const root of roots) {
               const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
               while (walker.nextNode()) {
                 const node = walker.currentNode;
                 if (!node.textContent.trim() || inside(node, 'select, script, style, template'))
                   continue;
                 if (!node.parentElement.checkVisibility({visibilityProperty: true})) continue;
                 texts.push(node.textContent.trim());
               }
               for (const field of root.querySelectorAll('[placeholder]'))
                 if (field.checkVisibility()) texts.push(field.placeholder);
               for (const list of root.querySelectorAll('select'))
                 if (list.checkVisibility() && list.selectedOptions.length)
                   texts.push(list.selectedOptions[0].text);
             }
             return [...new Set(texts)];
           }"""
    )


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    # .mo files are not kept in git; `make messages` compiles them. Compile ours afresh and
    # let Django read the catalogues again.
    from django.utils.translation import trans_real

    for po in THIRDPARTY.glob("*.po"):
        subprocess.run(
            ["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True
        )
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture
def demo(transactional_db, django_db_serialized_rollback):
    # Serialized rollback keeps what Wagtail's migrations made: the Editors group's rights.
    call_command("seed_demo", "--no-narration", verbosity=0)


@pytest.fixture
def context(browser, browser_context_args):
    # Editors work on a computer at the commune.
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 900}}
    )
    yield context
    context.close()


def log_in_as_editor(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(EDITOR)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()


def content_names(lesson) -> set[str]:
    """What the editors wrote, or named, themselves: it stays as written."""
    from django.conf import settings
    from wagtail.models import Page

    names = {title for title in Page.objects.values_list("title", flat=True)}
    names |= set(Quiz.objects.values_list("title", flat=True))
    names |= set(H5PActivity.objects.values_list("title", flat=True))
    names |= {name for _code, name in settings.LANGUAGES}
    return names | {lesson.slug, "Tòng Thị Lan", EDITOR}


def test_an_editor_walks_the_admin_in_vietnamese(live_server, demo, context):
    SHOTS.mkdir(parents=True, exist_ok=True)
    lesson = LessonPage.objects.filter(locale__language_code="vi").first()
    course = lesson.get_parent()
    picture = screenshot(title="Màn hình VNeID")
    quiz = Quiz.objects.first()
    known = content_names(lesson) | {picture.title}

    page = context.new_page()
    log_in_as_editor(page, live_server)
    found: dict[str, list[str]] = {}

    def look(name):
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        found[name] = english_left(seen_text(page), known)

    def visit(name, path):
        page.goto(live_server.url + path)
        look(name)

    visit("01-dashboard", "/admin/")
    # The side menu's sub-menus, drawn only when opened.
    for name, menu in (("01a-reports-menu", "Báo cáo"), ("01b-help-menu", "Trợ giúp")):
        page.locator("#wagtail-sidebar").get_by_role("button", name=menu).click()
        page.wait_for_timeout(400)
        look(name)
        page.keyboard.press("Escape")
    visit("02-page-tree", f"/admin/pages/{course.pk}/")
    # A lesson's own actions, from its row's "…" in the page tree.
    page.get_by_role("button", name=f"Thêm lựa chọn cho '{lesson.title}'").click()
    page.wait_for_timeout(400)
    look("02a-page-actions")
    visit("03-lesson-editor", f"/admin/pages/{lesson.pk}/edit/")
    # The block picker, opened from the first "+" between blocks.
    page.locator("button.c-sf-add-button").first.click()
    expect(page.locator(".w-combobox")).to_be_visible()
    page.wait_for_timeout(400)  # let it fade in before the picture
    look("04-block-picker")
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Quảng bá").click()
    look("05-lesson-promote")
    # The publish menu, above "Save draft".
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    expect(page.locator("footer .w-dropdown__content")).to_be_visible()
    page.wait_for_timeout(400)
    look("06-publish-menu")
    page.keyboard.press("Escape")
    # The status side panel: locale, translations, locking, privacy.
    page.locator("[data-side-panel-toggle=status]").click()
    expect(page.locator("[data-side-panel=status]")).to_be_visible()
    page.wait_for_timeout(400)
    look("07-status-panel")

    visit("08-history", f"/admin/pages/{lesson.pk}/history/")
    visit("09-new-lesson", f"/admin/pages/add/lessons/lessonpage/{course.pk}/")
    visit("10-images", "/admin/images/")
    visit("11-image-upload", "/admin/images/multiple/add/")
    visit("12-image-edit", f"/admin/images/{picture.pk}/")
    visit("13-documents", "/admin/documents/")
    visit("14-document-upload", "/admin/documents/multiple/add/")
    visit("15-quizzes", "/admin/snippets/quizzes/quiz/")
    visit("16-quiz-editor", f"/admin/snippets/quizzes/quiz/edit/{quiz.pk}/")
    visit("17-h5p-activities", "/admin/snippets/quizzes/h5pactivity/")
    visit("18-h5p-new", "/admin/snippets/quizzes/h5pactivity/add/")
    visit("19-narration", f"/admin/narration/lessons/{lesson.pk}/")

    # Translating the lesson into Tày opens wagtail-localize's translation editor.
    visit("20-translate", f"/admin/localize/submit/page/{lesson.pk}/")
    page.get_by_label("Tày").check()
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.get_by_role("button", name="Dịch").first).to_be_visible()
    look("21-translation-editor")
    visit("22-account", "/admin/account/")

    report = "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)
    print(report)
    assert not any(found.values()), report


def test_every_main_path_string_of_the_packages_has_its_vietnamese():
    # The script's own check: nothing untranslated, placeholders as in the English.
    result = subprocess.run(
        [sys.executable, "scripts/thirdparty_catalogue.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
