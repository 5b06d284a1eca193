"""Making narration: synthesis with fallback between engines, recordings, and jobs."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audio, video
from .engines import EngineUnavailable, engines_for
from .models import (
    BlockNarration,
    NarrationClip,
    NarrationJob,
    VideoRendition,
    clip_key,
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


@transaction.atomic
def record_block(*, item: NarratableText, upload, user) -> BlockNarration:
    """Store an editor's recorded voice for a block; it wins over synthetic speech."""
    if upload.size > settings.NARRATION_MAX_RECORDING_BYTES:
        raise ValidationError(
            _("The recording is too large. Keep it under %(mb)d MB.")
            % {"mb": settings.NARRATION_MAX_RECORDING_BYTES // 1024 // 1024}
        )
    raw = upload.read()
    current = text_hash(normalise(item.text, item.language))
    key = clip_key(
        f"recording:{text_hash(raw.hex())}", item.language, str(user.pk), NarrationClip.RECORDING
    )
    clip = NarrationClip.objects.filter(key=key).first() or _store_clip(
        key=key,
        language=item.language,
        engine=NarrationClip.RECORDING,
        voice=str(user.pk),
        text=normalise(item.text, item.language),
        raw=raw,
    )
    narration, _created = BlockNarration.objects.get_or_create(
        owner=item.owner, block_id=item.block_id, language=item.language
    )
    narration.recording, narration.recording_text_hash = clip, current
    narration.recorded_by = user
    narration.save()
    return narration


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


def run_job(job: NarrationJob) -> NarrationJob:
    """Work through a job's items; running it again resumes (fresh items are skipped)."""
    job.status, job.done, job.skipped, job.failed, job.errors = "running", 0, 0, 0, []
    job.save()
    for raw in job.items:
        item = NarratableText(**raw)
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
        job.save(update_fields=["done", "skipped", "failed", "errors"])
    job.status = "failed" if job.failed else "done"
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job


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
