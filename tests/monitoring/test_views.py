import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cohesion.monitoring.models import BulkUpload, Notification, ProgressReport
from cohesion.strategies.models import Measure
from tests.monitoring.conftest import build_strategy

pytestmark = pytest.mark.usefixtures("english")


def _csv(rows) -> bytes:
    return ("\n".join(";".join(row) for row in rows) + "\n").encode("utf-8")


def _upload(client, strategy, data: bytes, name="measures.csv"):
    return client.post(
        reverse("monitoring:bulk_upload", args=[strategy.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_the_dashboard_answers_the_three_questions(client, world, kerpen):
    client.force_login(world.moderator)  # a reader
    response = client.get(reverse("monitoring:dashboard", args=[world.kerpen_process.pk]))
    page = response.content.decode()
    for heading in ("Where are we now", "What did we reach", "What is still to do"):
        assert heading in page
    assert "How the traffic lights are set" in page
    assert "Update measures from a file" not in page  # readers do not update


def test_the_dashboard_query_count_does_not_grow_with_measures(
    client, world, django_assert_max_num_queries
):
    small = build_strategy(world.kerpen_process, measures=2)
    client.force_login(world.manager)
    url = reverse("monitoring:dashboard", args=[world.kerpen_process.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    goal = small["goal"]
    from cohesion.core.actors import SYSTEM
    from cohesion.strategies.services import measure_create

    for number in range(25):
        measure_create(actor=SYSTEM, goal=goal, title={"de": f"Weitere {number}"})
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_yearly_report_prints_a_chosen_year(client, world, kerpen):
    client.force_login(world.coordinator)
    year = datetime.date.today().year
    response = client.get(
        reverse("monitoring:year_report", args=[world.kerpen_process.pk]), {"year": year}
    )
    assert response.status_code == 200
    assert f"Yearly report {year}" in response.content.decode()
    # A year out of range falls back to this one.
    response = client.get(
        reverse("monitoring:year_report", args=[world.kerpen_process.pk]), {"year": "1999"}
    )
    assert f"Yearly report {year}" in response.content.decode()


def test_another_municipality_answers_404(client, world, kerpen, stuttgart):
    client.force_login(world.coordinator)
    for url in (
        reverse("monitoring:dashboard", args=[world.stuttgart_process.pk]),
        reverse("monitoring:measure", args=[stuttgart["measures"][0].pk]),
        reverse("monitoring:bulk_upload", args=[stuttgart["strategy"].pk]),
        reverse("monitoring:bulk_template", args=[stuttgart["strategy"].pk, "csv"]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("monitoring:measure", args=[stuttgart["measures"][0].pk]),
        {"status": "completed"},
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_a_reader_may_not_report(client, world, kerpen):
    client.force_login(world.moderator)
    url = reverse("monitoring:measure", args=[kerpen["measures"][0].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "completed"}).status_code == 403
    assert (
        client.get(reverse("monitoring:bulk_upload", args=[kerpen["strategy"].pk])).status_code
        == 403
    )


def test_anonymous_goes_to_the_log_in(client, kerpen, world):
    response = client.get(reverse("monitoring:dashboard", args=[world.kerpen_process.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_report_through_the_form(client, world, kerpen):
    client.force_login(world.working_group_member)
    url = reverse("monitoring:measure", args=[kerpen["measures"][0].pk])
    response = client.post(url, {"status": "running", "progress": "150"})
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()
    response = client.post(url, {"status": "running", "progress": "70", "note": "gut"})
    assert response.status_code == 302
    assert Measure.objects.get(pk=kerpen["measures"][0].pk).progress == 70
    assert "gut" in client.get(url).content.decode()


def test_the_template_downloads_as_csv_and_xlsx(client, world, kerpen):
    client.force_login(world.coordinator)
    strategy = kerpen["strategy"]
    measure = Measure.objects.get(pk=kerpen["measures"][0].pk)
    measure.title = {"de": "=HYPERLINK(1)"}
    measure.save()
    csv = client.get(reverse("monitoring:bulk_template", args=[strategy.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("monitoring:bulk_template", args=[strategy.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(1)" in values
    assert (
        client.get(reverse("monitoring:bulk_template", args=[strategy.pk, "pdf"])).status_code
        == 404
    )


def test_bulk_upload_preview_apply(client, world, kerpen):
    client.force_login(world.working_group_member)
    strategy = kerpen["strategy"]
    first, second, _third = kerpen["measures"]
    data = _csv(
        [
            ["AGS", "ID", "Status", "Fortschritt", "Notiz"],
            [world.kerpen.ags, str(first.pk), "abgeschlossen", "", "fertig"],
            [world.kerpen.ags, str(second.pk), "laufend", "60", ""],
        ]
    )
    response = _upload(client, strategy, data)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    page = re.sub(r"<[^>]+>", "", preview.content.decode())
    assert "running → completed" in page and "50 → 100" in page
    assert Measure.objects.get(pk=first.pk).status == "running"  # nothing applied yet
    applied = client.post(response["Location"])
    assert applied.status_code == 302
    assert Measure.objects.get(pk=first.pk).status == "completed"
    assert Measure.objects.get(pk=second.pk).progress == 60
    assert ProgressReport.objects.count() == 2
    assert not BulkUpload.objects.exists()


def test_bad_rows_are_shown_per_row_and_nothing_applied(client, world, kerpen, stuttgart):
    client.force_login(world.coordinator)
    strategy = kerpen["strategy"]
    first = kerpen["measures"][0]
    data = _csv(
        [
            ["ID", "Status", "Fortschritt", "Beginn", "Ende"],
            [str(first.pk), "laufend", "70", "", ""],
            [str(stuttgart["measures"][0].pk), "laufend", "10", "", ""],  # Stuttgart's
            ["999999", "laufend", "10", "", ""],
            [str(kerpen["measures"][1].pk), "laufend", "120", "", ""],
            [str(kerpen["measures"][2].pk), "", "", "31.02.2026", ""],
        ]
    )
    response = _upload(client, strategy, data)
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "This strategy has no measure number" in page
    assert "is no progress" in page
    assert "is no date" in page
    assert "Apply the 1 valid row" in page
    assert client.post(url).status_code == 400  # all or nothing
    assert not ProgressReport.objects.exists()
    assert Measure.objects.get(pk=first.pk).progress == 50
    assert client.post(url, {"valid_only": "on"}).status_code == 302
    assert Measure.objects.get(pk=first.pk).progress == 70
    assert ProgressReport.objects.count() == 1


def test_a_file_of_another_municipality_is_refused_as_a_whole(client, world, kerpen):
    client.force_login(world.coordinator)
    first = kerpen["measures"][0]
    data = _csv([["AGS", "ID", "Fortschritt"], [world.stuttgart.ags, str(first.pk), "70"]])
    url = _upload(client, kerpen["strategy"], data)["Location"]
    assert "names another municipality" in client.get(url).content.decode()
    assert client.post(url, {"valid_only": "on"}).status_code == 400
    assert Measure.objects.get(pk=first.pk).progress == 50


def test_an_unreadable_or_large_file_is_refused_at_the_upload(client, world, kerpen, settings):
    client.force_login(world.coordinator)
    response = _upload(client, kerpen["strategy"], b"<html><body>login</body></html>")
    assert response.status_code == 400
    assert "web page" in response.content.decode()
    response = _upload(client, kerpen["strategy"], b"id;status\n" + b"1;x\n" * 1_100_000)
    assert response.status_code == 400
    assert not BulkUpload.objects.exists()


def test_someone_elses_upload_answers_404(client, world, kerpen):
    client.force_login(world.coordinator)
    data = _csv([["ID", "Fortschritt"], [str(kerpen["measures"][0].pk), "70"]])
    url = _upload(client, kerpen["strategy"], data)["Location"]
    client.force_login(world.working_group_member)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_my_notifications(client, world, kerpen):
    from cohesion.monitoring.services import notices_send

    notices_send()
    client.force_login(world.coordinator)
    page = client.get(reverse("monitoring:notifications")).content.decode()
    assert "Kursplan fertig" in page
    notice = Notification.objects.get(user=world.coordinator)
    client.force_login(world.working_group_member)
    assert client.post(reverse("monitoring:notification_read", args=[notice.pk])).status_code == 404
    client.force_login(world.coordinator)
    response = client.post(
        reverse("monitoring:notification_read", args=[notice.pk]), {"follow": "1"}
    )
    assert response["Location"] == reverse("monitoring:measure", args=[kerpen["measures"][0].pk])
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_the_working_group_enters_an_actual_value_in_monitoring(client, world, kerpen, stuttgart):
    client.force_login(world.working_group_member)
    url = reverse("monitoring:actual_add", args=[kerpen["indicator"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"period": "2025", "value": "abc"})
    assert response.status_code == 400
    response = client.post(url, {"period": "2025", "value": "14.5", "source": "VHS"})
    assert response.status_code == 302
    assert kerpen["indicator"].actuals.get().value == 14.5
    other = reverse("monitoring:actual_add", args=[stuttgart["indicator"].pk])
    assert client.post(other, {"period": "2025", "value": "1"}).status_code == 404
    client.force_login(world.moderator)
    assert client.post(url, {"period": "2025", "value": "1"}).status_code == 403


def test_a_measure_shows_its_progress_over_time_as_a_chart(client, world, kerpen):
    from cohesion.monitoring.services import measure_report
    from cohesion.strategies.models import Measure

    measure = Measure.objects.get(pk=kerpen["measures"][0].pk)
    today = datetime.date.today()
    for days, progress in ((60, 20), (0, 55)):
        measure_report(
            actor=world.coordinator,
            measure=measure,
            status="running",
            progress_value=progress,
            reported_on=today - datetime.timedelta(days=days),
        )
    client.force_login(world.coordinator)
    page = client.get(reverse("monitoring:measure", args=[measure.pk])).content.decode()
    assert 'role="img" aria-label="Progress of the measure over time, in percent"' in page


def test_the_downloaded_sheet_uploads_back_unchanged(client, world, kerpen):
    client.force_login(world.coordinator)
    strategy = kerpen["strategy"]
    sheet = client.get(reverse("monitoring:bulk_template", args=[strategy.pk, "xlsx"])).content
    response = _upload(client, strategy, sheet, name="measures.xlsx")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "0 rows change a measure, 3 change nothing, 0 have problems." in page


def test_the_monitoring_phase_shows_the_dashboard_card(client, world, kerpen):
    client.force_login(world.moderator)
    page = client.get(f"/processes/{world.kerpen_process.pk}/phases/monitoring/")
    assert reverse("monitoring:dashboard", args=[world.kerpen_process.pk]) in page.content.decode()
    client.force_login(world.outsider)
    page = client.get(f"/processes/{world.kerpen_process.pk}/phases/monitoring/")
    assert page.status_code == 404


def test_a_report_dated_in_the_future_is_a_form_error(client, world, kerpen):
    client.force_login(world.coordinator)
    url = reverse("monitoring:measure", args=[kerpen["measures"][0].pk])
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        url, {"status": "completed", "progress": "", "reported_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "cannot be dated in the future" in response.content.decode()
    assert "Status: running, 50 %" in response.content.decode()
    assert Measure.objects.get(pk=kerpen["measures"][0].pk).status == "running"
