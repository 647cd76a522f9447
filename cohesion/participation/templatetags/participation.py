"""Pieces of participation any tool's template can show: the privacy notice beside the buttons
that send a first contribution, and the QR code of a join code for the organiser's page."""

from django import template
from django.conf import settings
from django.urls import reverse

from cohesion.participation.codes import code_normalise

register = template.Library()


@register.inclusion_tag("participation/notice.html")
def privacy_notice() -> dict:
    return {
        "retention_days": settings.PARTICIPANT_RETENTION_DAYS,
        "own_data_url": reverse("participate:own_data"),
    }


@register.inclusion_tag("participation/join_qr.html")
def join_qr(code: str) -> dict:
    """The QR code of the page a code leads to, from the site itself (the Content-Security-Policy
    allows images only from there), with a link to the SVG file for a projector or a print shop.
    The organiser's page knows the code exists, so nothing is looked up."""
    return {"code": code_normalise(code)}
