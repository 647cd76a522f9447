"""The pseudonymous device token: how a participant without an account is recognised.

A random 256-bit token in a long-lived cookie. Apps never store the token itself, only its
SHA-256 (``device_hash``) on their participant rows: a copy of the database does not let anyone
act as a participant, and the participant's own page finds everything they contributed by the
hash of the cookie they hold. A request gets a token only when it contributes
(``device_token_ensure`` from a service-calling view); looking creates nothing.

Consent: the privacy notice stands beside every button that sends a first contribution, so the
moment the cookie is first set is the moment of consent; the middleware records it then
(``consent_record``), with the notice's version, and nothing before.
"""

import hashlib
import re
import secrets

from django.conf import settings

COOKIE_NAME = "cohesion_device"
COOKIE_AGE = 400 * 24 * 60 * 60  # the longest browsers keep a cookie
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
_NEW = "_cohesion_new_device_token"


def device_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def device_token_of(request) -> str | None:
    """The token the browser holds (or was given in this request); None if none or malformed."""
    token = getattr(request, _NEW, None) or request.COOKIES.get(COOKIE_NAME, "")
    return token if _TOKEN.match(token) else None


def device_hash_of(request) -> str | None:
    token = device_token_of(request)
    return device_hash(token) if token else None


def device_token_ensure(request) -> str:
    """The request's token, made now if it has none; the middleware sets the cookie."""
    token = device_token_of(request)
    if token is None:
        token = secrets.token_urlsafe(32)
        setattr(request, _NEW, token)
    return token


def device_token_forget(request) -> None:
    """After erasure: the middleware deletes the cookie."""
    request._cohesion_forget_device = True


class DeviceCookieMiddleware:
    """Sets the cookie of a token made during the request, or deletes an erased one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_cohesion_forget_device", False):
            response.delete_cookie(COOKIE_NAME, samesite="Lax")
        elif token := getattr(request, _NEW, None):
            from cohesion.participation.services import consent_record  # services import models

            consent_record(device_hash=device_hash(token))
            response.set_cookie(
                COOKIE_NAME,
                token,
                max_age=COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
