from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.roles import COVERAGE_VIEWERS, role_required
from places.models import Commune

from . import selectors, services

LANGUAGE_PARAMETER = "ngon-ngu"


def _origin(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _course_and_language(request, course_id: int):
    course = selectors.booklet_course(course_id=course_id)
    if course is None:
        raise Http404
    asked = request.GET.get(LANGUAGE_PARAMETER, "")
    offered = {language["code"] for language in selectors.second_languages(course=course)}
    return course, asked if asked in offered else ""


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def booklets(request):
    return render(request, "paper/booklets.html", {"courses": selectors.booklet_courses()})


def booklet(request, course_id):
    """The booklet as a page to print from the browser (the PDF's fallback)."""
    course, language = _course_and_language(request, course_id)
    html = services.booklet_html(
        course=course, language=language, origin=_origin(request), for_pdf=False
    )
    return HttpResponse(html)


def booklet_pdf(request, course_id):
    course, language = _course_and_language(request, course_id)
    data = services.booklet_pdf(course=course, language=language, origin=_origin(request))
    return _pdf(data, f"so-tay-{course.slug}{'-' + language if language else ''}.pdf")


def _poster_commune(request, code: str) -> Commune:
    commune = get_object_or_404(Commune.objects.select_related("province"), code=code)
    if not selectors.poster_communes(request.user).filter(pk=commune.pk).exists():
        raise PermissionDenied
    return commune


@role_required(*COVERAGE_VIEWERS)
def posters(request):
    communes = selectors.poster_communes(request.user).order_by("province__name", "name")
    return render(request, "paper/posters.html", {"communes": communes})


@role_required(*COVERAGE_VIEWERS)
def poster(request, code):
    commune = _poster_commune(request, code)
    return HttpResponse(
        services.poster_html(commune=commune, origin=_origin(request), for_pdf=False)
    )


@role_required(*COVERAGE_VIEWERS)
def poster_pdf(request, code):
    commune = _poster_commune(request, code)
    data = services.poster_pdf(commune=commune, origin=_origin(request))
    return _pdf(data, f"ap-phich-{commune.code}.pdf")
