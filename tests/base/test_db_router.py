"""The dashboards read from the replica (a second alias, a mirror of the test database here);
writes and everybody else's reads stay on the primary."""

import threading
from uuid import uuid4

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from analytics.reports import Filters, province_cache_key
from analytics.tasks import build_province_report
from base.db_router import ReplicaRouter, reads_from_replica
from base.models import AuditEvent
from households.models import Level
from lessons.models import LessonProgress
from places.models import Village
from tests.factories import (
    CommuneFactory,
    UserFactory,
    course_with_lessons,
    household,
    lessons_of,
    wagtail_basics,
)

BOTH = ["default", "replica"]


@pytest.fixture
def replica(settings):
    settings.REPLICA_DATABASE_ALIAS = "replica"


@pytest.fixture
def world():
    wagtail_basics()
    commune = CommuneFactory(name="Xã A")
    village = Village.objects.create(commune=commune, name="Bản A")
    household(commune, village, "A1", Level.WITNESSED, None)
    household(commune, village, "A2", Level.QUIZ_VERIFIED)
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    admin = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=commune)
    return {"commune": commune, "official": official, "admin": admin}


class Queries:
    """The SQL each alias ran inside the block."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in BOTH}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def sql(self, alias) -> list[str]:
        return [query["sql"] for query in self.contexts[alias].captured_queries]

    def writes(self, alias) -> list[str]:
        return [
            sql
            for sql in self.sql(alias)
            if sql.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        ]


def test_without_a_replica_every_read_goes_to_the_primary(settings):
    settings.REPLICA_DATABASE_ALIAS = None
    router = ReplicaRouter()
    with reads_from_replica():
        assert router.db_for_read(LessonProgress) == "default"
    assert router.db_for_write(LessonProgress) == "default"


def test_with_a_replica_only_reads_inside_the_block_go_there(replica):
    router = ReplicaRouter()
    assert router.db_for_read(LessonProgress) == "default"
    with reads_from_replica():
        assert router.db_for_read(LessonProgress) == "replica"
        assert router.db_for_write(LessonProgress) == "default"
        # Who is logged in and the task queue's rows are read where they were written.
        from django.contrib.sessions.models import Session

        assert router.db_for_read(Session) == "default"
    assert router.db_for_read(LessonProgress) == "default"
    assert router.allow_migrate("default", "lessons") is True
    assert router.allow_migrate("replica", "lessons") is False
    assert router.allow_relation(object(), object()) is True


def test_the_replica_block_belongs_to_its_own_thread(replica):
    router = ReplicaRouter()
    seen = []
    with reads_from_replica():
        thread = threading.Thread(target=lambda: seen.append(router.db_for_read(LessonProgress)))
        thread.start()
        thread.join()
        assert router.db_for_read(LessonProgress) == "replica"
    assert seen == ["default"]


def test_a_decorated_function_reads_from_the_replica_and_its_writes_go_to_the_primary(replica):
    router = ReplicaRouter()

    @reads_from_replica
    def work():
        return router.db_for_read(LessonProgress), router.db_for_write(LessonProgress)

    assert work() == ("replica", "default")
    assert router.db_for_read(LessonProgress) == "default"


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_inside_a_transaction_on_the_primary_reads_stay_there(replica):
    router = ReplicaRouter()
    with reads_from_replica(), transaction.atomic():
        assert router.db_for_read(LessonProgress) == "default"


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_commune_dashboard_is_read_from_the_replica_and_its_export_logged_on_the_primary(
    client, world, replica
):
    client.force_login(world["official"])
    code = world["commune"].code
    with Queries() as queries:
        response = client.get(reverse("analytics:commune", args=[code]))
    assert response.status_code == 200
    on_replica = " ".join(queries.sql("replica"))
    assert "households_household" in on_replica  # the report's figures
    assert queries.writes("replica") == []
    # The primary answered who is asking and whether they may see the commune.
    assert "django_session" in " ".join(queries.sql("default"))
    assert "households_household" not in " ".join(queries.sql("default"))

    with Queries() as queries:
        export = client.get(reverse("analytics:commune_export", args=[code, "villages", "csv"]))
    assert export.status_code == 200
    assert any("base_auditevent" in sql for sql in queries.writes("default"))
    assert queries.writes("replica") == []
    assert AuditEvent.objects.filter(action="analytics.export").count() == 1


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_province_report_is_built_from_the_replica_in_the_background(world, replica):
    from django.core.cache import cache

    province = world["commune"].province
    with Queries() as queries:
        build_province_report.call(province.code, Filters().as_json())
    assert cache.get(province_cache_key(province, Filters())) is not None
    assert "households_household" in " ".join(queries.sql("replica"))
    assert "households_household" not in " ".join(queries.sql("default"))


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_province_dashboard_reads_from_the_replica(client, world, replica):
    client.force_login(world["admin"])
    code = world["commune"].province.code
    with Queries() as queries:
        response = client.get(reverse("analytics:province", args=[code]))
    assert response.status_code == 200  # the immediate task backend built it at once
    assert "households_household" in " ".join(queries.sql("replica"))
    assert queries.writes("replica") == []


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_learner_reads_and_writes_only_the_primary(client, replica):
    course = course_with_lessons()
    lesson = lessons_of(course)[0]
    learner = UserFactory(role=Role.LEARNER)
    client.force_login(learner)
    with Queries() as queries:
        assert client.get(lesson.url).status_code == 200
        client.post(
            reverse("lessons:progress", args=[lesson.pk]),
            {"client_id": str(uuid4())},
        )
    assert queries.sql("replica") == []
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()
    assert any("lessons_lessonprogress" in sql for sql in queries.writes("default"))


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_write_inside_a_replica_block_goes_to_the_primary(world, replica):
    with Queries() as queries, reads_from_replica():
        AuditEvent.objects.create(user=world["official"], action="test", target="x", detail={})
        assert AuditEvent.objects.filter(action="test").count() == 1  # the mirror sees it
    assert queries.writes("replica") == []
    assert len(queries.writes("default")) == 1
    assert any("base_auditevent" in sql for sql in queries.sql("replica"))
