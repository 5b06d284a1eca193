from django_tasks import task

from base.db_router import reads_from_replica
from places.models import Province

from . import reports


# Its own queue (and worker), so a dashboard never waits behind hours of narration. No
# priority: the queue is what keeps it apart, and RQ refuses priorities anyway.
@task(queue_name="reports")
@reads_from_replica
def build_province_report(province_code: str, filters: str) -> None:
    """Read every household of the province once (from the replica, when there is one) and
    cache the result; the page shows it with the time it was computed."""
    reports.store_province_report(Province.objects.get(code=province_code), filters)
