"""Household pages. Each view resolves what it acts on through one ``scopes`` function (404
outside the user's scope, 403 where they see but may not change), calls one service, then
renders or redirects: the rules live in ``scopes`` and ``services``, not here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import COVERAGE_VIEWERS, Role, role_required
from base.spreadsheet import csv_response

from . import scopes, selectors, services
from .forms import (
    ConfirmImportForm,
    DeleteForm,
    HouseholdForm,
    HouseholdSearchForm,
    ImportForm,
    LevelForm,
    LinkRequestForm,
    MemberFormSet,
    VillageForm,
    VisitForm,
    WitnessForm,
)
from .importing import (
    ImportChanged,
    ImportExpired,
    ImportJob,
    ImportRefused,
    confirm_or_start_import,
    import_job,
    preview_import,
    template_workbook,
)
from .models import Level
from .templatetags.households import level_label


def _level(request) -> int:
    form = LevelForm(request.GET)
    return (
        form.cleaned_data["level"]
        if form.is_valid() and form.cleaned_data["level"]
        else Level.QUIZ_VERIFIED
    )


@role_required(*COVERAGE_VIEWERS)
def coverage_overview(request):
    level = _level(request)
    rows = selectors.coverage_of_communes(user=request.user, level=level)
    return render(
        request,
        "households/overview.html",
        {
            "rows": rows,
            "level": Level(level),
            "level_form": LevelForm(initial={"level": level}),
            "total": sum(r.households for r in rows),
            "covered": sum(r.covered for r in rows),
        },
    )


@role_required(*COVERAGE_VIEWERS)
def commune_coverage(request, code):
    commune = scopes.commune_in_scope(user=request.user, code=code)
    level = _level(request)
    search = HouseholdSearchForm(request.GET, commune=commune)
    found = services.show_households(
        user=request.user,
        commune=commune,
        level=level,
        page=request.GET.get("page"),
        **search.filters(),
    )
    rows = selectors.village_coverage(commune, level=level)
    return render(
        request,
        "households/commune.html",
        {
            "commune": commune,
            "rows": rows,
            "found": found,
            "search_form": search,
            "level": Level(level),
            "level_form": LevelForm(initial={"level": level}),
            "keep": search.kept(),  # the level form carries the search along
            "total": sum(r.households for r in rows),
            "covered": sum(r.covered for r in rows),
            "is_official": scopes.is_official_of(request.user, commune),
            "village_form": VillageForm(),
            "trend": selectors.weekly_coverage(commune, level=level),
            "pending_links": selectors.pending_links(user=request.user, commune=commune),
        },
    )


@role_required(*COVERAGE_VIEWERS)
def uncovered_export(request, code):
    """The households still to reach, as a spreadsheet for planning visits. Names of heads
    only: no members, no phone numbers."""
    commune = scopes.commune_in_scope(user=request.user, code=code)
    households = services.export_uncovered_households(
        user=request.user, commune=commune, level=_level(request)
    )
    return csv_response(
        f"ho-chua-dat-{commune.code}.csv",
        [
            _("Household code"),
            _("Village"),
            _("Head of household"),
            _("Best level so far"),
            _("Number of members"),
        ],
        (
            [h.code, h.village.name, h.head_name, level_label(h.level, ""), h.member_count]
            for h in households
        ),
    )


@require_POST
@role_required(Role.COMMUNE_OFFICIAL)
def village_add(request, code):
    commune = scopes.commune_for_official(user=request.user, code=code)
    form = VillageForm(request.POST)
    if form.is_valid():
        services.add_village(commune=commune, name=form.cleaned_data["name"], user=request.user)
        messages.success(request, _("Village added."))
    return redirect("households:commune", code=code)


@role_required(Role.COMMUNE_OFFICIAL)
def household_import(request, code):
    """Choose a file: every row is checked and what would change is shown, nothing written.
    Confirm: exactly that is written, or, if the households changed meanwhile, the new
    preview is shown to confirm instead."""
    commune = scopes.commune_for_official(user=request.user, code=code)
    confirming = request.method == "POST" and "token" in request.POST
    form = ImportForm(None if confirming else request.POST or None, request.FILES or None)
    context = {"commune": commune, "form": form, "errors": [], "result": None, "preview": None}
    try:
        if confirming:
            confirmation = ConfirmImportForm(request.POST)
            if not confirmation.is_valid():
                raise ImportExpired
            context["result"] = confirm_or_start_import(
                **confirmation.cleaned_data, commune=commune, user=request.user
            )
            if context["result"] is None:  # a large file: the task worker writes it
                token = confirmation.cleaned_data["token"]
                return redirect("households:import_job", code=code, token=token)
        elif request.method == "POST" and form.is_valid():
            context["preview"] = preview_import(
                upload=form.cleaned_data["file"], commune=commune, user=request.user
            )
    except ImportRefused as refusal:
        context["errors"] = refusal.errors
    except ImportChanged as changed:
        context.update(preview=changed.preview, changed_meanwhile=True)
    except ImportExpired:
        context["expired"] = True
    preview = context["preview"]
    if preview is not None:
        context["confirm_form"] = ConfirmImportForm(
            initial={"token": preview.token, "digest": preview.digest}
        )
    status = 200
    if context["errors"]:
        status = 400
    elif context.get("changed_meanwhile") or context.get("expired"):
        status = 409  # the confirmation was not applied
    return render(request, "households/import.html", context, status=status)


@role_required(Role.COMMUNE_OFFICIAL)
def household_import_job(request, code, token):
    """A large import being written in the background: the page refreshes itself until it
    shows the result, or what stopped it, as the import page would have."""
    commune = scopes.commune_for_official(user=request.user, code=code)
    job = import_job(token=token, commune=commune, user=request.user)
    if job is None:
        raise Http404
    state = job["state"]
    context = {
        "commune": commune,
        "form": ImportForm(),
        "job": job,
        "working": state not in ImportJob.FINISHED,
        "result": job.get("result"),
        "errors": job.get("errors", []),
        "expired": state == ImportJob.EXPIRED,
        "failed": state == ImportJob.FAILED,
        "preview": None,
    }
    if state == ImportJob.CHANGED:
        preview = job["preview"]
        context.update(
            preview=preview,
            changed_meanwhile=True,
            confirm_form=ConfirmImportForm(
                initial={"token": preview.token, "digest": preview.digest}
            ),
        )
    return render(request, "households/import.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(Role.COMMUNE_OFFICIAL)
def import_template(request, code):
    """The spreadsheet to fill in for ``household_import``, with the commune's villages."""
    commune = scopes.commune_for_official(user=request.user, code=code)
    response = HttpResponse(template_workbook(commune=commune), content_type=XLSX)
    filename = f"mau-danh-sach-ho-{commune.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.COMMUNE_OFFICIAL)
def household_edit(request, code, pk=None):
    """Add a household by hand, or correct one: its members and, when new, its consent."""
    commune = scopes.commune_for_official(user=request.user, code=code)
    household = get_object_or_404(commune.households, pk=pk) if pk else None
    form = HouseholdForm(request.POST or None, instance=household, commune=commune)
    members = MemberFormSet(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid() and members.is_valid():
        household = services.save_household(form=form, members=members, user=request.user)
        messages.success(request, _("Household saved."))
        return redirect("households:detail", pk=household.pk)
    return render(
        request,
        "households/household_form.html",
        {"commune": commune, "form": form, "members": members, "household": household},
    )


@role_required(*COVERAGE_VIEWERS)
def household_detail(request, pk):
    household = scopes.household_in_scope(user=request.user, pk=pk)
    return render(
        request,
        "households/household.html",
        {
            "household": household,
            "members": services.show_household(user=request.user, household=household),
            "consents": household.consents.all(),
            "witness_form": WitnessForm(),
            "delete_form": DeleteForm(),
            "is_official": scopes.is_official_of(request.user, household.commune),
        },
    )


@require_POST
@role_required(Role.COMMUNE_OFFICIAL, Role.TRAINER)
def member_witnessed(request, pk, member_id):
    member = scopes.member_in_scope(user=request.user, household_pk=pk, member_id=member_id)
    form = WitnessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say which procedure and when."))
        return redirect("households:detail", pk=pk)
    try:
        services.witness_member(member=member, user=request.user, **form.cleaned_data)
    except PermissionDenied as refusal:  # their own skill: the page says why
        messages.error(request, str(refusal))
        return redirect("households:detail", pk=pk)
    messages.success(
        request,
        _("%(name)s can use online public services: recorded.") % {"name": member.full_name},
    )
    return redirect("households:detail", pk=pk)


@require_POST
@role_required(Role.COMMUNE_OFFICIAL)
def household_delete(request, pk):
    household = scopes.household_for_official(user=request.user, pk=pk)
    form = DeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the household is removed."))
        return redirect("households:detail", pk=pk)
    code = household.commune.code
    services.delete_household(
        household=household, user=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("The household and its personal data were deleted."))
    return redirect("households:commune", code=code)


# --- student ambassadors ------------------------------------------------------------------


@role_required(Role.AMBASSADOR)
def my_households(request):
    households = services.show_linked_households(ambassador=request.user)
    initial = {"commune_code": getattr(request.user.home_commune, "code", "")}
    return render(
        request,
        "households/ambassador.html",
        {
            "households": [(h, _members_for_ambassador(h, request.user)) for h in households],
            "pending": selectors.waiting_links(ambassador=request.user),
            "link_form": LinkRequestForm(initial=initial),
            "courses": selectors.final_check_courses(),
        },
    )


def _members_for_ambassador(household, ambassador):
    """Each member with a visit form of its own (ids must be unique on the page)."""
    members = list(selectors.members_for_ambassador(household=household, ambassador=ambassador))
    for member in members:
        member.is_me = member.user_id == ambassador.pk  # no visit form: one cannot teach oneself
        member.visit_form = VisitForm(auto_id=f"visit{member.pk}_%s")
    return members


@require_POST
@role_required(Role.AMBASSADOR)
def link_request(request):
    # Any household may be asked for; nothing opens until the commune approves.
    form = LinkRequestForm(request.POST)
    if form.is_valid():
        services.request_link_by_code(ambassador=request.user, **form.cleaned_data)
    # The same answer whether or not the code exists: codes must not reveal households.
    messages.info(
        request,
        _("Request sent. The commune official or trainer will check it with the household."),
    )
    return redirect("households:mine")


@require_POST
@role_required(Role.COMMUNE_OFFICIAL, Role.TRAINER)
def link_approve(request, pk):
    link = scopes.link_in_scope(user=request.user, pk=pk)
    try:
        services.approve_link(link=link, user=request.user)
    except PermissionDenied as refusal:  # their own request, or not of this commune
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Approved."))
    return redirect("households:commune", code=link.household.commune.code)


@require_POST
@role_required(Role.AMBASSADOR)
def teaching_visit(request, member_id):
    member = scopes.member_linked_to(user=request.user, member_id=member_id)
    form = VisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what you taught and when."))
        return redirect("households:mine")
    try:
        services.record_teaching_visit(ambassador=request.user, member=member, **form.cleaned_data)
    except PermissionDenied as refusal:  # teaching oneself: the page says why
        messages.error(request, str(refusal))
        return redirect("households:mine")
    messages.success(request, _("Visit recorded. Thank you!"))
    return redirect("households:mine")


@require_POST
@role_required(Role.AMBASSADOR)
def assisted_check(request, member_id, course_id):
    """The member takes the course's final check on the ambassador's phone; the attempt is
    recorded for the member."""
    member = scopes.member_linked_to(user=request.user, member_id=member_id)
    course = get_object_or_404(selectors.final_check_courses(), pk=course_id)
    try:
        attempt = services.start_assisted_check(
            ambassador=request.user, member=member, course=course
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("households:mine")
    messages.info(
        request,
        _("Give the phone to %(name)s. The answers count for them.") % {"name": member.full_name},
    )
    return redirect("quizzes:question", attempt_id=attempt.pk, number=1)
