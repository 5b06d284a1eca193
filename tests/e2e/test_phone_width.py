"""No page any role can reach is wider than a 360 px phone.

A crawler signs in as each demo role, starts from that role's menu and follows the links it
finds on the site (GET pages only: no downloads, no admin, no logout), a couple of pages of
each shape (``/ho-gia-dinh/ho/12/`` and ``/ho-gia-dinh/ho/13/`` are one shape), and measures
the page's width. Every kind of page is kept as a screenshot; one that scrolls sideways is
listed with the elements that stick out.
"""

import re
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from django.conf import settings
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD
from tests.factories import wagtail_basics

from .test_quiz import log_in

SHOTS = Path("var/screenshots/phone-width")
WIDTH = 360
# Other languages draw the same templates: Vietnamese is walked, the others are not.
OTHER_LANGUAGES = "|".join(code for code, _name in settings.LANGUAGES if code != "vi")
SKIP = re.compile(
    rf"^/({OTHER_LANGUAGES})/|^/(admin|django-admin|documents|media|static|h5p|sw\.js)|"
    r"^/accounts/(logout|login/code)|\.(csv|xlsx|json|vtt|pdf|svg|png|jpg|webp|ogg|mp3|mp4)$|/tai/|/pdf/$"
)
PER_SHAPE = 2
MOST = 70  # pages per role: enough to reach every kind of page of the demo


@pytest.fixture
def demo(transactional_db):
    wagtail_basics()
    call_command("seed_demo", "--no-narration", verbosity=0)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": WIDTH, "height": 740}}


def shape(path: str) -> str:
    """One key for pages drawn by the same template: ids and course or lesson slugs vary."""
    path = re.sub(r"^/khoa-hoc/[^/]+/", "/khoa-hoc/C/", path)
    path = re.sub(r"^/khoa-hoc/C/[^/]+/", "/khoa-hoc/C/L/", path)
    return re.sub(r"\d+", "N", path)


def too_wide(page, live_server, start: list[str], who: str) -> list[str]:
    origin = urlparse(live_server.url).netloc
    queue, seen, shapes, wide = list(start), set(), {}, []
    while queue and len(seen) < MOST:
        path = queue.pop(0)
        if path in seen or shapes.get(shape(path), 0) >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        response = page.goto(live_server.url + path)
        if (
            response is None
            or response.status != 200
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        shot = SHOTS / who / f"{shape(path).strip('/').replace('/', '_') or 'home'}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shot, full_page=True)  # every kind of page, to look at
        if width > WIDTH:
            culprit = page.evaluate(
                """(limit) => {
                     const out = [...document.querySelectorAll("main *")].filter((el) =>
                       el.getBoundingClientRect().right > limit + 1 &&
                       ![...el.children].some((c) => c.getBoundingClientRect().right > limit + 1));
                     return out.slice(0, 3).map((el) =>
                       `<${el.tagName.toLowerCase()} class="${el.className}">`).join(" ");
                   }""",
                WIDTH,
            )
            wide.append(f"{who} {path}: {width} px, {culprit}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            url = urlparse(urldefrag(href)[0])
            # Query strings only say where to go next, or which page of a list: same page.
            if url.netloc == origin and not SKIP.search(url.path) and url.path not in seen:
                queue.append(url.path)
    print(who, len(seen), sorted(shapes))
    return wide


ROLES = {
    None: ["/", "/accounts/login/", "/accounts/signup/", "/khong-co-mang/"],
    "hocvien": ["/hoc-tap/", "/"],
    "sinhvien": ["/ho-gia-dinh/cua-toi/", "/hoc-tap/"],
    "taphuan": ["/lop-hoc/", "/thong-ke/lop/"],
    "canbo": ["/ho-gia-dinh/", "/thong-ke/"],
    "tinh": ["/thong-ke/", "/ho-gia-dinh/"],
    "bientap": ["/hoc-tap/", "/"],
}


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(live_server, page, demo):
    wide = []
    for username, start in ROLES.items():  # one demo for every role: it is slow to load
        page.context.clear_cookies()
        if username:
            log_in(page, live_server, username, DEMO_PASSWORD)
        wide += too_wide(page, live_server, start, username or "visitor")
    assert wide == [], "\n".join(wide)
