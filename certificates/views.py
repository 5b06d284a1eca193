"""Certificate pages: the learner's list, the printable certificate and its PDF, revoking,
a commune's list, and the public verification page the QR code opens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import COVERAGE_VIEWERS, role_required
from base.audit import audit
from base.pdf import html_to_pdf
from base.qr import qr_svg
from households import scopes as household_scopes

from . import scopes, selectors, services
from .codes import token_for, verify_token
from .forms import RevokeForm
from .models import Certificate
from .names import mask_name


def verification_url(request, certificate: Certificate) -> str:
    """The public address in the QR code; Vietnamese (no language prefix) whoever prints."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("certificates:verify", args=[token_for(certificate.code)])
    return request.build_absolute_uri(path)


def _sheet(request, certificate: Certificate) -> dict:
    url = verification_url(request, certificate)
    return {
        "certificate": certificate,
        "skills": certificate.skills.select_related("group"),
        "status": certificate.status_on(),
        "verify_url": url,
        "qr": qr_svg(url, scalable=True),
    }


@login_required
def my_certificates(request):
    return render(
        request,
        "certificates/mine.html",
        {
            "certificates": selectors.certificates_of(user=request.user),
            "today": timezone.localdate(),
        },
    )


def _shown(request, pk: int) -> Certificate:
    certificate = scopes.certificate_in_scope(user=request.user, pk=pk)
    if certificate.holder_id != request.user.pk:
        audit(user=request.user, action="certificates.view", target=f"certificate:{pk}")
    return certificate


@login_required
def certificate_detail(request, pk):
    certificate = _shown(request, pk)
    may_revoke = scopes.may_revoke(request.user, certificate) and not certificate.revoked_at
    return render(
        request,
        "certificates/certificate.html",
        {
            **_sheet(request, certificate),
            "revoke_form": RevokeForm() if may_revoke else None,
            # Back to the commune's list for the officials who opened it from there.
            "from_commune": certificate.holder_id != request.user.pk and certificate.commune,
        },
    )


@login_required
def certificate_pdf(request, pk):
    certificate = _shown(request, pk)
    html = render_to_string("certificates/certificate_pdf.html", _sheet(request, certificate))
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"chung-nhan-{certificate.course.slug}-{certificate.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def certificate_revoke(request, pk):
    certificate = scopes.certificate_in_scope(user=request.user, pk=pk)
    try:
        # The service refuses whoever may not revoke (403) before it reads the reason.
        services.revoke(
            certificate=certificate, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The certificate is revoked."))
    return redirect("certificates:detail", pk=pk)


@role_required(*COVERAGE_VIEWERS)
def commune_certificates(request, commune_code):
    commune = household_scopes.commune_in_scope(user=request.user, code=commune_code)
    audit(user=request.user, action="certificates.view_commune", target=f"commune:{commune.code}")
    return render(
        request,
        "certificates/commune.html",
        {
            "commune": commune,
            "certificates": selectors.certificates_in(commune=commune),
            "today": timezone.localdate(),
        },
    )


# Never from a cache, the browser's or a proxy's: a revocation must show at once. (The public
# page cache, base.page_cache, stores Wagtail pages only; this view is not one.)
@never_cache
def verify(request, token):
    code = verify_token(token)
    certificate = (
        Certificate.objects.select_related("commune__province")
        .prefetch_related("skills")
        .filter(code=code)
        .first()
        if code
        else None
    )
    if certificate is None:
        return render(request, "certificates/not_ours.html", status=404)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "masked_name": mask_name(certificate.holder_name),
            "status": certificate.status_on(),
            "today": timezone.localdate(),
        },
    )
