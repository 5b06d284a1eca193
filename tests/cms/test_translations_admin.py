"""A translator on a weak connection downloads a lesson's translation file, translates it
offline and uploads it back; an editor publishes it. Nothing is translated by machine."""

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from accounts.roles import Role
from tests.factories import UserFactory, learner


def translator():
    return UserFactory(role=Role.TRANSLATOR, is_staff=False)


def start_hmong_translation(lesson, user):
    hmong = Locale.objects.get_or_create(language_code="hnj")[0]
    TranslationCreator(user, [hmong]).create_translations(lesson)
    return Translation.objects.get(source__object_id=lesson.translation_key, target_locale=hmong)


def test_a_translator_downloads_a_lesson_translates_it_offline_and_uploads_it(client, lessons):
    person = translator()
    translation = start_hmong_translation(lessons[0], person)
    client.force_login(person)

    listing = client.get(reverse("my_translations") + "?language=hnj").content.decode()
    assert listing.count('data-testid="translation-row"') == 1
    assert "VNeID bài 1" in listing and "0 / " not in listing

    download = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith("-hnj.po")
    po = polib.pofile(download.content.decode())
    title = next(entry for entry in po if entry.msgid == "VNeID bài 1")
    assert not title.msgstr
    title.msgstr = "VNeID zaj 1"

    answer = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {
            "file": SimpleUploadedFile("bai-1-hnj.po", str(po).encode(), "text/x-gettext"),
            "next": reverse("my_translations"),
        },
    )
    assert answer.status_code == 302 and answer["Location"] == reverse("my_translations")
    total, done = translation.get_progress()
    assert done == 1 and total > 1

    # An editor publishes what the translator wrote; the Hmong page now carries it.
    translation.save_target(user=UserFactory(is_superuser=True), publish=True)
    assert translation.get_target_instance().title == "VNeID zaj 1"


def test_a_file_made_for_another_translation_is_refused(client, lessons):
    person = translator()
    first = start_hmong_translation(lessons[0], person)
    second = start_hmong_translation(lessons[1], person)
    client.force_login(person)
    other = client.get(reverse("wagtail_localize:download_pofile", args=[second.pk])).content
    client.post(
        reverse("wagtail_localize:upload_pofile", args=[first.pk]),
        {"file": SimpleUploadedFile("x.po", other, "text/x-gettext"), "next": "/admin/"},
    )
    assert first.get_progress()[1] == 0


def test_learners_have_no_translations_page(client, db):
    client.force_login(learner())
    assert client.get(reverse("my_translations")).status_code in (302, 403)
