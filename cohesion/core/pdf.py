"""PDF documents laid out by WeasyPrint from HTML, with their style sheet kept as a template
file beside the HTML (so that no template carries a <style> block the pages' policy blocks)."""

from django.conf import settings
from django.template.loader import get_template


def pdf_document(*, html: str, stylesheet: str):
    """The laid-out document; ``stylesheet`` names a CSS template (e.g. "seating/print/plan.css").
    WeasyPrint is imported here: it is heavy and only documents need it."""
    from weasyprint import CSS, HTML

    sheet = CSS(string=get_template(stylesheet).template.source)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[sheet])
