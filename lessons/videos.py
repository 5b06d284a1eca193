"""A lesson as a short video: the narrated parts in reading order, each shown as long as it is
heard (a step's picture with its tap marker, else a card of its text), and the fingerprint
that says whether a made video still matches the lesson.

A language's video exists only where every narrated part has fresh narration in it: a video
never mixes languages. Rendering itself is ``media.video.render_slideshow``; storing it is
``lessons.services.render_lesson_video``.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings

from media.models import BlockNarration, NarrationClip
from media.selectors import playable_narration
from media.video import SlideshowSettings

from .blocks import Picture, pictures_in
from .models import LessonPage, LessonVideo
from .narration import narratable_texts, narration_owner, narration_source


@dataclass(frozen=True)
class TimelinePart:
    """One narrated part of a lesson as the video shows it."""

    key: str  # the narration id: "title", a block's or a step's id
    text: str  # what is heard, and the captions
    clip: NarrationClip
    picture: Picture | None
    card_text: str  # shown when there is no picture
    is_title: bool


def video_settings() -> SlideshowSettings:
    """The look and encoding of lesson videos, from LESSON_VIDEO_* settings."""
    default = SlideshowSettings()
    return SlideshowSettings(
        width=getattr(settings, "LESSON_VIDEO_WIDTH", default.width),
        height=getattr(settings, "LESSON_VIDEO_HEIGHT", default.height),
        small_width=getattr(settings, "LESSON_VIDEO_SMALL_WIDTH", default.small_width),
        fps=getattr(settings, "LESSON_VIDEO_FPS", default.fps),
        crf=getattr(settings, "LESSON_VIDEO_CRF", default.crf),
        video_bitrate=getattr(settings, "LESSON_VIDEO_BITRATE", default.video_bitrate),
        small_video_bitrate=getattr(
            settings, "LESSON_VIDEO_SMALL_BITRATE", default.small_video_bitrate
        ),
        audio_bitrate=getattr(settings, "LESSON_VIDEO_AUDIO_BITRATE", default.audio_bitrate),
        small_audio_bitrate=getattr(
            settings, "LESSON_VIDEO_SMALL_AUDIO_BITRATE", default.small_audio_bitrate
        ),
        pause=getattr(settings, "LESSON_VIDEO_PAUSE_SECONDS", default.pause),
        marker_delay=getattr(settings, "LESSON_VIDEO_MARKER_DELAY_SECONDS", default.marker_delay),
    )


def videos_enabled() -> bool:
    """LESSON_VIDEOS_ENABLED (off in the test settings, whose tasks run at once: a render
    would hold up the request that published or narrated for seconds)."""
    return settings.LESSON_VIDEOS_ENABLED


def lesson_timeline(lesson: LessonPage, language: str) -> list[TimelinePart] | None:
    """The parts of ``lesson``'s video in ``language``, in reading order; None unless every
    narrated part has narration in ``language`` for its current text."""
    source = narration_source(lesson)
    texts = narratable_texts(source)
    clips = playable_narration(owner=narration_owner(source), language=language, texts=texts)
    if not texts or set(clips) != set(texts):
        return None
    pictures = pictures_in(source.body)
    heading = "\n".join(filter(None, [source.title, source.summary]))
    return [
        TimelinePart(
            key=key,
            text=text,
            clip=clips[key],
            picture=pictures.get(key),
            card_text=heading if key == "title" else text,
            is_title=key == "title",
        )
        for key, text in texts.items()
    ]


def fingerprint(timeline: list[TimelinePart], config: SlideshowSettings | None = None) -> str:
    """Changes with any text, clip, picture file, tap marker or render setting."""
    config = config or video_settings()

    def picture(part: TimelinePart):
        if part.picture is None:
            return None
        image = part.picture.image
        return [
            image.pk,
            image.file_hash or image.file.name,
            part.picture.marker_x,
            part.picture.marker_y,
        ]

    described = [config.key()] + [
        [part.key, part.text, part.card_text, part.clip.key, picture(part)] for part in timeline
    ]
    return hashlib.sha256(json.dumps(described, ensure_ascii=False).encode()).hexdigest()


def video_languages(lesson: LessonPage) -> list[str]:
    """The languages a video of ``lesson`` may be made in: its own, then every language
    someone narrated any of its parts in (recorded voices for untranslated readers)."""
    source = narration_source(lesson)
    own = source.locale.language_code
    narrated = (
        BlockNarration.objects.filter(owner=narration_owner(source))
        .exclude(language=own)
        .values_list("language", flat=True)
        .distinct()
    )
    return [own, *sorted(set(narrated))]


def fresh_video(lesson: LessonPage, language: str) -> LessonVideo | None:
    """``lesson``'s ready video in ``language`` if it matches the lesson as it is now."""
    source = narration_source(lesson)
    video = LessonVideo.objects.filter(
        lesson=source, language=language, status=LessonVideo.Status.READY
    ).first()
    if video is None:
        return None
    timeline = lesson_timeline(source, language)
    if timeline is None or fingerprint(timeline) != video.fingerprint:
        return None
    return video


def video_for_reader(page: LessonPage) -> LessonVideo | None:
    """The video a reader of ``page`` gets: on a page not yet translated into the reader's
    language, the video narrated in that language where there is one, else the original's."""
    source = narration_source(page)
    if page.is_untranslated_fallback:
        video = fresh_video(source, page.locale.language_code)
        if video is not None:
            return video
    return fresh_video(source, source.locale.language_code)
