"""Editors' narration page: per lesson and language, which blocks can be heard, from which
source, what is stale; upload a recorded voice; generate what is missing in the background,
see whether that work is going on, failed or was interrupted, and run it again."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.tasks import enqueue_on_commit
from media import services as narration
from media.models import NarrationJob, VideoRendition
from media.selectors import can_synthesise, narration_status, recent_jobs
from media.tasks import generate_narration

from .models import LessonPage, LessonVideo
from .narration import (
    course_items,
    everything_items,
    lesson_items,
    narratable_texts,
    narration_owner,
    narration_source,
)
from .selectors import video_documents
from .tasks import render_lesson_video
from .videos import fingerprint, lesson_timeline, video_languages


def _lesson_for_editor(request, page_id) -> LessonPage:
    page = get_object_or_404(LessonPage, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return narration_source(page)


def _voice_language(request, page) -> str:
    """The language the blocks are heard in: the page's own, or (for readers of a language the
    page is not yet translated into) a recorded voice in theirs."""
    wanted = request.GET.get("language") or request.POST.get("language")
    return wanted if wanted in dict(settings.LANGUAGES) else page.locale.language_code


def lesson_narration(request, page_id):
    page = _lesson_for_editor(request, page_id)
    language = _voice_language(request, page)
    rows = narration_status(
        owner=narration_owner(page), language=language, texts=narratable_texts(page)
    )
    jobs = recent_jobs(user=request.user)
    documents = video_documents(lesson=page)
    videos = [
        (document, VideoRendition.objects.filter(document=document).first())
        for document in documents
    ]
    return render(
        request,
        "lessons/admin/lesson_narration.html",
        {
            "page": page,
            "language": language,
            "languages": settings.LANGUAGES,
            "is_own_language": language == page.locale.language_code,
            "rows": rows,
            "jobs": jobs,
            "videos": videos,
            "lesson_videos": lesson_video_rows(page),
            "can_synthesise": can_synthesise(language),
            # Reload only while some work moves: a stalled job would reload the page for ever.
            "running": any(job.is_at_work for job in jobs),
        },
    )


@require_POST
def generate(request, page_id):
    page = _lesson_for_editor(request, page_id)
    scope = request.POST.get("scope")
    if scope == "course":
        course = page.get_parent().specific
        items, label = course_items(course), _("Course: %(title)s") % {"title": course.title}
    elif scope == "everything":
        if not request.user.is_superuser and not request.user.has_perm("wagtailcore.publish_page"):
            raise PermissionDenied
        items, label = everything_items(), _("Everything missing")
    else:
        items, label = lesson_items(page), _("Lesson: %(title)s") % {"title": page.title}
    # Languages no engine speaks are left to recordings, not reported as failures.
    items = [item for item in items if can_synthesise(item.language)]
    job = narration.create_job(label=label, items=items, user=request.user)
    enqueue_on_commit(generate_narration, job.pk)
    messages.success(
        request, _("Narration is being made in the background (%(n)d texts).") % {"n": job.total}
    )
    return redirect("lesson_narration", page_id=page.pk)


@require_POST
def record(request, page_id, block_id):
    page = _lesson_for_editor(request, page_id)
    texts = narratable_texts(page)
    if block_id not in texts or "recording" not in request.FILES:
        messages.error(request, _("Choose an audio file to upload."))
        return redirect("lesson_narration", page_id=page.pk)
    language = _voice_language(request, page)
    item = narration.NarratableText(narration_owner(page), block_id, language, texts[block_id])
    try:
        narration.record_block(item=item, upload=request.FILES["recording"], user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Recording saved. Learners now hear it for this block."))
    return redirect(f"{reverse('lesson_narration', args=[page.pk])}?language={language}")


@require_POST
def rerun(request, page_id, job_id):
    """Queue again one of the editor's own jobs that failed or stalled."""
    page = _lesson_for_editor(request, page_id)
    job = get_object_or_404(NarrationJob, pk=job_id, created_by=request.user)
    if narration.rerun_job(job=job):
        messages.success(request, _("The narration job is queued again."))
    else:
        messages.info(request, _("This narration job is being worked on already."))
    return redirect("lesson_narration", page_id=page.pk)


def lesson_video_rows(page: LessonPage) -> list[dict]:
    """Per language the lesson may have a video in: whether its narration is complete, and
    the video made, if any, and whether it is current."""
    made = {video.language: video for video in LessonVideo.objects.filter(lesson=page)}
    rows = []
    for language in video_languages(page):
        timeline = lesson_timeline(page, language)
        video = made.get(language)
        rows.append(
            {
                "language": language,
                "name": dict(settings.LANGUAGES).get(language, language),
                "complete": timeline is not None,
                "video": video,
                "current": bool(video and timeline and video.fingerprint == fingerprint(timeline)),
            }
        )
    return rows


@require_POST
def render_video(request, page_id):
    """The editor's "render again": the lesson's video in one language, made afresh."""
    page = _lesson_for_editor(request, page_id)
    language = _voice_language(request, page)
    if lesson_timeline(page, language) is None:
        messages.error(
            request,
            _("Every part of the lesson needs narration in this language before a video is made."),
        )
    else:
        enqueue_on_commit(render_lesson_video, page.pk, language, force=True)
        messages.success(request, _("The video is being made again in the background."))
    return redirect(f"{reverse('lesson_narration', args=[page.pk])}?language={language}")
