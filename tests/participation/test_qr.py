"""The QR code of a join code, as SVG for organisers to project, and on the organiser's page."""

from django.urls import reverse

from cohesion.participation.qr import qr_svg
from tests.factories import ConversationFactory


def test_the_qr_code_encodes_the_code_s_page(client, db):
    ConversationFactory(code="K7M2QX", title="Integration in Kerpen")
    response = client.get(reverse("participate:join_qr", args=["k7m2qx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content == qr_svg("http://testserver/c/K7M2QX/", title="Integration in Kerpen")
    assert b"<svg" in response.content and b"Integration in Kerpen" in response.content


def test_a_wrong_code_has_no_qr_code_and_counts_as_a_wrong_code(client, db, settings):
    settings.PARTICIPATION_WRONG_CODES_RATE = "3/d"
    ConversationFactory(code="K7M2QX")
    assert [client.get("/c/qr/ZZZZZZ.svg").status_code for _ in range(3)] == [404] * 3
    assert client.get("/c/qr/ZZZZZ2.svg").status_code == 429
    assert client.get("/c/qr/K7M2QX.svg").status_code == 429  # no oracle while blocked


def test_the_organiser_s_conversation_page_shows_the_qr_code(client, world):
    conversation = ConversationFactory(process=world.kerpen_process, code="K7M2QX")
    client.force_login(world.coordinator)
    page = client.get(
        reverse("opinions:manage", args=[conversation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'src="/c/qr/K7M2QX.svg"' in page  # from the site: the CSP allows no data: images
    assert 'alt="QR code that opens the page for the code K7M2QX"' in page
    assert 'href="/c/qr/K7M2QX.svg"' in page
