"""The organisers' pages (quota table, gap view, invitations, letters, check-in) and the
invitee's pages by link (RSVP, own data), which need no account."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.core.spreadsheets import csv_bytes
from cohesion.core.translations import language_codes
from cohesion.core.views import rate_limited
from cohesion.invitations import selectors, services
from cohesion.invitations.findings import gap_view, small_count, value_label
from cohesion.invitations.forms import InviteForm, QuotaForm, RoomSizeForm
from cohesion.invitations.letters import workshop_dates
from cohesion.invitations.limits import rsvp_limited, wrong_key_count, wrong_keys_refused
from cohesion.invitations.models import Invitation, QuotaAttribute
from cohesion.stakeholders import selectors as stakeholder_selectors


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _preparing(request, process_pk):
    return found_or_404(selectors.process_preparing(user=request.user, pk=process_pk))


# --- the quota table ---


@login_required
@require_http_methods(["GET", "POST"])
def quotas(request, process_pk: int):
    process = _preparing(request, process_pk)
    form = QuotaForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.quota_save(actor=request.user, process=process, **form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
                status = 400
            else:
                messages.success(request, _("The quota was added."))
                return redirect("invitations:quotas", process.pk)
        else:
            status = 400
    rows = selectors.quotas_of(process=process)
    return render(
        request,
        "invitations/quotas.html",
        {
            "process": process,
            "rows": rows,
            "forms": [
                (
                    row,
                    value_label(row.attribute, row.value),
                    QuotaForm(
                        initial={
                            "attribute": row.attribute,
                            "value": row.value,
                            "minimum": row.minimum,
                            "maximum": row.maximum,
                        },
                        prefix=f"q{row.pk}",
                    ),
                )
                for row in rows
            ],
            "form": form,
            "room_form": RoomSizeForm(
                initial={"room_size": selectors.room_size_of(process=process)}
            ),
            "attribute_labels": dict(QuotaAttribute.choices),
        },
        status=status,
    )


@login_required
@require_POST
def quota_edit(request, process_pk: int, pk: int):
    process = _preparing(request, process_pk)
    quota = found_or_404(selectors.quota_of(process=process, pk=pk))
    form = QuotaForm(request.POST, prefix=f"q{quota.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("invitations:quotas", process.pk)
    try:
        services.quota_save(actor=request.user, process=process, quota=quota, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The quota was changed."))
    return redirect("invitations:quotas", process.pk)


@login_required
@require_POST
def quota_delete(request, process_pk: int, pk: int):
    process = _preparing(request, process_pk)
    quota = found_or_404(selectors.quota_of(process=process, pk=pk))
    services.quota_delete(actor=request.user, quota=quota)
    messages.success(request, _("The quota was deleted."))
    return redirect("invitations:quotas", process.pk)


@login_required
@require_POST
def quotas_prefill(request, process_pk: int):
    process = _preparing(request, process_pk)
    try:
        prefill = services.quotas_prefill(process=process, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("invitations:quotas", process.pk)
    messages.success(
        request,
        _("The table was filled with %(count)s rows from the statistics and the method.")
        % {"count": len(prefill.rows) - len(prefill.kept)},
    )
    for missing in prefill.missing:
        messages.warning(request, _("Missing in the statistics: %(what)s.") % {"what": missing})
    if prefill.kept:
        messages.info(
            request,
            _("Rows entered by hand were kept: %(rows)s.") % {"rows": ", ".join(prefill.kept)},
        )
    return redirect("invitations:quotas", process.pk)


@login_required
@require_POST
def room_size(request, process_pk: int):
    process = _preparing(request, process_pk)
    form = RoomSizeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The room size is a whole number between 1 and 1000."))
        return redirect("invitations:quotas", process.pk)
    try:
        services.room_size_set(
            actor=request.user, process=process, room_size=form.cleaned_data["room_size"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The planned room size was saved."))
    return redirect("invitations:quotas", process.pk)


# --- the gap view ---


@login_required
@require_GET
def gaps(request, process_pk: int):
    process = _preparing(request, process_pk)
    return render(
        request, "invitations/gaps.html", {"process": process, **gap_view(process=process)}
    )


@login_required
@require_GET
@never_cache
def gaps_live(request, process_pk: int):
    """The gap view's body alone, which the page fetches again every few seconds."""
    process = _preparing(request, process_pk)
    return render(
        request, "invitations/_gaps.html", {"process": process, **gap_view(process=process)}
    )


@login_required
@require_GET
def gaps_csv(request, process_pk: int):
    """The quota table with its counts, as the organiser's export: a count of 1 to 4 reads
    "fewer than 5", so that no small group is named outside the page."""
    process = _preparing(request, process_pk)
    view = gap_view(process=process)
    header = [
        _("attribute"),
        _("value"),
        _("minimum"),
        _("maximum"),
        _("invited"),
        _("confirmed"),
        _("attended"),
    ]
    rows = [
        [row["attribute_label"], row["value_label"], row["minimum"], row["maximum"]]
        + [small_count(cell["count"]) for cell in row["cells"]]
        for row in view["table"]
    ]
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohesion-room-mix-{process.pk}.csv"'
    return response


# --- invitations ---


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request, process_pk: int):
    process = _preparing(request, process_pk)
    invitable = selectors.stakeholders_invitable(process=process)
    choosable = stakeholder_selectors.people_by_ids(
        process=process, ids=[person.pk for person in invitable]
    )
    form = InviteForm(request.POST or None, stakeholders=choosable)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.invitations_create(
                    actor=request.user,
                    process=process,
                    stakeholders=list(form.cleaned_data["people"]),
                    channel=form.cleaned_data["channel"],
                    site_url=_site_url(request),
                )
            except ValidationError as error:
                _errors(request, error)
                status = 400
            else:
                messages.success(
                    request, _("%(count)s invitations were made.") % {"count": len(created)}
                )
                return redirect("invitations:list", process.pk)
        else:
            status = 400
    invitations = selectors.invitations_of(process=process)
    return render(
        request,
        "invitations/list.html",
        {
            "process": process,
            "form": form,
            "invitable": invitable,
            "invitations": invitations,
            "letters": sum(
                1 for i in invitations if i.channel == "letter" and i.revoked_at is None
            ),
            "not_invitable": selectors.stakeholders_not_invitable_count(process=process),
        },
        status=status,
    )


@login_required
@require_POST
def invitation_revoke(request, process_pk: int, pk: int):
    process = _preparing(request, process_pk)
    invitation = found_or_404(selectors.invitation_of(process=process, pk=pk))
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("invitations:list", process.pk)


@login_required
@require_GET
def letters(request, process_pk: int):
    process = _preparing(request, process_pk)
    try:
        content = services.letters_print(
            actor=request.user,
            process=process,
            site_url=_site_url(request),
            invitations=selectors.invitations_of(process=process),
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("invitations:list", process.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cohesion-letters-{process.pk}.pdf"'
    return response


# --- check-in on the day ---


def _checking_in(request, process_pk):
    return found_or_404(selectors.process_checking_in(user=request.user, pk=process_pk))


@login_required
@require_http_methods(["GET", "POST"])
def check_in_list(request, process_pk: int):
    """For those without the letter: find the person by name and check them in."""
    process = _checking_in(request, process_pk)
    if request.method == "POST":
        invitation = found_or_404(
            selectors.invitation_of(process=process, pk=request.POST.get("invitation", ""))
        )
        _check_in(request, invitation)
        return redirect(
            reverse("invitations:check_in_list", args=[process.pk]) + "?" + request.GET.urlencode()
        )
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "invitations/check_in_list.html",
        {
            "process": process,
            "query": query,
            "invitations": selectors.check_in_list(process=process, query=query),
            "attended": sum(selectors.attendance_by_target_group(process=process).values()),
        },
    )


def _check_in(request, invitation) -> None:
    name = invitation.stakeholder.name
    try:
        first = services.invitation_check_in(actor=request.user, invitation=invitation)
    except ValidationError as error:
        _errors(request, error)
        return
    if first:
        messages.success(request, _("%(name)s is checked in.") % {"name": name})
    else:
        messages.info(request, _("%(name)s was checked in already.") % {"name": name})


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, key: str):
    """The address in the QR code: "Check in <name>?" for a moderator or helper, then POST.
    A wrong key and a process the user does not check in for are both 404."""
    invitation = found_or_404(selectors.invitation_by_key(key=key))
    if not request.user.has_perm("invitations.check_in", invitation.process):
        raise Http404
    if request.method == "POST":
        _check_in(request, invitation)
        return redirect("invitations:check_in_list", invitation.process_id)
    return render(request, "invitations/check_in.html", {"invitation": invitation})


# --- the invitee's pages, by link ---


def _invitation_by_link(request, key: str) -> Invitation:
    """The invitation of the link; a wrong key is a 404 that counts against the address, and
    past the limit every key is refused, so that keys cannot be guessed."""
    invitation = selectors.invitation_by_key(key=key)
    if invitation is None:
        wrong_key_count(request)
        raise Http404
    return invitation


def _page_language(request, invitation) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in language_codes() else invitation.language


def _guarded(view):
    def wrapped(request, key: str):
        if wrong_keys_refused(request) or rsvp_limited(request):
            return rate_limited(request)
        return view(request, key)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@never_cache
@require_http_methods(["GET", "POST"])
@_guarded
def rsvp(request, key: str):
    invitation = _invitation_by_link(request, key)
    language = _page_language(request, invitation)
    with translation.override(language):
        if invitation.revoked_at is not None:
            return render(request, "invitations/rsvp_revoked.html", {"invitation": invitation})
        if request.method == "POST":
            try:
                services.invitation_answer(
                    invitation=invitation, answer=request.POST.get("answer", "")
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Thank you, your answer is saved."))
            return redirect(reverse("invitations:rsvp", args=[key]) + f"?lang={language}")
        return render(
            request,
            "invitations/rsvp.html",
            {
                "invitation": invitation,
                "key": key,
                "page_language": language,
                "languages": settings.LANGUAGES,
                "dates": workshop_dates(process=invitation.process),
            },
        )


@never_cache
@require_GET
@_guarded
def rsvp_data(request, key: str):
    invitation = _invitation_by_link(request, key)
    document = services.invitee_data(invitation=invitation)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="cohesion-my-invitation.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@_guarded
def rsvp_erase(request, key: str):
    invitation = _invitation_by_link(request, key)
    language = _page_language(request, invitation)
    with translation.override(language):
        if request.method == "POST":
            services.invitee_erase(invitation=invitation)
            return render(request, "invitations/rsvp_erased.html", {})
        return render(
            request,
            "invitations/rsvp_erase.html",
            {"invitation": invitation, "key": key, "page_language": language},
        )
