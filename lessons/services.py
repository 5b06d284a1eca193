import shutil
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from base.idempotent import record_once
from courses.services import enrol
from media.video import SlidePart, render_slideshow

from .blocks import practice_in
from .models import LessonPage, LessonProgress, LessonVideo, PracticeRun
from .narration import narration_source
from .practice import score_run
from .videos import fingerprint, lesson_timeline, video_languages, video_settings


def record_progress(*, user, lesson: LessonPage, client_id: UUID) -> tuple[LessonProgress, bool]:
    """Record that ``user`` finished ``lesson``; enrols them in its course if needed.

    Idempotent by ``client_id``: sending the same id again returns the first record and
    ``False``. Reusing an id for another learner or lesson is refused.
    """

    def create() -> LessonProgress:
        enrol(user=user, course=lesson.get_parent().specific)
        return LessonProgress.objects.create(
            client_id=client_id, user=user, lesson=lesson, lesson_key=lesson.translation_key
        )

    return record_once(
        LessonProgress,
        client_id=client_id,
        create=create,
        same_submission=lambda earlier: (
            earlier.user_id == user.pk and earlier.lesson_key == lesson.translation_key
        ),
    )


def record_practice_run(
    *, user, lesson: LessonPage, block_id: str, client_id: UUID, taps
) -> tuple[PracticeRun, bool]:
    """Score and store a run of the practice block ``block_id`` of ``lesson`` (the page the
    learner read, in its language: its pictures, and so its markers, may be localised).

    The taps are scored here against the block's markers, never taken on the browser's word;
    a block not in the lesson or taps the server did not expect are refused with a
    ValidationError and nothing is stored. Idempotent by ``client_id``: a retried send returns
    the stored run and ``False``. The run is created in one statement with its score, so
    households (post_save, created) sees whether it was finished without help.
    """

    def create() -> PracticeRun:
        # Scored only for a first delivery: a retry gets the stored run even if the lesson
        # changed since.
        practice = practice_in(lesson.body, block_id)
        if practice is None:
            raise ValidationError(
                _("This practice is not in this lesson any more. Reload the page and try again.")
            )
        score = score_run(practice.screens, taps)
        return PracticeRun.objects.create(
            client_id=client_id,
            user=user,
            lesson=lesson,
            lesson_key=lesson.translation_key,
            lesson_title=lesson.title,
            block_id=block_id,
            procedure=practice.procedure[:200],
            screens=len(practice.screens),
            right_taps=score.right_taps,
            wrong_taps=score.wrong_taps,
            hints_shown=len(score.hints),
            completed=score.completed,
            without_help=score.without_help,
            taps=taps,
        )

    return record_once(
        PracticeRun,
        client_id=client_id,
        create=create,
        same_submission=lambda earlier: (
            earlier.user_id == user.pk
            and earlier.lesson_key == lesson.translation_key
            and earlier.block_id == block_id
        ),
    )


# --- Lesson videos -------------------------------------------------------------------------


def _claim_stale_after() -> timedelta:
    """A render that held a video this long without finishing lost its worker."""
    return timedelta(seconds=getattr(settings, "LESSON_VIDEO_CLAIM_SECONDS", 15 * 60))


def _claim(video: LessonVideo) -> uuid.UUID | None:
    """Take ``video`` for one render: a new lease, unless another render holds a live one."""
    lease, now = uuid.uuid4(), timezone.now()
    free = ~Q(status=LessonVideo.Status.RENDERING) | Q(claimed_at__lt=now - _claim_stale_after())
    claimed = LessonVideo.objects.filter(free, pk=video.pk).update(
        status=LessonVideo.Status.RENDERING, lease=lease, claimed_at=now, error=""
    )
    return lease if claimed else None


def _parts(timeline, folder) -> list[SlidePart]:
    """The timeline as the renderer takes it, its files copied out of storage (which may be
    remote) into ``folder``."""

    def local(field, name):
        target = folder / name
        with field.open("rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        return target

    parts = []
    for number, part in enumerate(timeline):
        picture = part.picture
        placed = picture and picture.marker_x is not None and picture.marker_y is not None
        parts.append(
            SlidePart(
                audio=local(part.clip.audio, f"audio-{number}.ogg"),
                caption=part.text,
                picture=local(picture.image.file, f"picture-{number}") if picture else None,
                marker=(picture.marker_x, picture.marker_y) if placed else None,
                card_text=part.card_text,
                is_title=part.is_title,
            )
        )
    return parts


def render_lesson_video(*, lesson: LessonPage, language: str, force: bool = False):
    """Make ``lesson``'s video in ``language`` if it is missing or stale; what the background
    task runs. Returns the LessonVideo, or None while some part has no fresh narration in
    ``language`` (a video never mixes languages).

    Cheap when nothing changed: a ready (or failed) video of the current fingerprint is
    returned untouched unless ``force``. Claim-based: a video another render holds is left
    to it (that render looks again when it finishes, so a change made meanwhile is not lost).
    """
    lesson = narration_source(lesson)
    for _attempt in range(3):
        timeline = lesson_timeline(lesson, language)
        if timeline is None:
            return LessonVideo.objects.filter(lesson=lesson, language=language).first()
        config = video_settings()
        wanted = fingerprint(timeline, config)
        video, _created = LessonVideo.objects.get_or_create(lesson=lesson, language=language)
        settled = (LessonVideo.Status.READY, LessonVideo.Status.FAILED)
        if video.fingerprint == wanted and video.status in settled and not force:
            return video
        lease = _claim(video)
        if lease is None:
            return video
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="nhaso-lesson-video-") as folder:
            try:
                show = render_slideshow(_parts(timeline, Path(folder)), config)
            except (ValidationError, OSError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                LessonVideo.objects.filter(pk=video.pk, lease=lease).update(
                    status=LessonVideo.Status.FAILED,
                    fingerprint=wanted,
                    error=message[:1000],
                    lease=None,
                    updated_at=timezone.now(),
                )
                return LessonVideo.objects.get(pk=video.pk)
        _store(video, show, lease=lease, made_for=wanted, started=started)
        force = False
        # The lesson or its narration may have changed while this render ran.
        timeline = lesson_timeline(lesson, language)
        if timeline is None or fingerprint(timeline, config) == wanted:
            break
    return LessonVideo.objects.get(pk=video.pk)


def _store(video: LessonVideo, show, *, lease, made_for: str, started: float) -> None:
    """Save a finished render's files, if this render still holds ``video``."""
    video.refresh_from_db()
    if video.lease != lease:
        shutil.rmtree(show.folder, ignore_errors=True)
        return
    old = [f.name for f in (video.file, video.small_file, video.poster) if f]
    stem = f"{video.lesson_id}-{video.language}-{made_for[:10]}"
    try:
        for field, path, name in (
            (video.file, show.video, f"{stem}-360p.mp4"),
            (video.small_file, show.small_video, f"{stem}-240p.mp4"),
            (video.poster, show.poster, f"{stem}.jpg"),
        ):
            with path.open("rb") as data:
                field.save(name, File(data), save=False)
        video.captions = show.captions
        video.duration = show.duration
        video.bytes = show.video.stat().st_size
        video.small_bytes = show.small_video.stat().st_size
    finally:
        shutil.rmtree(show.folder, ignore_errors=True)
    video.render_seconds = round(time.monotonic() - started, 2)
    video.fingerprint, video.status, video.error = made_for, LessonVideo.Status.READY, ""
    video.lease = None
    video.save()
    storage = video.file.storage
    for name in old:
        if name not in (video.file.name, video.small_file.name, video.poster.name):
            storage.delete(name)


def render_lesson_videos(*, lesson: LessonPage, force: bool = False) -> list[LessonVideo]:
    """Every video ``lesson`` can have (see ``lessons.videos.video_languages``), each made
    only if missing or stale."""
    made = [
        render_lesson_video(lesson=lesson, language=language, force=force)
        for language in video_languages(lesson)
    ]
    return [video for video in made if video is not None]
