from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import COVERAGE_VIEWERS, Role, has_role, role_required
from base.audit import audit
from base.spreadsheet import csv_response
from courses.models import CoursePage
from places.models import Village
from quizzes.services import start_attempt

from . import selectors, services
from .forms import (
    ConfirmImportForm,
    DeleteForm,
    HouseholdForm,
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
    ImportRefused,
    confirm_import,
    preview_import,
)
from .models import AmbassadorLink, Evidence, Household, Level, Member
from .templatetags.households import level_label


def _level(request) -> int:
    form = LevelForm(request.GET)
    return (
        form.cleaned_data["level"]
        if form.is_valid() and form.cleaned_data["level"]
        else Level.QUIZ_VERIFIED
    )


def _commune(request, code):
    return get_object_or_404(selectors.communes_for(request.user), code=code)


def _is_official_of(user, commune) -> bool:
    return user.is_superuser or (
        has_role(user, Role.COMMUNE_OFFICIAL) and user.home_commune_id == commune.pk
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
    commune = _commune(request, code)
    level = _level(request)
    households = selectors.households_in(user=request.user, commune=commune)
    rows = selectors.coverage_by(
        households, by="village_id", name_field="village__name", level=level
    )
    uncovered = selectors.uncovered(households, level=level)[:200]
    audit(
        user=request.user,
        action="households.view",
        target=f"commune:{code}",
        level=level,
        shown=len(uncovered),
    )
    return render(
        request,
        "households/commune.html",
        {
            "commune": commune,
            "rows": rows,
            "uncovered": uncovered,
            "level": Level(level),
            "level_form": LevelForm(initial={"level": level}),
            "total": sum(r.households for r in rows),
            "covered": sum(r.covered for r in rows),
            "is_official": _is_official_of(request.user, commune),
            "village_form": VillageForm(),
            "trend": selectors.weekly_coverage(households, level=level),
            "pending_links": selectors.pending_links(user=request.user, commune=commune),
        },
    )


@role_required(*COVERAGE_VIEWERS)
def uncovered_export(request, code):
    """The households still to reach, as a spreadsheet for planning visits. Names of heads
    only: no members, no phone numbers."""
    commune = _commune(request, code)
    level = _level(request)
    households = selectors.uncovered(
        selectors.households_in(user=request.user, commune=commune), level=level
    ).annotate(member_count=Count("members", distinct=True))
    response = csv_response(
        f"ho-chua-dat-{code}.csv",
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
    audit(
        user=request.user,
        action="households.export",
        target=f"commune:{code}",
        level=level,
        rows=len(households),
    )
    return response


@require_POST
@role_required(Role.COMMUNE_OFFICIAL)
def village_add(request, code):
    commune = _commune(request, code)
    if not _is_official_of(request.user, commune):
        raise PermissionDenied
    form = VillageForm(request.POST)
    if form.is_valid():
        Village.objects.get_or_create(commune=commune, name=form.cleaned_data["name"].strip())
        messages.success(request, _("Village added."))
    return redirect("households_commune", code=code)


@role_required(Role.COMMUNE_OFFICIAL)
def household_import(request, code):
    """Choose a file: every row is checked and what would change is shown, nothing written.
    Confirm: exactly that is written, or, if the households changed meanwhile, the new
    preview is shown to confirm instead."""
    commune = _commune(request, code)
    if not _is_official_of(request.user, commune):
        raise PermissionDenied
    confirming = request.method == "POST" and "token" in request.POST
    form = ImportForm(None if confirming else request.POST or None, request.FILES or None)
    context = {"commune": commune, "form": form, "errors": [], "result": None, "preview": None}
    try:
        if confirming:
            confirmation = ConfirmImportForm(request.POST)
            if not confirmation.is_valid():
                raise ImportExpired
            context["result"] = confirm_import(
                **confirmation.cleaned_data, commune=commune, user=request.user
            )
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


@role_required(*COVERAGE_VIEWERS)
def household_detail(request, pk):
    household = get_object_or_404(
        selectors.households_in(user=request.user).select_related("village", "commune"), pk=pk
    )
    audit(
        user=request.user,
        action="household.view",
        target=f"commune:{household.commune.code}",
        code=household.code,
    )
    return render(
        request,
        "households/household.html",
        {
            "household": household,
            "members": selectors.members_with_level(household),
            "consents": household.consents.all(),
            "witness_form": WitnessForm(),
            "delete_form": DeleteForm(),
            "is_official": _is_official_of(request.user, household.commune),
        },
    )


@require_POST
@role_required(Role.COMMUNE_OFFICIAL, Role.TRAINER)
def member_witnessed(request, pk, member_id):
    household = get_object_or_404(selectors.households_in(user=request.user), pk=pk)
    member = get_object_or_404(household.members, pk=member_id)
    form = WitnessForm(request.POST)
    if form.is_valid():
        try:
            services.record_evidence(
                member=member, kind=Evidence.Kind.WITNESSED, user=request.user, **form.cleaned_data
            )
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
            return redirect("household_detail", pk=pk)
        messages.success(
            request,
            _("%(name)s can use online public services: recorded.") % {"name": member.full_name},
        )
    else:
        messages.error(request, _("Say which procedure and when."))
    return redirect("household_detail", pk=pk)


@require_POST
@role_required(Role.COMMUNE_OFFICIAL)
def household_delete(request, pk):
    household = get_object_or_404(selectors.households_in(user=request.user), pk=pk)
    if not _is_official_of(request.user, household.commune):
        raise PermissionDenied
    form = DeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the household is removed."))
        return redirect("household_detail", pk=pk)
    code = household.commune.code
    services.delete_household(
        household=household, user=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("The household and its personal data were deleted."))
    return redirect("households_commune", code=code)


# --- student ambassadors ------------------------------------------------------------------


def _linked_member(request, member_id) -> Member:
    return get_object_or_404(
        Member.objects.filter(household__in=selectors.linked_households(ambassador=request.user)),
        pk=member_id,
    )


@role_required(Role.AMBASSADOR)
def my_households(request):
    households = selectors.linked_households(ambassador=request.user).select_related("village")
    audit(user=request.user, action="households.view", target="ambassador", shown=len(households))
    initial = {"commune_code": getattr(request.user.home_commune, "code", "")}
    return render(
        request,
        "households/ambassador.html",
        {
            "households": [(h, _members_for_ambassador(h, request.user)) for h in households],
            "pending": selectors.waiting_links(ambassador=request.user),
            "link_form": LinkRequestForm(initial=initial),
            "courses": final_check_courses(),
        },
    )


def _members_for_ambassador(household, ambassador):
    """Each member with a visit form of its own (ids must be unique on the page) and the
    visits this ambassador already recorded, so they can see what is left to teach."""
    members = list(selectors.members_with_level(household).prefetch_related("teaching_visits"))
    for member in members:
        member.is_me = member.user_id == ambassador.pk  # no visit form: one cannot teach oneself
        member.visit_form = VisitForm(auto_id=f"visit{member.pk}_%s")
        member.my_visits = [
            v for v in member.teaching_visits.all() if v.ambassador_id == ambassador.pk
        ]
    return members


@require_POST
@role_required(Role.AMBASSADOR)
def link_request(request):
    form = LinkRequestForm(request.POST)
    household = None
    if form.is_valid():
        household = Household.objects.filter(
            commune__code=form.cleaned_data["commune_code"].strip(),
            code=form.cleaned_data["household_code"].strip(),
        ).first()
    if household is not None:
        services.request_link(
            ambassador=request.user, household=household, relation=form.cleaned_data["relation"]
        )
    # The same answer whether or not the code exists: codes must not reveal households.
    messages.info(
        request,
        _("Request sent. The commune official or trainer will check it with the household."),
    )
    return redirect("my_households")


@require_POST
@role_required(Role.COMMUNE_OFFICIAL, Role.TRAINER)
def link_approve(request, pk):
    link = get_object_or_404(
        AmbassadorLink.objects.filter(household__commune__in=selectors.communes_for(request.user)),
        pk=pk,
    )
    try:
        services.approve_link(link=link, user=request.user)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
        return redirect("households_commune", code=link.household.commune.code)
    audit(
        user=request.user,
        action="household.link_approved",
        target=f"commune:{link.household.commune.code}",
        code=link.household.code,
    )
    messages.success(request, _("Approved."))
    return redirect("households_commune", code=link.household.commune.code)


@require_POST
@role_required(Role.AMBASSADOR)
def teaching_visit(request, member_id):
    member = _linked_member(request, member_id)
    form = VisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what you taught and when."))
        return redirect("my_households")
    try:
        with transaction.atomic():  # the visit and the word that goes with it, or neither
            services.record_visit(
                ambassador=request.user,
                member=member,
                skill=form.cleaned_data["skill"],
                visited_on=form.cleaned_data["visited_on"],
            )
            if form.cleaned_data["can_do_it"]:
                services.record_evidence(
                    member=member,
                    kind=Evidence.Kind.AMBASSADOR_SAYS,
                    user=request.user,
                    procedure=form.cleaned_data["skill"],
                    observed_on=form.cleaned_data["visited_on"],
                )
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
        return redirect("my_households")
    messages.success(request, _("Visit recorded. Thank you!"))
    return redirect("my_households")


@require_POST
@role_required(Role.AMBASSADOR)
def assisted_check(request, member_id, course_id):
    """The member takes the course's final check on the ambassador's phone; the attempt is
    recorded for the member."""
    member = _linked_member(request, member_id)
    course = get_object_or_404(final_check_courses(), pk=course_id)
    try:
        attempt = start_attempt(
            user=request.user,
            quiz=course.final_quiz,
            client_id=uuid4(),
            assisted_for=f"{services.ASSISTED_PREFIX}{member.pk}",
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("my_households")
    messages.info(
        request,
        _("Give the phone to %(name)s. The answers count for them.") % {"name": member.full_name},
    )
    return redirect("quiz_question", attempt_id=attempt.pk, number=1)


def final_check_courses():
    return CoursePage.objects.live().filter(
        final_quiz__isnull=False, locale__language_code=settings.LANGUAGE_CODE
    )


@role_required(Role.COMMUNE_OFFICIAL)
def household_edit(request, code, pk=None):
    """Add a household by hand, or correct one: its members and, when new, its consent."""
    commune = _commune(request, code)
    if not _is_official_of(request.user, commune):
        raise PermissionDenied
    household = get_object_or_404(Household, commune=commune, pk=pk) if pk else None
    form = HouseholdForm(request.POST or None, instance=household, commune=commune)
    members = MemberFormSet(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid() and members.is_valid():
        household = services.save_household(form=form, members=members, user=request.user)
        messages.success(request, _("Household saved."))
        return redirect("household_detail", pk=household.pk)
    return render(
        request,
        "households/household_form.html",
        {"commune": commune, "form": form, "members": members, "household": household},
    )
