import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cohesion.audit.models import AuditEvent
from cohesion.onboarding.models import Commitment, CommitmentOverride
from cohesion.onboarding.services import commitment_override, commitment_record
from cohesion.processes.capabilities import guard_verdicts
from cohesion.processes.phases import PHASES_BY_SLUG
from cohesion.processes.services import process_advance

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
GATE = "commitment is not recorded yet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _record(world, *, actor=None, letter=None, **fields):
    return commitment_record(
        actor=actor or world.coordinator,
        process=world.kerpen_process,
        signatory_name=fields.get("signatory_name", "Erika Beispiel"),
        office=fields.get("office", Commitment.Office.MAYOR),
        given_on=fields.get("given_on", datetime.date(2026, 8, 20)),
        given_as=fields.get("given_as", Commitment.Form.SIGNED_LETTER),
        letter=letter,
    )


def _advance(world, actor=None):
    process = world.kerpen_process
    process.refresh_from_db()
    return process_advance(
        process=process,
        actor=actor or world.coordinator,
        expected_phase_slug=process.current_phase_slug,
    )


def test_the_gate_refuses_without_a_commitment_and_nothing_moves(world):
    with pytest.raises(ValidationError, match=GATE):
        _advance(world)
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"


def test_the_gate_passes_with_the_commitment(world):
    _record(world)
    assert _advance(world).current_phase_slug == "preparation"
    assert _advance(world).current_phase_slug == "workshop-day-1"


def test_the_gate_passes_with_a_programme_managers_override(world):
    commitment_override(
        actor=world.manager, process=world.kerpen_process, reason="Mayor ill; deputy named later."
    )
    assert _advance(world).current_phase_slug == "preparation"


def test_no_path_into_the_workshop_skips_the_gate(world):
    # A process already in preparation without a commitment (say, from before the gate) may
    # not enter the workshop days.
    world.kerpen_process.current_phase_slug = "preparation"
    world.kerpen_process.save()
    with pytest.raises(ValidationError, match=GATE):
        _advance(world)
    verdicts = guard_verdicts(
        process=world.kerpen_process,
        from_phase=PHASES_BY_SLUG["workshop-day-1"],
        to_phase=PHASES_BY_SLUG["workshop-day-2"],
    )
    assert [v.key for v in verdicts if not v.allows] == ["onboarding.commitment"]


def test_the_refusal_is_shown_on_the_confirmation_page(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:advance", args=[world.kerpen_process.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The mayor&#x27;s commitment:</strong>" in page
    assert "The mayor&#x27;s or deputy mayor&#x27;s commitment is not recorded yet" in page
    assert "The process cannot move on yet." in page
    response = client.post(url, {"expected_phase": "commitment"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    world.kerpen_process.refresh_from_db()
    assert world.kerpen_process.current_phase_slug == "commitment"


@pytest.mark.parametrize("role", ["moderator", "working_group_member", "other_coordinator"])
def test_only_the_coordinator_and_managers_record_it(world, role):
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.by_role(role))
    assert not Commitment.objects.exists()


def test_recording_and_correcting_are_audited_with_before_and_after(world):
    _record(world)
    _record(world, actor=world.manager, office=Commitment.Office.DEPUTY_MAYOR)
    events = list(AuditEvent.objects.filter(action="onboarding.commitment_record").order_by("pk"))
    assert events[0].before is None and events[0].after["office"] == "mayor"
    assert events[1].before["office"] == "mayor" and events[1].after["office"] == "deputy_mayor"
    assert Commitment.objects.count() == 1


def test_the_override_needs_a_manager_and_a_reason(world):
    with pytest.raises(PermissionDenied):
        commitment_override(
            actor=world.coordinator, process=world.kerpen_process, reason="We are in a hurry."
        )
    with pytest.raises(ValidationError):
        commitment_override(actor=world.manager, process=world.kerpen_process, reason="   ")
    assert not CommitmentOverride.objects.exists()
    commitment_override(
        actor=world.manager, process=world.kerpen_process, reason="Council decision pending."
    )
    event = AuditEvent.objects.get(action="onboarding.commitment_override")
    assert event.after == {"reason": "Council decision pending."}
    assert event.actor == world.manager


def test_the_letter_is_kept_only_when_it_is_a_pdf_within_the_limit(world, settings):
    commitment = _record(world, letter=SimpleUploadedFile("brief.pdf", PDF))
    assert commitment.letter.name.startswith("commitments/")
    assert "brief" not in commitment.letter.name
    disguised = SimpleUploadedFile("brief.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        _record(world, letter=disguised, signatory_name="Changed")
    settings.COMMITMENT_LETTER_MAX_MB = 1
    large = SimpleUploadedFile("gross.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        _record(world, letter=large, signatory_name="Changed")
    commitment.refresh_from_db()
    assert commitment.signatory_name == "Erika Beispiel"  # nothing half-written


def test_the_letter_is_served_only_to_who_sees_the_process(client, world):
    _record(world, letter=SimpleUploadedFile("brief.pdf", PDF))
    url = reverse("onboarding:commitment_letter", args=[world.kerpen_process.pk])
    client.force_login(world.moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    for outsider in (world.other_coordinator, world.outsider):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_commitment_page_names_the_coordinator_and_moderators(client, world):
    _record(world)
    client.force_login(world.working_group_member)
    page = client.get(
        reverse("onboarding:commitment", args=[world.kerpen_process.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Erika Beispiel" in page
    assert str(world.coordinator) in page and str(world.moderator) in page
    assert reverse("onboarding:team", args=[world.kerpen_process.pk]) in page
    assert 'enctype="multipart/form-data"' not in page  # reads, does not record


def test_the_form_refuses_a_fake_pdf_with_a_message_and_400(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("onboarding:commitment", args=[world.kerpen_process.pk]),
        {
            "signatory_name": "Erika Beispiel",
            "office": "mayor",
            "given_on": "2026-08-20",
            "given_as": "signed_letter",
            "letter": SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 an executable"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "The letter is not a PDF file." in response.content.decode()
    assert not Commitment.objects.exists()


def test_the_gate_gives_its_reason_in_the_persons_language(world):
    with translation.override("de"), pytest.raises(ValidationError, match="noch nicht erfasst"):
        _advance(world)
