"""The participants' shared pages, without an account: join with a code (typed, in the
address, or scanned from the QR code), and "My contributions" to see, download and erase what
this device contributed in every tool."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cohesion.core.views import rate_limited
from cohesion.participation.codes import code_has_confusable, code_normalise, code_resolve
from cohesion.participation.devices import device_hash_of, device_token_forget
from cohesion.participation.forms import JoinForm
from cohesion.participation.limits import (
    own_data_limited,
    too_many_wrong_codes,
    wrong_code_count,
    wrong_codes_refused,
)
from cohesion.participation.qr import qr_svg
from cohesion.participation.selectors import consent_of, contributions_of
from cohesion.participation.services import participant_data_collect, participant_data_erase


@require_http_methods(["GET", "POST"])
def join(request):
    """The code from the form, or from the address (/c/?code=K7M2QX, what a printed link or
    another site may carry); a right code leads to its tool's page."""
    typed = request.POST if request.method == "POST" else request.GET
    form = JoinForm(typed if "code" in typed else None)
    if form.is_bound and form.is_valid():
        if wrong_codes_refused(request):
            return too_many_wrong_codes(request)
        code = form.cleaned_data["code"]
        target = code_resolve(code)
        if target is not None and target.is_open:
            return redirect(target.url)
        if target is None:
            wrong_code_count(request)
            problem = _("There is no conversation with the code %(code)s. Check the code.") % {
                "code": code
            }
            if code_has_confusable(code):
                problem += " " + _("Codes never contain 0, O, 1, I or L.")
        else:
            problem = _("The conversation with the code %(code)s is closed.") % {"code": code}
        form.add_error("code", problem)
    return render(request, "participation/join.html", {"form": form})


@require_GET
def join_qr(request, code: str):
    """The QR code of a code's page as SVG, to project in the room or print. Its 404 for a
    wrong code counts as one (WrongCodeMiddleware), as the tools' pages by code do."""
    target = code_resolve(code_normalise(code))
    if target is None:
        raise Http404
    response = HttpResponse(
        qr_svg(request.build_absolute_uri(target.url), title=target.title),
        content_type="image/svg+xml",
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@never_cache
@require_GET
def own_data(request):
    if own_data_limited(request):
        return rate_limited(request)
    device_hash = device_hash_of(request)
    return render(
        request,
        "participation/own_data.html",
        {
            "contributions": contributions_of(device_hash=device_hash),
            "consent": consent_of(device_hash=device_hash),
            "has_device": device_hash is not None,
        },
    )


@never_cache
@require_GET
def own_data_download(request):
    if own_data_limited(request):
        return rate_limited(request)
    document = participant_data_collect(device_hash=device_hash_of(request))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="cohesion-my-contributions.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def own_data_erase(request):
    """A confirmation page, then the erasure; afterwards the device cookie goes too."""
    if own_data_limited(request):
        return rate_limited(request)
    device_hash = device_hash_of(request)
    if request.method == "POST":
        erased = participant_data_erase(device_hash=device_hash)
        if device_hash is not None:
            device_token_forget(request)
        if erased:
            messages.success(request, _("Everything this device contributed has been erased."))
        else:
            messages.info(request, _("There was nothing to erase from this device."))
        return redirect("participate:own_data")
    return render(
        request,
        "participation/own_data_erase.html",
        {"contributions": contributions_of(device_hash=device_hash)},
    )
