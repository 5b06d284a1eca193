import pytest
from wagtail.models import Locale

from accounts.roles import Role
from tests import factories
from tests.media.test_recording_checks import wav


@pytest.fixture
def contributor(db):
    return factories.UserFactory(role=Role.VOICE_CONTRIBUTOR, username="giang_a_lu")


@pytest.fixture
def editor(db):
    return factories.UserFactory(role=Role.EDITOR, username="bientap", is_staff=False)


@pytest.fixture
def lesson(db):
    course = factories.course_with_lessons(title="VNeID", slug="vneid", lessons=1)
    return factories.lessons_of(course)[0]


@pytest.fixture
def hmong_page(lesson):
    """The lesson's untranslated stand-in for Hmoob readers (an alias of the Vietnamese)."""
    hmong = Locale.objects.create(language_code="hnj")
    return lesson.copy_for_translation(hmong, copy_parents=True, alias=True)


@pytest.fixture
def speech() -> bytes:
    return wav((0.2, 0), (1.5, 0.5), (0.2, 0))
