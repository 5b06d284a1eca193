"""The notice's buttons and the person's own reminders page. Every view acts on the
logged-in person's own reminders only; works without JavaScript (plain forms)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Reminder


def _back(request, default: str) -> HttpResponseRedirect:
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(default)
    return HttpResponseRedirect(next_url)


@login_required
def mine(request):
    return render(
        request,
        "reminders/mine.html",
        {
            "reminders": selectors.reminders_of(user=request.user),
            "opted_out": selectors.has_opted_out(user=request.user),
        },
    )


@require_POST
@login_required
def close(request, pk: int):
    # Someone else's reminder is not found, whatever its number.
    reminder = get_object_or_404(Reminder, pk=pk, user=request.user)
    services.close(reminder=reminder, user=request.user)
    return _back(request, "reminders:mine")


@login_required
def turn_off(request):
    """GET (the address at the end of each SMS): asks to confirm; POST turns them off."""
    if request.method != "POST":
        return render(
            request,
            "reminders/turn_off.html",
            {"opted_out": selectors.has_opted_out(user=request.user)},
        )
    services.opt_out(user=request.user)
    messages.success(
        request,
        _("You will get no more reminders. You can turn them on again below."),
    )
    return redirect("reminders:mine")


@require_POST
@login_required
def turn_on(request):
    services.opt_in(user=request.user)
    messages.success(request, _("Reminders are on again: at most one a week."))
    return redirect("reminders:mine")
