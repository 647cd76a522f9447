"""The invitation as a printed letter (WeasyPrint, one page per invitee, each in their own
language) and what the e-mail shares with it: the workshop's dates, the RSVP link and the QR
code of the check-in link that a moderator's phone scans at the door."""

import base64
import io

import segno
from django.template.loader import render_to_string
from django.utils import translation

from cohesion.core.pdf import pdf_document
from cohesion.participation.qr import qr_svg
from cohesion.workshops.selectors import workshop_of_process


def check_in_qr_png(url: str) -> bytes:
    """A PNG for e-mail clients, which often show no SVG."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def workshop_dates(*, process) -> list:
    """The dates of the process's workshop days, where a workshop exists and names them."""
    workshop = workshop_of_process(process=process)
    if workshop is None:
        return []
    return [day.date for day in workshop.days.all() if day.date is not None]


def invitation_context(*, invitation, links: dict[str, str], dates=None) -> dict:
    process = invitation.process
    return {
        "invitation": invitation,
        "person": invitation.stakeholder,
        "municipality": process.municipality,
        "dates": workshop_dates(process=process) if dates is None else dates,
        **links,
    }


def letters_html(*, invitations, links: dict[int, dict[str, str]]) -> str:
    """One HTML document: a section per letter, each rendered in its invitee's language and
    direction."""
    pages = []
    dates_by_process: dict[int, list] = {}
    for invitation in invitations:
        if invitation.process_id not in dates_by_process:
            dates_by_process[invitation.process_id] = workshop_dates(process=invitation.process)
        with translation.override(invitation.language):
            context = invitation_context(
                invitation=invitation,
                links=links[invitation.pk],
                dates=dates_by_process[invitation.process_id],
            )
            qr = qr_svg(context["check_in_url"])
            context["qr_data_uri"] = "data:image/svg+xml;base64," + base64.b64encode(qr).decode()
            context["language"] = invitation.language
            context["direction"] = "rtl" if translation.get_language_bidi() else "ltr"
            pages.append(render_to_string("invitations/letter_page.html", context))
    return render_to_string("invitations/letters.html", {"pages": pages})


def letters_pdf_document(*, invitations, links):
    html = letters_html(invitations=invitations, links=links)
    return pdf_document(html=html, stylesheet="invitations/print/letters.css")


def letters_pdf(*, invitations, links) -> bytes:
    return letters_pdf_document(invitations=invitations, links=links).write_pdf()
