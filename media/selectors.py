from .engines import engines_for
from .models import BlockNarration, NarrationClip, NarrationJob, text_hash
from .normalise import normalise


def playable_narration(*, owner: str, language: str, texts: dict[str, str]) -> dict:
    """{block_id: clip} for the blocks whose narration matches their current text."""
    if not texts:
        return {}
    rows = BlockNarration.objects.filter(
        owner=owner, language=language, block_id__in=list(texts)
    ).select_related("tts_clip", "recording")
    found = {}
    for row in rows:
        clip = row.playable(text_hash(normalise(texts[row.block_id], language)))
        if clip is not None:
            found[row.block_id] = clip
    return found


def narration_status(*, owner: str, language: str, texts: dict[str, str]) -> list[dict]:
    """Per block, for editors: which audio plays, where it comes from, and what is stale."""
    rows = {
        row.block_id: row
        for row in BlockNarration.objects.filter(owner=owner, language=language).select_related(
            "tts_clip", "recording"
        )
    }
    status = []
    for block_id, text in texts.items():
        row = rows.get(block_id)
        current = text_hash(normalise(text, language))
        playing: NarrationClip | None = row.playable(current) if row else None
        status.append(
            {
                "block_id": block_id,
                "text": text,
                "clip": playing,
                "source": (playing.engine if playing else None),
                "stale": bool(row and playing is None and (row.tts_clip_id or row.recording_id)),
                "stale_recording": bool(
                    row and row.recording_id and row.recording_text_hash != current
                ),
            }
        )
    return status


def can_synthesise(language: str) -> bool:
    return bool(engines_for(language))


def recent_jobs(*, user, count: int = 5) -> list[NarrationJob]:
    """The narration jobs ``user`` started, newest first, for their own progress page."""
    return list(NarrationJob.objects.filter(created_by=user)[:count])
