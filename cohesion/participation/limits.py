"""Rate limits of the participant pages (django-ratelimit, counted in the default cache).

A workshop room shares one venue Wi-Fi, so a thousand phones reach the join page from one
address: joins are never counted, only wrong codes. Past the limit the address gets 429 for
every code until the window ends, a right one included: answering right codes meanwhile would
still tell a guesser which codes exist. Participants who are in already (their tool's page, the
QR code's address) are not affected."""

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited

WRONG_CODES = "participation.wrong_codes"
OWN_DATA = "participation.own_data"


def wrong_codes_exceeded(request) -> bool:
    """Whether the address has used up its wrong codes for this window (counts nothing)."""
    usage = get_usage(
        request,
        group=WRONG_CODES,
        key="ip",
        rate=settings.PARTICIPATION_WRONG_CODES_RATE,
        method=ALL,
        increment=False,
    )
    return usage is not None and usage["count"] >= usage["limit"]


def wrong_code_count(request) -> None:
    """Count one wrong code against the address."""
    is_ratelimited(
        request,
        group=WRONG_CODES,
        key="ip",
        rate=settings.PARTICIPATION_WRONG_CODES_RATE,
        method=ALL,
        increment=True,
    )


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
