"""Monitoring's pages: the dashboard and the yearly report (the three questions), a measure's
reports over time with the form for a new one, the bulk update (upload → preview → apply) with
its template, the climate survey's follow-up and "my notifications"."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohesion.core import spreadsheets
from cohesion.core.charts import chart_svg, trend_spec
from cohesion.core.shortcuts import found_or_404
from cohesion.monitoring import selectors, services
from cohesion.monitoring.forms import (
    ActualForm,
    ApplyForm,
    MilestoneDoneForm,
    ReportForm,
    UploadForm,
)
from cohesion.monitoring.messages import COLUMN_LABELS, file_message, problem_message
from cohesion.monitoring.models import STATUS_CHOICES
from cohesion.strategies import bulk
from cohesion.strategies.selectors import shown, strategy_of_process
from cohesion.strategies.views_common import form_errors as _form_errors
from cohesion.strategies.views_common import language as _language
from cohesion.strategies.views_common import told

STATUS_LABELS = dict(STATUS_CHOICES)


def _check_report(request, obj) -> None:
    if not request.user.has_perm("monitoring.report_progress", obj):
        raise PermissionDenied


# --- the dashboard and the yearly report ---


@require_GET
@login_required
def dashboard(request, process_pk: int):
    process = found_or_404(selectors.process_for_monitoring(user=request.user, pk=process_pk))
    strategy = strategy_of_process(process=process)
    today = timezone.localdate()
    context = {
        "process": process,
        "strategy": strategy,
        "can_report": request.user.has_perm("monitoring.report_progress", process),
        "today": today,
    }
    if strategy is not None:
        language = _language()
        context |= {
            "title": shown(strategy.title, strategy=strategy, language=language),
            "overview": selectors.monitoring_overview(
                strategy=strategy, language=language, today=today
            ),
            "years": selectors.report_years(strategy=strategy, today=today),
            "climate": selectors.climate_before_after(process=process, language=language),
            "climate_to_copy": bool(selectors.climate_without_follow_up(process=process)),
        }
    return render(request, "monitoring/dashboard.html", context)


@require_GET
@login_required
def year_report(request, process_pk: int):
    process = found_or_404(selectors.process_for_monitoring(user=request.user, pk=process_pk))
    strategy = found_or_404(strategy_of_process(process=process))
    today = timezone.localdate()
    years = selectors.report_years(strategy=strategy, today=today)
    year = request.GET.get("year", "")
    if not year.isdigit() or int(year) not in years:
        year = str(today.year)
    language = _language()
    context = {
        "process": process,
        "strategy": strategy,
        "title": shown(strategy.title, strategy=strategy, language=language),
        "years": years,
        "report": selectors.year_report(
            strategy=strategy, language=language, year=int(year), today=today
        ),
        "climate": selectors.climate_before_after(process=process, language=language),
    }
    return render(request, "monitoring/year_report.html", context)


# --- a measure ---


@require_http_methods(["GET", "POST"])
@login_required
def measure_page(request, pk: int):
    measure = found_or_404(selectors.measure_for_monitoring(user=request.user, pk=pk))
    strategy = measure.strategy
    can_report = request.user.has_perm("monitoring.report_progress", measure)
    language = _language()
    status = 200
    if request.method == "POST":
        _check_report(request, measure)
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.measure_report(
                    actor=request.user,
                    measure=measure,
                    status=data["status"],
                    progress_value=data["progress"],
                    reported_on=data["reported_on"],
                    note=data["note"],
                )
            except ValidationError as error:
                _form_errors(form, error)
                measure.refresh_from_db()  # a refused change may have touched the object
            else:
                messages.success(request, _("The report is saved."))
                return redirect("monitoring:measure", measure.pk)
        status = 400
    else:
        form = ReportForm(initial={"status": measure.status, "progress": measure.progress})
    assessment = selectors.measure_lights(measure, today=timezone.localdate())
    reports = selectors.measure_reports(measure=measure)
    milestones = list(measure.milestones.all())
    for milestone in milestones:
        milestone.shown = shown(milestone.title, strategy=strategy, language=language)
    return render(
        request,
        "monitoring/measure.html",
        {
            "measure": measure,
            "strategy": strategy,
            "process": strategy.process,
            "measure_shown": shown(measure.title, strategy=strategy, language=language),
            "assessed": selectors.assessed(assessment),
            "reports": reports,
            "chart": _progress_chart(reports),
            "milestones": milestones,
            "form": form,
            "can_report": can_report,
        },
        status=status,
    )


def _progress_chart(reports):
    """The progress over time as a line (the table beside it holds the same numbers)."""
    by_day = {report.reported_on: report.progress for report in reports}
    if len(by_day) < 2:
        return None
    points = [
        (date_format(day, "SHORT_DATE_FORMAT"), float(value))
        for day, value in sorted(by_day.items())
    ]
    return chart_svg(
        trend_spec,
        points=points,
        unit="%",
        decimals=0,
        description=_("Progress of the measure over time, in percent"),
    )


@require_POST
@login_required
def milestone_done(request, pk: int):
    milestone = found_or_404(selectors.milestone_for_monitoring(user=request.user, pk=pk))
    _check_report(request, milestone)
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        told(
            request,
            lambda: services.milestone_done(
                actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
            ),
            _("The milestone is saved."),
        )
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("monitoring:measure", milestone.measure_id)


@require_http_methods(["GET", "POST"])
@login_required
def actual_add(request, pk: int):
    indicator = found_or_404(selectors.indicator_for_monitoring(user=request.user, pk=pk))
    _check_report(request, indicator)
    strategy = indicator.strategy
    status = 200
    if request.method == "POST":
        form = ActualForm(request.POST)
        if form.is_valid():
            try:
                services.actual_add(actor=request.user, indicator=indicator, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The actual value is saved."))
                return redirect(
                    reverse("monitoring:dashboard", args=[strategy.process_id])
                    + "#indicators-heading"
                )
        status = 400
    else:
        form = ActualForm()
    name = (
        shown(indicator.name, strategy=strategy, language=_language()) if indicator.name else None
    )
    return render(
        request,
        "monitoring/actual_add.html",
        {
            "indicator": indicator,
            "name": name,
            "process": strategy.process,
            "actuals": list(indicator.actuals.all()),
            "form": form,
        },
        status=status,
    )


# --- the bulk update ---


def _strategy_to_report(request, pk):
    strategy = found_or_404(selectors.strategy_for_monitoring(user=request.user, pk=pk))
    _check_report(request, strategy)
    return strategy


@require_http_methods(["GET", "POST"])
@login_required
def bulk_upload(request, pk: int):
    strategy = _strategy_to_report(request, pk)
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stored = services.bulk_upload_store(
                    actor=request.user,
                    strategy=strategy,
                    filename=upload.name,
                    data=upload.read(bulk.MAX_BYTES + 1),
                )
            except bulk.BulkFileError as error:
                form.add_error("file", file_message(error))
            else:
                return redirect("monitoring:bulk_preview", strategy.pk, stored.token)
        status = 400
    else:
        form = UploadForm()
    return render(
        request,
        "monitoring/bulk_upload.html",
        {"strategy": strategy, "process": strategy.process, "form": form},
        status=status,
    )


@require_GET
@login_required
def bulk_template(request, pk: int, file_format: str):
    """The sheet of the measures, or with ``?sheet=indicators`` the one of the indicators."""
    strategy = _strategy_to_report(request, pk)
    if file_format not in {"csv", "xlsx"}:
        raise Http404
    language = _language()
    ags = strategy.process.municipality.ags
    if request.GET.get("sheet") == "indicators":
        states = services.indicator_states(strategy=strategy, language=language)
        rows = bulk.indicator_template_rows(states.values(), ags=ags, language=language)
        name, title = "indicators", _("Indicators")
    else:
        states = services.measure_states(strategy=strategy, language=language)
        rows = bulk.bulk_template_rows(states.values(), ags=ags, language=language)
        name, title = "measures", _("Measures")
    header, body = rows[0], rows[1:]
    if file_format == "xlsx":
        data = spreadsheets.xlsx_bytes([(title, header, body)])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = spreadsheets.csv_bytes(header, body)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}-{strategy.pk}.{file_format}"'
    return response


def _value_text(value, *, indicator: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if indicator and isinstance(value, Decimal):  # a target or an actual value, as written
        return number_format(Decimal(f"{value.normalize():f}"))
    if isinstance(value, str) and value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    return str(value)


@require_http_methods(["GET", "POST"])
@login_required
def bulk_preview(request, pk: int, token: str):
    strategy = _strategy_to_report(request, pk)
    upload = found_or_404(
        selectors.upload_for_editor(user=request.user, strategy=strategy, token=token)
    )
    language = _language()
    status = 200
    if request.method == "POST":
        form = ApplyForm(request.POST)
        valid_only = form.is_valid() and form.cleaned_data["valid_only"]
        try:
            applied = services.bulk_apply(actor=request.user, upload=upload, valid_only=valid_only)
        except (ValidationError, bulk.BulkFileError) as error:
            message = (
                file_message(error) if isinstance(error, bulk.BulkFileError) else error.messages[0]
            )
            messages.error(request, message)
            status = 400
        else:
            if services.bulk_upload_kind(upload=upload) == "indicators":
                text = _("%(count)d indicators are updated.") % {"count": applied}
                anchor = "#indicators-heading"
            else:
                text, anchor = _("%(count)d measures are updated.") % {"count": applied}, ""
            messages.success(request, text)
            return redirect(reverse("monitoring:dashboard", args=[strategy.process_id]) + anchor)
    try:
        plan, known = services.bulk_upload_plan(
            upload=upload, language=language, actor=request.user
        )
    except bulk.BulkFileError as error:
        messages.error(request, file_message(error))
        upload.delete()
        return redirect("monitoring:bulk_upload", strategy.pk)
    rows = []
    for row in plan.rows:
        state = known.get(row.object_id)
        rows.append(
            {
                "line": row.line,
                "measure_id": row.object_id,
                "title": (state.title if plan.kind == "measures" else state.name) if state else "",
                "action": row.action,
                "changes": [
                    {
                        "column": _change_label(name, row),
                        "before": _value_text(before, indicator=plan.kind == "indicators"),
                        "after": _value_text(after, indicator=plan.kind == "indicators"),
                    }
                    for name, (before, after) in row.changes.items()
                ],
                "problems": [problem_message(problem) for problem in row.problems],
                "note": row.note,
                "source": row.source if "actual" in row.changes else "",
            }
        )
    return render(
        request,
        "monitoring/bulk_preview.html",
        {
            "strategy": strategy,
            "process": strategy.process,
            "upload": upload,
            "plan": plan,
            "rows": rows,
            "counts": {
                "update": plan.count("update"),
                "unchanged": plan.count("unchanged"),
                "invalid": plan.count("invalid"),
            },
            "refused": plan.refused,
            "indicators": plan.kind == "indicators",
            # An adopted strategy's target changed: the application starts an amendment.
            "amendment": plan.kind == "indicators"
            and plan.target_changes
            and strategy.state == "adopted",
        },
        status=status,
    )


def _change_label(name: str, row) -> str:
    label = str(COLUMN_LABELS.get(name, name))
    if name == "actual":
        return _("%(column)s for %(period)s") % {"column": label, "period": row.period}
    return label


# --- the climate survey after ---


@require_POST
@login_required
def climate_follow_up(request, process_pk: int):
    process = found_or_404(selectors.process_for_monitoring(user=request.user, pk=process_pk))
    _check_report(request, process)
    try:
        count = services.climate_follow_up_prepare(actor=request.user, process=process)
    except PermissionDenied:
        messages.error(
            request, _("Only who may change the workshop's agenda can prepare the follow-up.")
        )
    else:
        if count:
            messages.success(
                request,
                _(
                    "%(count)d climate statements are copied into the workshop: run them with "
                    "the workshop's console and the phones."
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("The follow-up survey is prepared already."))
    return redirect(reverse("monitoring:dashboard", args=[process.pk]) + "#climate")


# --- notifications ---


@require_GET
@login_required
def notifications(request):
    return render(
        request,
        "monitoring/notifications.html",
        {"notifications": selectors.notifications_of(user=request.user)},
    )


@require_POST
@login_required
def notification_read(request, pk: int):
    notification = found_or_404(selectors.notification_of(user=request.user, pk=pk))
    services.notification_read(actor=request.user, notification=notification)
    if (
        notification.link
        and request.POST.get("follow")
        and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None)
    ):
        return redirect(notification.link)
    return redirect("monitoring:notifications")


@require_POST
@login_required
def notifications_read_all(request):
    services.notifications_read_all(actor=request.user)
    return redirect("monitoring:notifications")
