"""Consent: the privacy notice stands beside the buttons that send a first contribution, and
the device's consent is recorded when that contribution sets its cookie, not before."""

from django.http import HttpResponse
from django.test import RequestFactory

from cohesion.participation.devices import (
    COOKIE_NAME,
    DeviceCookieMiddleware,
    device_hash,
    device_token_ensure,
)
from cohesion.participation.models import DeviceConsent
from cohesion.participation.services import PRIVACY_NOTICE_VERSION
from tests.factories import ConversationFactory


def _contributing(request):
    device_token_ensure(request)  # what a view does before it calls the contributing service
    return HttpResponse("ok")


def _looking(request):
    return HttpResponse("ok")


def test_the_first_contribution_records_consent_once(db):
    middleware = DeviceCookieMiddleware(_contributing)
    response = middleware(RequestFactory().post("/c/K7M2QX/"))
    token = response.cookies[COOKIE_NAME].value
    consent = DeviceConsent.objects.get()
    assert consent.device_hash == device_hash(token)
    assert consent.notice_version == PRIVACY_NOTICE_VERSION
    assert token not in consent.device_hash

    # The same device contributing again sends its cookie: no new token, no new consent.
    again = RequestFactory().post("/c/K7M2QX/")
    again.COOKIES[COOKIE_NAME] = token
    assert COOKIE_NAME not in middleware(again).cookies
    assert DeviceConsent.objects.count() == 1


def test_looking_records_nothing(db):
    response = DeviceCookieMiddleware(_looking)(RequestFactory().get("/c/"))
    assert COOKIE_NAME not in response.cookies
    assert not DeviceConsent.objects.exists()


def test_the_notice_says_what_is_stored_where_people_join_and_vote(client, db, settings):
    settings.PARTICIPANT_RETENTION_DAYS = 90
    ConversationFactory(code="K7M2QX")
    for address in ("/c/", "/c/K7M2QX/"):
        page = client.get(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Your privacy" in page
        assert "without your" in page and "name or account" in page
        assert "a cookie keeps on this device" in page
        assert 'href="/c/me/"' in page
        assert "erased 90 days after the conversation closes" in page
