"""Queue again the narration jobs whose worker stopped; run at worker start and every few
minutes (cron, a systemd timer), so that no job stays "running" for good."""

from django.core.management.base import BaseCommand

from media.services import requeue_stale_jobs


class Command(BaseCommand):
    help = "Resume narration jobs whose worker stopped; fail those past their retry limit."

    def handle(self, *args, **options):
        result = requeue_stale_jobs()
        self.stdout.write(
            f"{result['requeued']} narration job(s) queued again, {result['failed']} failed."
        )
