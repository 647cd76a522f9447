"""The fact sheet as PDF for the workshop folder (WeasyPrint, from the same HTML templates)."""

from django.conf import settings
from weasyprint import HTML


def fact_sheet_pdf(*, html: str) -> bytes:
    # Fonts come from the system (fontconfig); nothing is fetched from the network.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
