from django.urls import reverse
from wagtail import hooks

from quizzes import page_parts as quiz_page_parts

from .models import Certificate


@hooks.register(quiz_page_parts.RESULT_PAGE)
def certificate_for_result(*, attempt, **_):
    """A passed final check links to the certificate it earned (or the one still standing
    for that course, when passing again issued none)."""
    if not attempt.passed or attempt.assisted_for:
        return {}
    certificate = (
        Certificate.objects.filter(attempt=attempt).first()
        or Certificate.objects.filter(
            holder=attempt.user,
            revoked_at__isnull=True,
            course__final_quiz__translation_key=attempt.quiz_key,
        )
        .order_by("-issued_on", "-pk")
        .first()
    )
    if certificate is None:
        return {}
    return {"certificate_url": reverse("certificates:detail", args=[certificate.pk])}
