"""Making narration: synthesis with fallback between engines, recordings, and jobs that
survive their worker (a lease and a heartbeat; see NarrationJob)."""

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from base.tasks import enqueue_on_commit

from . import audio, video
from .engines import EngineUnavailable, engines_for
from .models import (
    BlockNarration,
    NarrationClip,
    NarrationJob,
    VideoRendition,
    clip_key,
    job_stale_after,
    text_hash,
)
from .normalise import normalise


class NoNarrationEngine(Exception):
    """No configured engine could speak this language now."""


@dataclass(frozen=True)
class NarratableText:
    owner: str
    block_id: str
    language: str
    text: str


def _store_clip(*, key, language, engine, voice, text, raw) -> NarrationClip:
    encoded = audio.encode(raw)
    clip = NarrationClip(
        key=key, language=language, engine=engine, voice=voice, text=text, duration=encoded.duration
    )
    clip.audio.save(f"{key}.ogg", ContentFile(encoded.opus), save=False)
    clip.audio_mp3.save(f"{key}.mp3", ContentFile(encoded.mp3), save=False)
    clip.save()
    return clip


def synthesise(text: str, language: str) -> NarrationClip:
    """A clip of ``text`` from the first engine that can speak it; reuses identical text."""
    spoken = normalise(text, language)
    engines = engines_for(language)
    for engine in engines:
        key = clip_key(spoken, language, engine.voice_for(language), engine.name)
        existing = NarrationClip.objects.filter(key=key).first()
        if existing:
            return existing
    problems = []
    for engine in engines:
        voice = engine.voice_for(language)
        try:
            raw = engine.synthesise(spoken, language)
        except EngineUnavailable as error:
            problems.append(str(error))
            continue
        return _store_clip(
            key=clip_key(spoken, language, voice, engine.name),
            language=language,
            engine=engine.name,
            voice=voice,
            text=spoken,
            raw=raw,
        )
    raise NoNarrationEngine("; ".join(problems) or f"no engine for {language}")


def narrate_block(item: NarratableText) -> bool:
    """Give a block TTS narration for its current text. False when it was fresh already."""
    current = text_hash(normalise(item.text, item.language))
    narration, _created = BlockNarration.objects.get_or_create(
        owner=item.owner, block_id=item.block_id, language=item.language
    )
    if narration.playable(current) is not None:
        return False
    clip = synthesise(item.text, item.language)
    narration.tts_clip, narration.tts_text_hash = clip, current
    narration.save(update_fields=["tts_clip", "tts_text_hash", "updated_at"])
    return True


def spoken_hash(item: NarratableText) -> str:
    """The hash of ``item``'s text as it is heard in its language: what a block's narration
    must have been made for to be played (BlockNarration.playable)."""
    return text_hash(normalise(item.text, item.language))


def store_recording(*, item: NarratableText, raw: bytes, user) -> NarrationClip:
    """A person's voice reading ``item``, encoded as a clip (Opus + MP3) and stored; the same
    bytes from the same person are stored once. Nothing plays it until it is adopted."""
    key = clip_key(
        f"recording:{text_hash(raw.hex())}", item.language, str(user.pk), NarrationClip.RECORDING
    )
    return NarrationClip.objects.filter(key=key).first() or _store_clip(
        key=key,
        language=item.language,
        engine=NarrationClip.RECORDING,
        voice=str(user.pk),
        text=normalise(item.text, item.language),
        raw=raw,
    )


def adopt_recording(*, item: NarratableText, clip: NarrationClip, user) -> BlockNarration:
    """Make ``clip`` (a stored recording of ``item``'s current text) the block's narration in
    ``item.language``, recorded by ``user``; it wins over synthetic speech from now on."""
    narration, _created = BlockNarration.objects.get_or_create(
        owner=item.owner, block_id=item.block_id, language=item.language
    )
    narration.recording, narration.recording_text_hash = clip, spoken_hash(item)
    narration.recorded_by = user
    narration.save()
    return narration


@transaction.atomic
def record_block(*, item: NarratableText, upload, user) -> BlockNarration:
    """Store an editor's recorded voice for a block; it wins over synthetic speech."""
    if upload.size > settings.NARRATION_MAX_RECORDING_BYTES:
        raise ValidationError(
            _("The recording is too large. Keep it under %(mb)d MB.")
            % {"mb": settings.NARRATION_MAX_RECORDING_BYTES // 1024 // 1024}
        )
    clip = store_recording(item=item, raw=upload.read(), user=user)
    return adopt_recording(item=item, clip=clip, user=user)


def forget_narration(*, owner: str) -> int:
    """Delete the narration rows of ``owner``, a page or quiz that is being deleted; called
    by the app that owns it. Clips stay: identical text shares them across owners."""
    deleted, _by_model = BlockNarration.objects.filter(owner=owner).delete()
    return deleted


def create_job(*, label: str, items: list[NarratableText], user) -> NarrationJob:
    return NarrationJob.objects.create(
        label=label,
        total=len(items),
        created_by=user,
        items=[
            {"owner": i.owner, "block_id": i.block_id, "language": i.language, "text": i.text}
            for i in items
        ],
    )


_FINISHED = (NarrationJob.Status.DONE, NarrationJob.Status.FAILED)


def _fresh_start() -> dict:
    """The fields of a job queued to run from its first item."""
    return {
        "status": NarrationJob.Status.QUEUED,
        "position": 0,
        "done": 0,
        "skipped": 0,
        "failed": 0,
        "errors": [],
        "interruptions": 0,
        "stop_reason": "",
        "error": "",
        "lease": None,
        "heartbeat_at": timezone.now(),
        "finished_at": None,
    }


def _under_lease(job: NarrationJob, held: uuid.UUID, **fields) -> bool:
    """Write ``fields`` (and a heartbeat) if this run still holds the job's lease; False once
    another run took it over, after which this one must stop."""
    fields["heartbeat_at"] = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    return NarrationJob.objects.filter(pk=job.pk, lease=held).update(**fields) == 1


def resume_job(job_id: int) -> NarrationJob:
    """Work through a queued job from where it stopped; what the background task runs.

    The job is claimed first (queued → running, under a new lease), so two workers never
    work on one job: a job that is done, failed or running under a live lease is returned
    untouched. Progress and a heartbeat are written after every item; a run that lost its
    lease stops. An unexpected error fails the job with its text, then is raised again.
    """
    # A job whose worker was lost is taken over here too (the queue may retry its task).
    _recover_stale(NarrationJob.objects.filter(pk=job_id))
    lease = uuid.uuid4()
    claimed = NarrationJob.objects.filter(pk=job_id, status=NarrationJob.Status.QUEUED).update(
        status=NarrationJob.Status.RUNNING, lease=lease, heartbeat_at=timezone.now()
    )
    job = NarrationJob.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        for position in range(job.position, len(job.items)):
            item = NarratableText(**job.items[position])
            try:
                changed = narrate_block(item)
            except (NoNarrationEngine, ValidationError) as error:
                job.failed += 1
                job.errors.append(
                    {"block": item.block_id, "language": item.language, "error": str(error)[:300]}
                )
            else:
                if changed:
                    job.done += 1
                else:
                    job.skipped += 1
            if not _under_lease(
                job,
                lease,
                position=position + 1,
                done=job.done,
                skipped=job.skipped,
                failed=job.failed,
                errors=job.errors,
            ):
                job.refresh_from_db()
                return job
    except Exception as error:
        # Not an item's problem (those are counted above): record it, then let it surface.
        _under_lease(
            job,
            lease,
            status=NarrationJob.Status.FAILED,
            stop_reason=NarrationJob.StopReason.ERROR,
            error=f"{type(error).__name__}: {error}"[:1000],
            lease=None,
            finished_at=timezone.now(),
        )
        raise
    _under_lease(
        job,
        lease,
        status=NarrationJob.Status.FAILED if job.failed else NarrationJob.Status.DONE,
        lease=None,
        finished_at=timezone.now(),
    )
    return job


def run_job(job: NarrationJob) -> NarrationJob:
    """Run ``job`` here and now: a finished job starts over (fresh items are skipped), a
    queued one continues where it stopped, one a worker holds is left to it."""
    NarrationJob.objects.filter(pk=job.pk, status__in=_FINISHED).update(**_fresh_start())
    return resume_job(job.pk)


def rerun_job(*, job: NarrationJob) -> bool:
    """The editor's "run again": queue ``job`` once the current transaction commits. A
    finished job starts over; a stalled one continues where it stopped, with its automatic
    retries renewed. False (nothing queued) while a worker is at it."""
    from .tasks import generate_narration  # the task module imports this one

    jobs = NarrationJob.objects.filter(pk=job.pk)
    if job.status in _FINISHED:
        queued = jobs.filter(status__in=_FINISHED).update(**_fresh_start())
    else:
        queued = jobs.filter(
            status__in=[NarrationJob.Status.QUEUED, NarrationJob.Status.RUNNING],
            heartbeat_at__lt=timezone.now() - job_stale_after(),
        ).update(
            status=NarrationJob.Status.QUEUED,
            lease=None,
            interruptions=0,
            heartbeat_at=timezone.now(),
        )
    if queued:
        enqueue_on_commit(generate_narration, job.pk)
    return bool(queued)


def _recover_stale(jobs) -> tuple[list[int], int]:
    """Among ``jobs``, those running without progress for NARRATION_JOB_STALE_SECONDS lost
    their worker: queued again to continue where they stopped, at most
    NARRATION_JOB_MAX_RETRIES times each, then failed. Returns (ids queued again, number
    failed). Each change is a conditional update, so concurrent callers make it once."""
    now = timezone.now()
    stale = jobs.filter(
        status=NarrationJob.Status.RUNNING, heartbeat_at__lt=now - job_stale_after()
    )
    limit = getattr(settings, "NARRATION_JOB_MAX_RETRIES", 3)
    failed = stale.filter(interruptions__gte=limit).update(
        status=NarrationJob.Status.FAILED,
        stop_reason=NarrationJob.StopReason.WORKER_LOST,
        interruptions=F("interruptions") + 1,
        lease=None,
        finished_at=now,
    )
    requeued = [
        job_id
        for job_id in stale.filter(interruptions__lt=limit).values_list("pk", flat=True)
        if stale.filter(pk=job_id, interruptions__lt=limit).update(
            status=NarrationJob.Status.QUEUED,
            interruptions=F("interruptions") + 1,
            lease=None,
            heartbeat_at=now,
        )
    ]
    return requeued, failed


def requeue_stale_jobs() -> dict[str, int]:
    """Queue again the jobs left running by a worker that stopped; fail those past their
    retry limit (see ``_recover_stale``). Each is queued once the transaction commits.

    Run it at worker start and every few minutes (``manage.py requeue_stale_jobs``). Jobs
    still waiting in the queue are left alone: a busy worker gets to them in turn.
    """
    from .tasks import generate_narration  # the task module imports this one

    requeued, failed = _recover_stale(NarrationJob.objects.all())
    for job_id in requeued:
        enqueue_on_commit(generate_narration, job_id)
    return {"requeued": len(requeued), "failed": failed}


def make_video_rendition(document) -> VideoRendition:
    """The low-bandwidth copy of ``document``; done once, retried after a failure."""
    rendition, _created = VideoRendition.objects.get_or_create(
        document=document, height=settings.VIDEO_LOW_HEIGHT
    )
    if rendition.status == VideoRendition.Status.READY:
        return rendition
    try:
        output = video.make_rendition(
            Path(document.file.path),
            settings.VIDEO_LOW_HEIGHT,
            settings.VIDEO_LOW_BITRATE,
            settings.VIDEO_LOW_AUDIO_BITRATE,
        )
    except ValidationError as error:
        rendition.status, rendition.error = VideoRendition.Status.FAILED, error.messages[0]
        rendition.save(update_fields=["status", "error", "updated_at"])
        return rendition
    with output.open("rb") as data:
        rendition.file.save(
            f"{document.pk}-{settings.VIDEO_LOW_HEIGHT}p.mp4", File(data), save=False
        )
    output.unlink()
    rendition.status, rendition.error = VideoRendition.Status.READY, ""
    rendition.save()
    return rendition
