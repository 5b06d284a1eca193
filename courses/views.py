from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import Role, role_required
from accounts.services import login_token, renew_login_sheet
from base.page_parts import parts
from base.qr import qr_svg

from . import page_parts, selectors, services
from .forms import AddMemberByPhoneForm, AttendanceForm, CohortForm, NewMemberForm, SessionForm
from .models import CoursePage

# The plain password of a just-made account is kept in the session only until the sheet prints.
_SHEET_PASSWORD_KEY = "login_sheet_password"


@require_POST
@login_required
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    services.enrol(user=request.user, course=course)
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    first_lesson = course.get_children().live().first()
    return redirect(first_lesson.url if first_lesson else course.url)


@role_required(Role.TRAINER)
def cohort_list(request):
    cohorts = selectors.cohorts_for_trainer(user=request.user)
    return render(request, "courses/cohort_list.html", {"cohorts": cohorts})


@role_required(Role.TRAINER)
def cohort_create(request):
    form = CohortForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        cohort = services.create_cohort(trainer=request.user, **form.cleaned_data)
        messages.success(request, _("Cohort created. Now add its members."))
        return redirect("courses:cohort", cohort_id=cohort.pk)
    return render(request, "courses/cohort_form.html", {"form": form})


@role_required(Role.TRAINER)
def cohort_detail(request, cohort_id):
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    return render(
        request,
        "courses/cohort_detail.html",
        {
            "cohort": cohort,
            "members": selectors.cohort_members(cohort=cohort),
            "sheet_member_ids": set(
                selectors.sheet_members(cohort=cohort).values_list("pk", flat=True)
            ),
            "invitations": selectors.invitations_not_joined(cohort=cohort),
            "sessions": selectors.sessions_with_counts(cohort=cohort),
            "to_call": selectors.members_to_call(cohort=cohort),
            "missed_to_call": selectors.MISSED_IN_A_ROW_TO_CALL,
            "phone_form": AddMemberByPhoneForm(),
            "new_member_form": NewMemberForm(),
            "session_form": SessionForm(),
            **parts(page_parts.COHORT_PAGE, cohort=cohort),
        },
    )


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@role_required(Role.TRAINER)
def member_add_by_phone(request, cohort_id):
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    form = AddMemberByPhoneForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif not ratelimit.consume(request, action="cohort_invite", user=request.user):
        messages.error(
            request, _("You have invited many numbers in a short time. Try again later.")
        )
    else:
        phone = form.cleaned_data["phone"]
        services.invite_by_phone(cohort=cohort, phone=phone, trainer=request.user)
        # The same words whether or not the number has an account: nobody learns who signed up.
        messages.success(
            request,
            _(
                "Invitation recorded for %(phone)s. If this number belongs to a learner on "
                "Nhà Số, they are told and join the cohort when they accept. Someone who has "
                "not signed up yet can sign up with this number and will find the invitation."
            )
            % {"phone": form.cleaned_data["phone_display"]},
        )
    return redirect("courses:cohort", cohort_id=cohort.pk)


@require_POST
@login_required
def invitation_answer(request, invitation_id):
    """The invited learner accepts or declines, from "My learning"."""
    invitation = get_object_or_404(selectors.open_invitations(user=request.user), pk=invitation_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_invitation(invitation=invitation, user=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if accept:
            messages.success(
                request, _("You joined the cohort “%(cohort)s”.") % {"cohort": invitation.cohort}
            )
        else:
            messages.info(request, _("Invitation declined."))
    return redirect("lessons:my_learning")


@require_POST
@role_required(Role.TRAINER)
def member_create(request, cohort_id):
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    form = NewMemberForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("courses:cohort", cohort_id=cohort.pk)
    try:
        user, password = services.create_member_without_phone(
            cohort=cohort, full_name=form.cleaned_data["full_name"], trainer=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("courses:cohort", cohort_id=cohort.pk)
    request.session[_SHEET_PASSWORD_KEY] = {"user": user.pk, "password": password}
    return redirect("courses:login_sheet", cohort_id=cohort.pk, user_id=user.pk)


@role_required(Role.TRAINER)
def login_sheet(request, cohort_id, user_id):
    """A printable sheet with the learner's username, password and a QR code that logs in;
    only for the phone-less accounts made for this cohort (a sheet opens the account)."""
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    member = get_object_or_404(selectors.sheet_members(cohort=cohort), pk=user_id)
    if request.method == "POST":
        password = renew_login_sheet(user=member)
        request.session[_SHEET_PASSWORD_KEY] = {"user": member.pk, "password": password}
        return redirect("courses:login_sheet", cohort_id=cohort.pk, user_id=member.pk)
    stored = request.session.pop(_SHEET_PASSWORD_KEY, None)
    password = stored["password"] if stored and stored["user"] == member.pk else None
    return render(
        request,
        "courses/login_sheet.html",
        {"cohort": cohort, "member": member, "password": password, "qr": _qr_for(request, member)},
    )


def _qr_for(request, member, *, scalable: bool = False) -> str:
    return qr_svg(
        request.build_absolute_uri(reverse("accounts:qr_login", args=[login_token(member)])),
        scalable=scalable,
    )


@never_cache  # the page holds new passwords
@require_POST
@role_required(Role.TRAINER)
def login_sheets(request, cohort_id):
    """Every login sheet of the cohort at once, as cards to print several per page. Renews
    them all, which voids the sheets printed before: hence a POST, never a link."""
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    renewed = services.renew_cohort_login_sheets(cohort=cohort, trainer=request.user)
    cards = [
        {"member": member, "password": password, "qr": _qr_for(request, member, scalable=True)}
        for member, password in renewed
    ]
    return render(request, "courses/login_sheets.html", {"cohort": cohort, "cards": cards})


@require_POST
@role_required(Role.TRAINER)
def member_remind(request, cohort_id, user_id):
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    member = get_object_or_404(selectors.cohort_members(cohort=cohort), pk=user_id)
    try:
        services.remind_member(cohort=cohort, member=member, trainer=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Reminder sent to %(name)s.") % {"name": member.display_name})
    return redirect(reverse("courses:cohort", args=[cohort.pk]) + "#to-call")


@require_POST
@role_required(Role.TRAINER)
def session_create(request, cohort_id):
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    form = SessionForm(request.POST)
    if form.is_valid():
        services.schedule_session(cohort=cohort, **form.cleaned_data)
        messages.success(request, _("Session scheduled."))
    else:
        _form_errors(request, form)
    return redirect("courses:cohort", cohort_id=cohort.pk)


@role_required(Role.TRAINER)
def session_attendance(request, cohort_id, session_id):
    cohort = selectors.cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    session = get_object_or_404(cohort.sessions, pk=session_id)
    members = selectors.cohort_members(cohort=cohort)
    if request.method == "POST":
        form = AttendanceForm(request.POST, members=members)
        if form.is_valid():
            services.record_attendance(
                session=session,
                present_user_ids=set(form.cleaned_data["present"]),
                recorded_by=request.user,
            )
            messages.success(request, _("Attendance saved."))
            return redirect("courses:cohort", cohort_id=cohort.pk)
    else:
        attendance = selectors.session_attendance(session=session)
        form = AttendanceForm(
            members=members, initial={"present": [m.pk for m, present in attendance if present]}
        )
    return render(
        request,
        "courses/session_attendance.html",
        {"cohort": cohort, "session": session, "form": form},
    )
