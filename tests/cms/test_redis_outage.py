"""On the production settings, Redis going away is not an outage of the site: every page is
served, logged-in people stay logged in, and people can still log in."""

import pytest
from django.core.cache import caches

from cms.settings.base import redis_caches
from tests.factories import PASSWORD, learner

# Nothing listens there: every Redis call fails at once, as when Redis is stopped.
GONE = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_gone(settings):
    settings.CACHES = redis_caches(GONE, GONE)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"
    yield
    for cache in caches.all(initialized_only=True):
        cache.close()


def test_pages_are_served_and_nobody_is_logged_out(client, lessons, redis_gone):
    person = learner()
    assert client.get(lessons[0].url).status_code == 200  # a visitor's page, normally cached
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"login": person.username, "password": PASSWORD})
    assert response.status_code == 302  # the login limits let people in
    for url in (lessons[0].url, "/hoc-tap/", lessons[1].url):
        page = client.get(url)
        assert page.status_code == 200
        assert page.wsgi_request.user == person
