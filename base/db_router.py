"""Dashboards read from a PostgreSQL replica when there is one (DATABASE_REPLICA_URL).

Only reads made inside ``reads_from_replica`` go there: the dashboards' and their background
builds' long aggregate queries, which may be a few seconds behind the primary. Everything
else, learners above all, reads the primary and sees its own writes at once. Writes always go
to the primary, inside a replica block too (the audit trail of an export, a queued task).
"""

from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)

# Rows that must be read where they were just written, whoever asks: who is logged in, and
# the task queue's own bookkeeping.
PRIMARY_ONLY_APPS = {"sessions", "django_tasks_db"}


class _ReplicaReads(ContextDecorator):
    def __enter__(self):
        self._token = _replica_reads.set(True)
        return self

    def __exit__(self, *exc):
        _replica_reads.reset(self._token)
        return False

    def _recreate_cm(self):
        # A fresh object per call, so a decorated function may run in two threads at once.
        return type(self)()


def reads_from_replica(function=None):
    """Reads inside go to the replica, when one is configured: ``with reads_from_replica():``
    or ``@reads_from_replica`` on a function. Context-local: other threads and requests are
    not affected."""
    return _ReplicaReads() if function is None else _ReplicaReads()(function)


def replica_alias() -> str | None:
    """The replica's alias when the settings name one that exists, else None."""
    alias = getattr(settings, "REPLICA_DATABASE_ALIAS", None)
    return alias if alias and alias in connections.settings else None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if (
            alias
            and _replica_reads.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            # Inside a transaction on the primary, reads see what it wrote.
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: a row read on the replica may point at one read
        # on the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by streaming replication.
        return db == DEFAULT_DB_ALIAS
