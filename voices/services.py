"""Writes for recorded voices: a contributor sends a take, an editor approves or rejects it.

Every take is checked (length, silence, loudness: media.audio) before anything is stored, and
waits for an editor; only an approved take becomes the block's narration in its language.
"""

from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from base.idempotent import record_once
from lessons.models import LessonPage
from lessons.narration import narration_source
from media import audio
from media.services import adopt_recording, spoken_hash, store_recording

from .models import Recording
from .selectors import is_stale, lesson_item


def may_review(user) -> bool:
    """Editors (Wagtail's "Editors" group) and superusers review recorded voices."""
    return has_role(user, Role.EDITOR)


def max_upload_bytes() -> int:
    return int(getattr(settings, "VOICE_MAX_UPLOAD_BYTES", settings.NARRATION_MAX_RECORDING_BYTES))


def submit_recording(
    *, contributor, lesson: LessonPage, block_id: str, language: str, upload, client_id: UUID
) -> tuple[Recording, bool]:
    """Store ``contributor``'s take of one block of ``lesson`` in ``language`` for review;
    (the take, whether it was stored now). Called for voice contributors only.

    A take sent again with the same ``client_id`` is stored once and answered with the first
    one's record. A take that is too short, too long, silent or too quiet is refused with a
    ValidationError saying what to do, and nothing is stored. A new take supersedes the
    block's take still waiting for review; the approved one keeps playing until a newer one
    is approved.
    """
    if not has_role(contributor, Role.VOICE_CONTRIBUTOR):
        raise PermissionDenied
    lesson = narration_source(lesson)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the site's languages."))
    item = lesson_item(lesson=lesson, block_id=block_id, language=language)
    if item is None:
        raise ValidationError(_("This part is no longer in the lesson. Open the lesson again."))

    def same_submission(take: Recording) -> bool:
        return (take.contributor_id, take.lesson_id, take.block_id, take.language) == (
            contributor.pk,
            lesson.pk,
            block_id,
            language,
        )

    earlier = Recording.objects.filter(client_id=client_id).first()
    if earlier is not None:  # a retried send: no need to decode it again
        return record_once(
            Recording, client_id=client_id, create=lambda: None, same_submission=same_submission
        )
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("The recording is too large. Keep it under %(mb)d MB.")
            % {"mb": max_upload_bytes() // 1024 // 1024}
        )
    raw = upload.read()
    # Checked before the transaction: decoding takes a moment, and a refusal stores nothing.
    audio.check_recording(audio.measure(raw))

    def create() -> Recording:
        clip = store_recording(item=item, raw=raw, user=contributor)
        now = timezone.now()
        Recording.objects.filter(
            lesson=lesson,
            block_id=block_id,
            language=language,
            status=Recording.Status.PENDING,
            superseded_at__isnull=True,
        ).update(superseded_at=now)
        return Recording.objects.create(
            client_id=client_id,
            lesson=lesson,
            block_id=block_id,
            language=language,
            source_text=item.text,
            text_hash=spoken_hash(item),
            clip=clip,
            contributor=contributor,
        )

    return record_once(
        Recording, client_id=client_id, create=create, same_submission=same_submission
    )


def _pending_for_review(recording: Recording, editor) -> Recording:
    if not may_review(editor):
        raise PermissionDenied
    fresh = Recording.objects.select_for_update().get(pk=recording.pk)
    if fresh.status != Recording.Status.PENDING or fresh.superseded_at is not None:
        raise ValidationError(_("This recording was already reviewed or replaced."))
    return fresh


@transaction.atomic
def approve_recording(*, recording: Recording, editor) -> Recording:
    """Make ``recording`` its block's narration in its language: readers of that language
    hear it on the untranslated lesson. Editors only. A take whose Vietnamese text changed
    since it was read is refused (it would be played over a different text); the take it
    replaces stays in the history as superseded."""
    take = _pending_for_review(recording, editor)
    if is_stale(take):
        raise ValidationError(
            _(
                "The Vietnamese text of this part changed after it was recorded. Reject it "
                "so the contributor records the new text."
            )
        )
    item = lesson_item(lesson=take.lesson, block_id=take.block_id, language=take.language)
    now = timezone.now()
    Recording.objects.filter(
        lesson=take.lesson,
        block_id=take.block_id,
        language=take.language,
        status=Recording.Status.APPROVED,
        superseded_at__isnull=True,
    ).update(superseded_at=now)
    take.status, take.reviewed_by, take.reviewed_at = Recording.Status.APPROVED, editor, now
    take.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    adopt_recording(item=item, clip=take.clip, user=take.contributor)
    return take


@transaction.atomic
def reject_recording(*, recording: Recording, editor, reason: str) -> Recording:
    """Refuse ``recording`` with ``reason``, which its contributor sees. Editors only."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why, so the contributor can record it better."))
    take = _pending_for_review(recording, editor)
    take.status, take.reason = Recording.Status.REJECTED, reason
    take.reviewed_by, take.reviewed_at = editor, timezone.now()
    take.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    return take
