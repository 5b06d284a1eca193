"""Dashboards: the scope is checked first (selectors.*_in_scope, on the primary database),
then the cached report is shown or one of its tables exported. Reports are built from the
replica when there is one (base.db_router). Views only pick and format."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.roles import COVERAGE_VIEWERS, Role, has_role, role_required
from base.audit import audit
from base.db_router import reads_from_replica
from courses.selectors import cohorts_for_trainer
from households.scopes import commune_in_scope, is_official_of
from households.selectors import communes_for

from . import exports, reports, selectors
from .charts import bar_chart
from .forms import ProvinceFilterForm

FORMATS = {"csv": exports.as_csv, "xlsx": exports.as_xlsx}


def may_export_confirmations(user, commune) -> bool:
    """Who may take a commune's skill confirmations out: its officials, and the province
    administrators of its province (a trainer sees their cohort's skills, not the commune's
    list of people)."""
    return is_official_of(user, commune) or (
        has_role(user, Role.PROVINCE_ADMIN)
        and selectors.provinces_for(user).filter(pk=commune.province_id).exists()
    )


def _show(request, report, *, target: str, table=None, fmt=None, **context):
    """The report as a page, or one of its tables as a file (logged)."""
    if table is None:
        charts = {t.key: bar_chart(t) for t in report.tables}
        return render(
            request,
            "analytics/report.html",
            {"report": report, "charts": charts, "query": request.GET.urlencode(), **context},
        )
    chosen = report.table(table)
    if chosen is None or fmt not in FORMATS:
        raise Http404
    audit(
        user=request.user,
        action="analytics.export",
        target=target,
        table=table,
        format=fmt,
        rows=len(chosen.frame),
        filters=request.GET.dict(),
    )
    return FORMATS[fmt](chosen, exports.filename(str(report.title), chosen, fmt))


@role_required(*COVERAGE_VIEWERS)
def index(request):
    """Every dashboard the user may open."""
    user = request.user
    return render(
        request,
        "analytics/index.html",
        {
            "cohorts": cohorts_for_trainer(user=user) if has_role(user, Role.TRAINER) else [],
            "communes": communes_for(user).order_by("name")[:200],
            "provinces": selectors.provinces_for(user),
            "national": user.is_superuser,
        },
    )


def _dashboard(request, target: str, build, *, table=None, fmt=None, **context):
    """A cached dashboard (cached under its target, never under who asks: scope is checked
    before); a POST ("compute again") drops the cached figures."""
    name = f"analytics:{target}"
    if request.method == "POST":
        cache.delete(name)
        return redirect(request.get_full_path())
    with reads_from_replica():
        report = reports.cached(name, build)
    return _show(request, report, target=target, table=table, fmt=fmt, **context)


@role_required(Role.TRAINER)
def trainer(request, table=None, fmt=None):
    build = lambda: reports.trainer_report(request.user)  # noqa: E731
    return _dashboard(request, f"trainer:{request.user.pk}", build, table=table, fmt=fmt)


@role_required(Role.TRAINER)
def cohort(request, cohort_id, table=None, fmt=None):
    chosen = selectors.cohort_in_scope(user=request.user, cohort_id=cohort_id)
    build = lambda: reports.cohort_report(chosen)  # noqa: E731
    return _dashboard(request, f"cohort:{chosen.pk}", build, table=table, fmt=fmt)


@role_required(*COVERAGE_VIEWERS)
def commune(request, code, table=None, fmt=None):
    chosen = commune_in_scope(user=request.user, code=code)
    build = lambda: reports.commune_report(chosen)  # noqa: E731
    return _dashboard(
        request,
        f"commune:{chosen.code}",
        build,
        table=table,
        fmt=fmt,
        # The commune's code when the viewer may export its confirmations.
        confirmations=chosen.code if may_export_confirmations(request.user, chosen) else "",
    )


@role_required(*COVERAGE_VIEWERS)
def national(request, table=None, fmt=None):
    """Every province's coverage: for those who answer for the whole country only."""
    if not request.user.is_superuser:
        raise PermissionDenied
    return _dashboard(request, "national", reports.national_report, table=table, fmt=fmt)


@role_required(Role.COMMUNE_OFFICIAL, Role.PROVINCE_ADMIN)
def skill_confirmations(request, code, fmt):
    """A commune's skill confirmations as a spreadsheet, one row per person (logged). Never
    cached: it is read when asked, in the asker's language."""
    chosen = commune_in_scope(user=request.user, code=code)
    if not may_export_confirmations(request.user, chosen):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    with reads_from_replica():
        table = reports.confirmations_table(chosen)
    audit(
        user=request.user,
        action="analytics.export_skill_confirmations",
        target=f"commune:{chosen.code}",
        format=fmt,
        rows=len(table.frame),
    )
    return FORMATS[fmt](table, exports.filename(chosen.name, table, fmt))


@role_required(Role.PROVINCE_ADMIN)
def province(request, code, table=None, fmt=None):
    chosen = selectors.province_in_scope(user=request.user, code=code)
    form = ProvinceFilterForm(request.GET or None)
    filters = form.filters()
    if table is not None:  # a file was asked for: build it now if it is not cached
        with reads_from_replica():
            report = reports.cached(
                reports.province_cache_key(chosen, filters),
                lambda: reports.province_report(chosen, filters),
            )
        return _show(request, report, target=f"province:{code}", table=table, fmt=fmt)
    with reads_from_replica():
        refresh = request.method == "POST"
        report = reports.province_report_or_queue(chosen, filters, refresh=refresh)
    if request.method == "POST":
        return redirect(request.get_full_path())
    if report is None:
        return render(
            request, "analytics/computing.html", {"province": chosen, "form": form}, status=202
        )
    return _show(request, report, target=f"province:{code}", form=form)
