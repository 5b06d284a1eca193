"""A task for the worker's tests: records that it ran."""

from django_tasks import task

ran: list[int] = []


@task()
def note(n: int) -> int:
    ran.append(n)
    return n
