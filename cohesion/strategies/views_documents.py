"""The strategy as documents for whoever reads it: a page with the downloads (PDF, DOCX, XLSX,
JSON) in a chosen language, and the downloads themselves, each written to the audit trail."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cohesion.core.shortcuts import found_or_404
from cohesion.strategies import documents
from cohesion.strategies.selectors import shown, strategy_for_viewer

FORMAT_LABELS = {
    "pdf": _("PDF for print"),
    "docx": _("Word document (DOCX) to edit"),
    "xlsx": _("Spreadsheet (XLSX)"),
    "json": _("Open data (JSON)"),
}


def _language(request) -> str:
    """The language asked for (?language=), else the page's."""
    languages = {code for code, _name in settings.LANGUAGES}
    asked = request.GET.get("language", "")
    if asked in languages:
        return asked
    return (get_language() or "de").split("-")[0]


@require_GET
@login_required
def documents_page(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    language = _language(request)
    return render(
        request,
        "strategies/document/downloads.html",
        {
            "strategy": strategy,
            "title": shown(strategy.title, strategy=strategy, language=language),
            "language": language,
            "languages": settings.LANGUAGES,
            "formats": list(FORMAT_LABELS.items()),
        },
    )


@require_GET
@login_required
def document_download(request, pk: int, format: str):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    if format not in documents.FORMATS:
        raise Http404
    language = _language(request)
    content = documents.strategy_export(
        strategy=strategy,
        format=format,
        language=language,
        council_decision=documents.council_decision_of(strategy),
    )
    documents.strategy_export_audit(
        actor=request.user, strategy=strategy, format=format, language=language
    )
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[format])
    disposition = "inline" if format == "pdf" else "attachment"
    name = documents.export_file_name(strategy, format, language)
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response
