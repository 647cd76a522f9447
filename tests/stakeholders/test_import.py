"""Upload → preview → import: nothing written before the confirmation, nothing at all when a row
is wrong, and nobody imports another person's upload."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.stakeholders import services
from cohesion.stakeholders.models import Organisation, Stakeholder, StakeholderUpload
from tests.factories import OrganisationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "kind;name;organisation;target_group;email;influence;interest;"
    "consent;consent_date;consent_purpose\n"
    "welfare;Caritas Kerpen (demo data);;civil_society;;3;5;;;\n"
    "immigrant_organisation;Polnischer Kulturverein (demo data);;immigrant;;2;5;;;\n"
    "person;Jan Nowak (demo data);Polnischer Kulturverein (demo data);immigrant;"
    "jan@example.org;2;5;ja;01.09.2026;Workshop\n"
    "person;Jan  NOWAK (demo data);Polnischer Kulturverein (demo data);immigrant;;2;5;;;\n"
    "person;Ewa Lis (demo data);Caritas Kerpen (demo data);civil_society;"
    "ewa@example.org;3;3;nein;;\n"
)


def _upload(client, world, text, name="list.csv", encoding="utf-8"):
    return client.post(
        reverse("stakeholders:import", args=[world.kerpen_process.pk]),
        {"file": SimpleUploadedFile(name, text.encode(encoding))},
    )


def test_preview_then_import(client, world):
    StakeholderFactory(
        process=world.kerpen_process,
        name="Ewa Lis (demo data)",
        email="ewa@example.org",
        interest=1,
    )
    client.force_login(world.moderator)
    response = _upload(client, world, GOOD, encoding="cp1252")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "duplicate of row 4 (same name), skipped" in html
    assert "update" in html
    # Nothing written yet.
    assert not Organisation.objects.exists()
    response = client.post(response["Location"], {"action": "import"})
    assert response.status_code == 302
    assert Organisation.objects.count() == 2
    assert Stakeholder.objects.count() == 2
    jan = Stakeholder.objects.get(email="jan@example.org")
    assert jan.organisation.name == "Polnischer Kulturverein (demo data)"
    assert jan.consent_given_on == datetime.date(2026, 9, 1) and jan.invitable
    assert Stakeholder.objects.get(email="ewa@example.org").interest == 3
    event = AuditEvent.objects.get(action="stakeholders.import")
    assert event.after["people_new"] == 1 and event.after["duplicates_skipped"] == 1
    assert not StakeholderUpload.objects.exists()  # the copy goes once imported


def test_a_bad_row_imports_nothing_and_names_the_row(client, world):
    client.force_login(world.moderator)
    bad = GOOD + "person;Olga;;immigrant;olga@;9;5;;;\n"
    location = _upload(client, world, bad)["Location"]
    preview = client.get(location)
    html = preview.content.decode()
    assert preview.status_code == 400
    assert "Row 7, column “email”" in html and "Row 7, column “influence”" in html
    response = client.post(location, {"action": "import"})
    assert response.status_code == 400
    assert not Organisation.objects.exists() and not Stakeholder.objects.exists()


def test_a_row_failing_on_write_rolls_back_the_whole_import(world):
    """A row the reader lets through but the model refuses leaves nothing written."""
    long_department = "x" * 119
    text = (
        "kind,name,target_group,department\n"
        "club,Verein A,other,\n"
        f"club,Verein B,other,{long_department}\n"
    )
    upload = services.stakeholder_upload_store(
        actor=world.moderator, process=world.kerpen_process, filename="a.csv", data=text.encode()
    )
    services.stakeholder_import(actor=world.moderator, upload=upload)
    assert Organisation.objects.count() == 2
    upload = services.stakeholder_upload_store(
        actor=world.moderator,
        process=world.kerpen_process,
        filename="b.csv",
        data=b"kind,name,target_group,email\nclub,Verein C,other,\nclub,Verein D,other,a@b..c\n",
    )
    # "a@b..c" passes the reader's loose check; Django's e-mail validator refuses it.
    with pytest.raises(services.ImportRefused) as refused:
        services.stakeholder_import(actor=world.moderator, upload=upload)
    assert "Row 3" in refused.value.messages[0]
    assert not Organisation.objects.filter(name="Verein C").exists()


def test_an_html_page_is_refused_with_a_message(client, world):
    client.force_login(world.moderator)
    location = _upload(client, world, "<!doctype html><html><body>Login</body></html>")["Location"]
    response = client.get(location)
    assert response.status_code == 400
    assert "web page" in response.content.decode()


def test_oversize_upload_is_refused(client, world):
    client.force_login(world.moderator)
    response = _upload(client, world, "kind,name,target_group\n" + "x" * (3 * 1024 * 1024))
    assert response.status_code == 400
    assert not StakeholderUpload.objects.exists()


def test_nobody_previews_or_imports_another_persons_upload(client, world):
    upload = services.stakeholder_upload_store(
        actor=world.moderator, process=world.kerpen_process, filename="a.csv", data=GOOD.encode()
    )
    url = reverse("stakeholders:import_preview", args=[world.kerpen_process.pk, upload.token])
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "import"}).status_code == 404
    other_process_url = reverse(
        "stakeholders:import_preview", args=[world.stuttgart_process.pk, upload.token]
    )
    client.force_login(world.other_coordinator)
    assert client.get(other_process_url).status_code == 404
    assert not Organisation.objects.exists()


def test_discard_and_prune(client, world):
    upload = services.stakeholder_upload_store(
        actor=world.moderator, process=world.kerpen_process, filename="a.csv", data=GOOD.encode()
    )
    client.force_login(world.moderator)
    url = reverse("stakeholders:import_preview", args=[world.kerpen_process.pk, upload.token])
    client.post(url, {"action": "discard"})
    assert not StakeholderUpload.objects.exists()
    upload = services.stakeholder_upload_store(
        actor=world.moderator, process=world.kerpen_process, filename="a.csv", data=GOOD.encode()
    )
    assert (
        services.stakeholder_uploads_prune(now=upload.created_at + datetime.timedelta(hours=25))
        == 1
    )


def test_export_then_import_into_another_map_round_trips(world):
    process = world.kerpen_process
    organisation = OrganisationFactory(process=process, name="=cmd|' /C calc'!A0", kind="media")
    StakeholderFactory(
        process=process,
        organisation=organisation,
        name="@Olena (demo data)",
        phone="+49 2237 55",
        languages=["uk", "de"],
        consent_to_contact=True,
        consent_given_on=datetime.date(2026, 5, 1),
        consent_purpose="Workshop",
    )
    for file_format in ("csv", "xlsx"):
        data, _type = services.stakeholder_map_export(
            actor=world.coordinator, process=process, file_format=file_format
        )
        target = world.stuttgart_process
        Stakeholder.objects.filter(process=target).delete()
        Organisation.objects.filter(process=target).delete()
        upload = services.stakeholder_upload_store(
            actor=world.manager, process=target, filename=f"x.{file_format}", data=data
        )
        services.stakeholder_import(actor=world.manager, upload=upload)
        person = Stakeholder.objects.get(process=target)
        assert person.name == "@Olena (demo data)" and person.phone == "+49 2237 55"
        assert person.organisation.name == "=cmd|' /C calc'!A0"
        assert person.languages == ["uk", "de"] and person.invitable


def test_the_daily_upkeep_removes_old_uploads(world):
    from django.apps import apps

    upload = services.stakeholder_upload_store(
        actor=world.moderator, process=world.kerpen_process, filename="a.csv", data=GOOD.encode()
    )
    StakeholderUpload.objects.filter(pk=upload.pk).update(
        created_at=upload.created_at - datetime.timedelta(days=2)
    )
    apps.get_app_config("stakeholders").daily_upkeep()
    assert not StakeholderUpload.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_template_reads_without_problems(client, world, file_format):
    from cohesion.stakeholders import reading

    client.force_login(world.moderator)
    response = client.get(reverse("stakeholders:template", args=[file_format]))
    result = reading.entries_read(response.content)
    assert result.problems == []
    assert [entry.kind for entry in result.entries] == ["immigrant_organisation", "person"]
    assert list(result.columns) == list(reading.HEADER)


def test_a_german_user_reads_the_refusal_in_german(client, world):
    client.force_login(world.moderator)
    location = _upload(client, world, "<!doctype html><html><body>Login</body></html>")["Location"]
    response = client.get(location, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "Die Datei ist eine Webseite, keine Liste." in response.content.decode()
