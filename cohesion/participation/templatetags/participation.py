"""Pieces of participation any tool's template can show: the privacy notice beside the buttons
that send a first contribution, and the QR code of a join code for the organiser's page."""

from django import template
from django.conf import settings
from django.urls import reverse

from cohesion.participation.codes import code_normalise, code_resolve
from cohesion.participation.qr import qr_data_uri

register = template.Library()


@register.inclusion_tag("participation/notice.html")
def privacy_notice() -> dict:
    return {
        "retention_days": settings.PARTICIPANT_RETENTION_DAYS,
        "own_data_url": reverse("participate:own_data"),
    }


@register.inclusion_tag("participation/join_qr.html", takes_context=True)
def join_qr(context, code: str) -> dict:
    """The QR code of the page a code leads to, as an <img> with a data: URI (allowed by the
    Content-Security-Policy), and a link to the SVG file for a projector or a print shop."""
    code = code_normalise(code)
    target = code_resolve(code)
    if target is None:
        return {"code": code, "data_uri": ""}
    address = context["request"].build_absolute_uri(target.url)
    return {"code": code, "data_uri": qr_data_uri(address)}
