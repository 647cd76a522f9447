"""The seating plan on paper and in a spreadsheet: a printable plan and table cards (PDF through
WeasyPrint, one card per table and round), and the plan as XLSX or CSV (every cell through
``core.spreadsheets``, so a name typed as a formula is never run)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cohesion.core.pdf import pdf_document as core_pdf_document
from cohesion.core.spreadsheets import csv_bytes, xlsx_bytes
from cohesion.seating.models import SeatingPlan
from cohesion.seating.selectors import plan_rounds
from cohesion.stakeholders.models import TargetGroup


def target_group_label(value: str) -> str:
    """The method's name of a target group; a file's own value as it is."""
    try:
        return str(TargetGroup(value).label)
    except ValueError:
        return value


def plan_html(*, plan: SeatingPlan, part: str, request=None) -> str:
    """The plan (``part="plan"``: every round, a list of names per table) or the table cards
    (``part="cards"``: one page per table and round, the number large)."""
    template = "seating/plan_print.html" if part == "plan" else "seating/cards_print.html"
    context = {
        "plan": plan,
        "process": plan.process,
        "municipality": plan.process.municipality.name,
        "rounds": plan_rounds(plan),
    }
    return render_to_string(template, context, request)


def pdf_document(*, html: str, part: str):
    """The laid-out document with the part's own style sheet."""
    sheet = "seating/print/plan.css" if part == "plan" else "seating/print/cards.css"
    return core_pdf_document(html=html, stylesheet=sheet)


def pdf(*, html: str, part: str) -> bytes:
    return pdf_document(html=html, part=part).write_pdf()


def plan_rows(plan: SeatingPlan) -> tuple[list[str], list[list]]:
    header = [
        _("Round"),
        _("Table"),
        "id",
        _("Name"),
        _("Target group"),
        _("Department"),
        _("Origin group"),
        _("Language"),
    ]
    rows = []
    for number, tables in enumerate(plan_rounds(plan), 1):
        for table in tables:
            for seat in table.seats:
                rows.append(
                    [
                        number,
                        table.number,
                        seat.id,
                        seat.name,
                        target_group_label(seat.target_group),
                        seat.department,
                        seat.origin,
                        seat.language,
                    ]
                )
    return header, rows


def export_csv(*, plan: SeatingPlan) -> bytes:
    return csv_bytes(*plan_rows(plan))


def export_xlsx(*, plan: SeatingPlan) -> bytes:
    return xlsx_bytes([("seating", *plan_rows(plan))])
