"""SQLite, the embedded default, is set up to hold a classroom writing at once."""

import threading
import time

import pytest
from django.db import connections, transaction

from cms.settings.base import SQLITE_OPTIONS


@pytest.fixture
def classroom_db(tmp_path, django_db_blocker):
    """A file database with the embedded default's options, as the alias "classroom"."""
    connections.settings["classroom"] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "db.sqlite3"),
        "OPTIONS": SQLITE_OPTIONS,
        "TEST": {},
    }
    with django_db_blocker.unblock():
        with connections["classroom"].cursor() as cursor:
            cursor.execute("CREATE TABLE answer (learner INTEGER, n INTEGER)")
        yield "classroom"
        connections["classroom"].close()
    del connections["classroom"]
    del connections.settings["classroom"]


def test_the_file_database_uses_wal_and_waits_for_a_busy_writer(classroom_db):
    with connections[classroom_db].cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def test_fifteen_learners_writing_at_once_are_all_stored(classroom_db):
    errors, start = [], threading.Barrier(15)

    def submit(learner):
        try:
            start.wait()
            # Like a one-page quiz: read, then write five answers, in one transaction.
            with transaction.atomic(using=classroom_db):
                with connections[classroom_db].cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM answer WHERE learner = %s", [learner])
                    time.sleep(0.02)
                    for n in range(5):
                        cursor.execute("INSERT INTO answer VALUES (%s, %s)", [learner, n])
        except Exception as error:  # noqa: BLE001 - the test counts every failure
            errors.append(error)
        finally:
            connections[classroom_db].close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[classroom_db].cursor() as cursor:
        assert cursor.execute("SELECT count(*) FROM answer").fetchone()[0] == 75
