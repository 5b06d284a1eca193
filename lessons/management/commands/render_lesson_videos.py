from django.core.management.base import BaseCommand

from lessons.models import LessonPage
from lessons.services import render_lesson_videos


class Command(BaseCommand):
    help = (
        "Make the short video of every live lesson (or of one) in each language whose "
        "narration is complete; videos that are current are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lesson", type=int, help="The id of one lesson page.")
        parser.add_argument("--force", action="store_true", help="Make them again anyway.")

    def handle(self, *args, lesson=None, force=False, **options):
        lessons = LessonPage.objects.live().filter(alias_of__isnull=True).order_by("path")
        if lesson is not None:
            lessons = LessonPage.objects.filter(pk=lesson)
        for page in lessons:
            for video in render_lesson_videos(lesson=page, force=force):
                self.stdout.write(
                    f"{page.pk} {page.title} [{video.language}] {video.status}: "
                    f"{video.duration:.1f} s, {video.bytes / 1e6:.2f} MB (360p), "
                    f"{video.small_bytes / 1e6:.2f} MB (240p), {video.render_seconds:.1f} s"
                )
