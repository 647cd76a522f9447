"""The workshop's documentation for its organisers: the PDF of a day (the workshop folder) and
the raw data as XLSX and CSV, without personal data. Each download is audited."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cohesion.core.shortcuts import found_or_404
from cohesion.workshops import documentation
from cohesion.workshops.selectors import workshop_for_editor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workshop(request, pk: int):
    return found_or_404(workshop_for_editor(user=request.user, pk=pk))


def _attachment(content: bytes, *, content_type: str, name: str, inline: bool = False):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_GET
@login_required
def day_pdf(request, pk: int, day_pk: int):
    workshop = _workshop(request, pk)
    day = found_or_404(workshop.days.filter(pk=day_pk).first())
    day.workshop = workshop
    html = documentation.day_html(
        workshop=workshop, day=day, language=request.LANGUAGE_CODE, request=request
    )
    content = documentation.day_pdf(html=html)
    documentation.documentation_export_audit(
        actor=request.user, workshop=workshop, what="pdf", day=day
    )
    return _attachment(
        content,
        content_type="application/pdf",
        name=f"cohesion-workshop-{workshop.pk}-{day.phase_slug}.pdf",
        inline=True,
    )


@require_GET
@login_required
def export_xlsx(request, pk: int):
    workshop = _workshop(request, pk)
    content = documentation.export_xlsx(workshop=workshop)
    documentation.documentation_export_audit(actor=request.user, workshop=workshop, what="xlsx")
    return _attachment(content, content_type=XLSX, name=f"cohesion-workshop-{workshop.pk}.xlsx")


@require_GET
@login_required
def export_csv(request, pk: int):
    """The answers, or with ?part=cards the cards: one plain table per file."""
    workshop = _workshop(request, pk)
    part = "cards" if request.GET.get("part") == "cards" else "answers"
    content = documentation.export_csv(workshop=workshop, part=part)
    documentation.documentation_export_audit(
        actor=request.user, workshop=workshop, what=f"csv-{part}"
    )
    return _attachment(
        content,
        content_type="text/csv; charset=utf-8",
        name=f"cohesion-workshop-{workshop.pk}-{part}.csv",
    )
