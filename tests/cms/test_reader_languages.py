"""A reader of a minority language: the chooser names each language in itself, the page says
truthfully which parts are in which language, and the note is in the reader's language only
where a translator wrote it. Interface strings are edited by translators in the browser
(django-rosetta); nothing else may reach that editor."""

import hashlib
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.models import Locale

from accounts.roles import Role
from base import interface_catalogues
from cms import interface_catalogue
from tests.factories import UserFactory, learner

NOTE = "This page is not yet translated into %(language)s. It is shown in Vietnamese."


def hmong_stand_in(lesson):
    hmong = Locale.objects.get_or_create(language_code="hnj")[0]
    return lesson.copy_for_translation(hmong, copy_parents=True, alias=True)


def test_the_language_chooser_names_each_language_in_itself(client, lessons):
    html = client.get(lessons[0].url).content.decode()
    for code, name in [
        ("vi", "Tiếng Việt"),
        ("hnj", "Hmoob"),
        ("tyz", "Tày"),
        ("blt", "ꪼꪕꪒꪾ"),
        ("km", "ខ្មែរ"),
    ]:
        assert re.search(rf'lang="{code}" hreflang="{code}"[^>]*>{name}</a>', html), code


def test_an_untranslated_page_is_marked_vietnamese_in_a_hmong_readers_frame(client, lessons):
    html = client.get(hmong_stand_in(lessons[0]).url).content.decode()
    # The frame's strings fall back to Vietnamese: the page says so, and so does the lesson.
    assert '<html lang="vi">' in html
    assert '<article class="lesson" lang="vi">' in html
    note = re.search(r'data-testid="fallback-note">\s*<span lang="(\w+)">([^<]+)', html)
    assert note.groups() == (
        "vi",
        "Trang này chưa được dịch sang tiếng Hmoob. Đang hiển thị bằng tiếng Việt.",
    )


def test_english_readers_get_an_english_frame(client, lessons):
    html = client.get("/en" + lessons[0].url).content.decode()
    assert '<html lang="en">' in html


@pytest.fixture
def editable_catalogues(settings, tmp_path, monkeypatch):
    """The project's catalogues copied aside, so a translator's edits in a test never touch
    the checkout's files."""
    project = Path(settings.BASE_DIR) / "locale"
    copy = tmp_path / "locale"
    shutil.copytree(project, copy)
    settings.LOCALE_PATHS = [copy, *settings.LOCALE_PATHS[1:]]
    settings.ROSETTA_EXCLUDED_PATHS = [str(project)]
    monkeypatch.setattr(interface_catalogues, "CHECK_EVERY_SECONDS", 0)
    return copy


def test_only_translators_open_the_interface_translation_editor(client, db):
    client.force_login(learner())
    response = client.get("/dich-giao-dien/files/project/")
    assert response.status_code in (302, 403)
    assert "/dich-giao-dien/" not in response.get("Location", "/dich-giao-dien/")[:16]

    client.force_login(UserFactory(role=Role.TRANSLATOR))
    listing = client.get("/dich-giao-dien/files/project/").content.decode()
    for code in settings.MINORITY_LANGUAGES:
        assert f"/files/project/{code}/" in listing
    # Vietnamese and English belong to the developers' catalogue, not to this editor.
    assert "/files/project/vi/" not in listing and "/files/project/en/" not in listing


def test_a_translators_words_reach_hmong_readers_marked_as_hmong(
    client, lessons, editable_catalogues
):
    stand_in = hmong_stand_in(lessons[0])
    client.force_login(UserFactory(role=Role.TRANSLATOR))
    form_url = "/dich-giao-dien/files/project/hnj/0/"
    catalogue = polib.pofile(str(editable_catalogues / "hnj" / "LC_MESSAGES" / "django.po"))
    entry = catalogue.find(NOTE)
    assert entry is not None and not entry.msgstr
    field = "m_" + hashlib.md5((entry.msgid + entry.msgstr).encode()).hexdigest()
    words = "Nplooj ntawv no tseem tsis tau txhais ua %(language)s. Nws yog lus Nyab Laj."
    assert client.get(form_url).status_code == 200
    client.post(form_url, {field: words})
    saved = polib.pofile(str(editable_catalogues / "hnj" / "LC_MESSAGES" / "django.po"))
    assert saved.find(NOTE).msgstr == words

    client.logout()
    html = client.get(stand_in.url).content.decode()
    assert '<span lang="hnj">Nplooj ntawv no tseem tsis tau txhais ua Hmoob.' in html
    # Everything the translator did not write is still Vietnamese, and said to be.
    assert '<html lang="vi">' in html


def test_the_minority_catalogues_hold_exactly_the_short_interface():
    for language in settings.MINORITY_LANGUAGES:
        assert interface_catalogue.differences(language) == [], language
    entries = {entry.msgid for entry in interface_catalogue.build("hnj")}
    assert NOTE in entries and "Skip to content" in entries
    # Trainers' and officials' screens stay Vietnamese: not part of the short interface.
    assert "Print every login sheet" not in entries


def test_no_machine_translation_is_configured():
    assert not getattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None)
    assert settings.ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS is False
