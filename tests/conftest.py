import pytest

from accounts import sms
from tests import factories


@pytest.fixture(autouse=True)
def _clean_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Login rate limits live in the cache; one test's failed logins must not lock out the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def course(db):
    return factories.course_with_lessons()


@pytest.fixture
def lessons(course):
    return factories.lessons_of(course)


@pytest.fixture
def commune(db):
    return factories.CommuneFactory()


@pytest.fixture
def owner(db):
    """A trainer, who leads ``cohort``."""
    return factories.trainer()


@pytest.fixture
def cohort(owner, course, commune):
    from courses.services import create_cohort

    factories.serves(owner, commune)  # a trainer opens cohorts only where they serve
    return create_cohort(
        trainer=owner,
        course=course,
        name="Lớp bản Phăng",
        commune=commune,
        meeting_place="Nhà văn hoá bản Phăng",
    )
