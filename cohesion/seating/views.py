"""The mixed tables of a workshop for those who edit its first day: seat the people expected in
the room (or a file's), see the plan per round, print it with table cards, export it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.seating import documents, services
from cohesion.seating.forms import SeatingForm
from cohesion.seating.models import SeatingPlan
from cohesion.seating.selectors import (
    people_in_the_room,
    plan_of,
    plan_rounds,
    plans_of,
    process_for_seating,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _process(request, process_pk: int):
    return found_or_404(process_for_seating(user=request.user, pk=process_pk))


def _plan(request, process_pk: int, pk: int) -> SeatingPlan:
    return found_or_404(plan_of(process=_process(request, process_pk), pk=pk))


@login_required
def seating(request, process_pk: int):
    """The form that seats the people, and the plans made so far."""
    process = _process(request, process_pk)
    form = SeatingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        if source == SeatingPlan.Source.UPLOAD:
            people = form.cleaned_data["people"]
        else:
            people = people_in_the_room(
                process=process, attended_only=source == SeatingPlan.Source.ATTENDED
            )
        try:
            plan = services.seating_plan_create(
                process=process,
                tables=form.cleaned_data["tables"],
                rounds=form.cleaned_data["rounds"],
                seed=form.cleaned_data["seed"],
                people=people,
                source=source,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The people are seated."))
            return redirect("seating:plan", process.pk, plan.pk)
    status = 400 if request.method == "POST" else 200
    expected = len(people_in_the_room(process=process, attended_only=False))
    return render(
        request,
        "seating/seating.html",
        {
            "process": process,
            "form": form,
            "plans": plans_of(process=process),
            "expected": expected,
        },
        status=status,
    )


@require_GET
@login_required
def plan(request, process_pk: int, pk: int):
    plan = _plan(request, process_pk, pk)
    return render(
        request,
        "seating/plan.html",
        {"process": plan.process, "plan": plan, "rounds": plan_rounds(plan)},
    )


@require_POST
@login_required
def plan_delete(request, process_pk: int, pk: int):
    plan = _plan(request, process_pk, pk)
    services.seating_plan_delete(plan=plan, actor=request.user)
    messages.success(request, _("The seating plan was deleted."))
    return redirect("seating:seating", process_pk)


def _attachment(content: bytes, *, content_type: str, name: str, inline: bool = False):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_GET
@login_required
def plan_pdf(request, process_pk: int, pk: int, part: str):
    """The printable plan (part "plan") or the table cards (part "cards")."""
    plan = _plan(request, process_pk, pk)
    html = documents.plan_html(plan=plan, part=part, request=request)
    content = documents.pdf(html=html, part=part)
    services.seating_plan_export_audit(plan=plan, actor=request.user, what=f"pdf-{part}")
    return _attachment(
        content,
        content_type="application/pdf",
        name=f"cohesion-seating-{plan.pk}-{part}.pdf",
        inline=True,
    )


@require_GET
@login_required
def plan_export(request, process_pk: int, pk: int, format: str):  # noqa: A002
    plan = _plan(request, process_pk, pk)
    services.seating_plan_export_audit(plan=plan, actor=request.user, what=format)
    if format == "xlsx":
        return _attachment(
            documents.export_xlsx(plan=plan),
            content_type=XLSX,
            name=f"cohesion-seating-{plan.pk}.xlsx",
        )
    return _attachment(
        documents.export_csv(plan=plan),
        content_type="text/csv; charset=utf-8",
        name=f"cohesion-seating-{plan.pk}.csv",
    )
