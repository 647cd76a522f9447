"""Rate limits of the invitee's pages, which need no account (django-ratelimit, counted in the
default cache). A wrong key counts against the address; past the limit every key is refused
until the window ends, a right one included, so that refusals tell a guesser nothing. Every
page by link counts too, generously: an invitee opens it a few times, nobody a hundred."""

from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited

WRONG_KEYS = "invitations.wrong_keys"
RSVP = "invitations.rsvp"
WRONG_KEYS_RATE = "10/m"
RSVP_RATE = "60/m"


def _wrong_keys(request, *, increment: bool):
    return get_usage(
        request, group=WRONG_KEYS, key="ip", rate=WRONG_KEYS_RATE, method=ALL, increment=increment
    )


def wrong_keys_refused(request) -> bool:
    usage = _wrong_keys(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def wrong_key_count(request) -> None:
    _wrong_keys(request, increment=True)


def rsvp_limited(request) -> bool:
    return is_ratelimited(request, group=RSVP, key="ip", rate=RSVP_RATE, method=ALL, increment=True)
