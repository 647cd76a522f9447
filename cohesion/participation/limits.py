"""Rate limits of the participant pages (django-ratelimit, counted in the default cache).

Wrong join codes are limited, never joins: a workshop room shares one venue Wi-Fi, so a thousand
phones reach /c/ from one address. A wrong code is one typed on the join page, or any page of a
tool under /c/<code>/ (or the QR code's address) that answers 404 for its code: every one of
these tells whether a code exists, so each counts.

Past the limit the address gets 429 for every code until the window ends, a right one included:
answering right codes meanwhile would still tell a guesser which codes exist. A device that has
contributed before (its consent is recorded) is then counted on its own instead, so participants
already in the room keep voting and joining while someone at the same address guesses.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from cohesion.participation.devices import device_hash_of

WRONG_CODES = "participation.wrong_codes"
WRONG_CODES_OF_DEVICE = "participation.wrong_codes_of_device"
OWN_DATA = "participation.own_data"


def _usage(request, *, group: str, key, increment: bool):
    return get_usage(
        request,
        group=group,
        key=key,
        rate=settings.PARTICIPATION_WRONG_CODES_RATE,
        method=ALL,
        increment=increment,
    )


def _used_up(usage) -> bool:
    return usage is not None and usage["count"] >= usage["limit"]


def _known_device(request) -> str | None:
    """The hash of the request's token if that device has contributed (a forged token has no
    consent); None otherwise. Read only when the address is over its limit."""
    from cohesion.participation.selectors import consent_of  # selectors import the models

    device = device_hash_of(request)
    return device if consent_of(device_hash=device) is not None else None


def wrong_codes_refused(request) -> bool:
    """Whether to refuse any code from this request: its address has used up its wrong codes
    and it does not come from a known device with wrong codes left (counts nothing)."""
    if not _used_up(_usage(request, group=WRONG_CODES, key="ip", increment=False)):
        return False
    device = _known_device(request)
    if device is None:
        return True
    return _used_up(
        _usage(request, group=WRONG_CODES_OF_DEVICE, key=lambda _g, _r: device, increment=False)
    )


def wrong_code_count(request) -> None:
    """Count one wrong code against the address and against the device that sent it."""
    _usage(request, group=WRONG_CODES, key="ip", increment=True)
    device = device_hash_of(request)
    if device is not None:
        _usage(request, group=WRONG_CODES_OF_DEVICE, key=lambda _g, _r: device, increment=True)


def too_many_wrong_codes(request) -> HttpResponse:
    response = render(request, "participation/wrong_codes.html", status=429)
    response["Retry-After"] = "60"
    return response


class WrongCodeMiddleware:
    """The limit for every page of a tool under /c/<code>/ (URL namespace "participate", a
    `code` argument): refused past the limit, and a 404 for its code counts as a wrong code.
    The tools' views need not know."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "_cohesion_code_page", False):
            wrong_code_count(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "participate" or "code" not in view_kwargs:
            return None
        request._cohesion_code_page = True
        if wrong_codes_refused(request):
            return too_many_wrong_codes(request)
        return None


def newcomers_limit(request, *, group: str, rates) -> None:
    """The backstop against clearing the cookie (or making up tokens) to take part again: new
    participants of a tool per address, counted when one is about to be created. The rates are
    generous, as a thousand phones join from one venue Wi-Fi. Raises Ratelimited."""
    for rate in rates:
        if is_ratelimited(request, group=group, key="ip", rate=rate, method=ALL, increment=True):
            raise Ratelimited


def own_data_limited(request) -> bool:
    """Counts one look at, download or erasure of a device's own data by the address; True
    past the limit. Each reads every tool's tables, so an address cannot make them by the
    thousand; a room's honest participants rarely open the page at once."""
    return is_ratelimited(
        request,
        group=OWN_DATA,
        key="ip",
        rate=settings.PARTICIPATION_OWN_DATA_RATE,
        method=ALL,
        increment=True,
    )
