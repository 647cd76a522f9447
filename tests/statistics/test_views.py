import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cohesion.statistics.models import Observation, StatisticsImport
from tests.paths import DATASETS

DATA = DATASETS / "de"
AZR = DATA / "regionalstatistik" / "12521-0041_auslaender_kreise_2025-12-31_extract.csv"
ZENSUS = DATA / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"


def _upload(client, path: Path, content: bytes | None = None, language="en"):
    file = SimpleUploadedFile(path.name, content if content is not None else path.read_bytes())
    return client.post(reverse("statistics:upload"), {"file": file}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.shared_data
def test_upload_preview_then_import(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.manager)  # every district's figures: a programme manager's import
    response = _upload(client, AZR)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "12521-0041" in page and "2025-12-31" in page
    assert "06633" in page  # the district without values of its own is named as a problem
    assert not Observation.objects.exists()  # a preview writes nothing
    response = client.post(preview_url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "observations were imported" in response.content.decode()
    record = StatisticsImport.objects.get()
    assert record.imported_by == world.manager
    assert "12521-0041" in response.content.decode()
    assert not list(tmp_path.rglob("*0*"))  # the waiting file is gone after the import
    # The same file again: said so, and nothing changes.
    preview_url = _upload(client, AZR)["Location"]
    response = client.post(preview_url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "already imported" in response.content.decode()
    assert StatisticsImport.objects.count() == 1


@pytest.mark.shared_data
def test_a_tidy_file_asks_which_column_holds_what(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.manager)
    response = _upload(client, ZENSUS)
    assert "/columns/" in response["Location"]
    mapping_url = response["Location"]
    page = client.get(mapping_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "immigration_history_total" in page
    # Neither a period column nor a fixed period: a clear message, nothing stored.
    response = client.post(
        mapping_url,
        {"region_key": "ags", "value_columns": ["population"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Name the column with the period" in response.content.decode()
    response = client.post(
        mapping_url,
        {
            "region_key": "ags",
            "fixed_period": "2022-05-15",
            "value_columns": ["population", "immigration_history_total"],
            "table_code": "Zensus 2022",
            "licence": "dl-de/by-2-0",
        },
    )
    assert response.status_code == 302
    client.post(response["Location"])
    assert (
        Observation.objects.get(region_key="08111000", series__variable="population").value
        == 610458
    )


def test_bad_uploads_get_a_clear_message_in_the_users_language(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.coordinator)
    html = b"<!DOCTYPE html><html><body>Ihre Sitzung ist abgelaufen</body></html>"
    for language in ("en", "de"):
        response = _upload(client, Path("table.csv"), html, language=language)
        response = client.get(response["Location"], follow=True, HTTP_ACCEPT_LANGUAGE=language)
        with translation.override(language):
            from cohesion.statistics.messages import MESSAGES

            assert str(MESSAGES["html_page"]) in response.content.decode()
    response = client.post(reverse("statistics:upload"), {}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose a file." in response.content.decode()
    assert not StatisticsImport.objects.exists()


def test_too_large_files_are_refused_before_reading(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STATISTICS_MAX_UPLOAD_MB = 1
    client.force_login(world.coordinator)
    response = _upload(client, Path("big.csv"), b"x" * (1024 * 1024 + 1))
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()
    assert not list(tmp_path.rglob("*"))


@pytest.mark.shared_data
def test_nobody_previews_or_imports_another_persons_upload(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.coordinator)
    preview_url = _upload(client, AZR)["Location"]
    other = Client()
    other.force_login(world.other_coordinator)
    assert other.get(preview_url).status_code == 404
    assert other.post(preview_url).status_code == 404
    assert not StatisticsImport.objects.exists()


@pytest.mark.shared_data
def test_the_list_shows_provenance_in_constant_queries(
    client, world, settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.manager)
    client.post(_upload(client, AZR)["Location"])
    client.get(reverse("statistics:list"))  # the success message is shown and cleared
    # session, user, imports (with who imported them), managed programmes, the person's imports
    # running in the background
    with django_assert_num_queries(5):
        page = client.get(reverse("statistics:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "as of 25.09.2026, dl-de/by-2-0" in page.content.decode()
    for number in range(10):
        StatisticsImport.objects.create(
            filename=f"table{number}.csv",
            sha256=f"{number:064d}",
            format="ffcsv",
            table_code=f"1000A-{number:04d}",
            imported_by=world.manager,
        )
    with django_assert_num_queries(5):
        page = client.get(reverse("statistics:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.content.decode().count('<span class="key">') == 11


def test_the_municipality_page_shows_its_figures_with_their_source(client, db):
    from cohesion.accounts.models import User
    from cohesion.demo.services import demo_load

    demo_load()
    client.force_login(User.objects.get(username="coordinator"))
    page = client.get("/municipalities/05362032/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Kerpen has no AZR figures of its own: those of its district are shown, labelled as such.
    assert "For the district Rhein-Erft-Kreis" in page
    assert "91,165" in page  # foreigners in the Rhein-Erft-Kreis, 31.12.2025, both sexes
    assert "table 12521-0041, as of 25.09.2026, dl-de/by-2-0" in page
    stuttgart = client.get("/municipalities/08111000/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "610,458" in stuttgart and "Zensus 2022" in stuttgart
    kassel = client.get("/municipalities/06633/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Kassel's district is reported with the city in 12521-0041: missing, never zero (a school
    # table's "-" for a degree nobody earned there is a true zero, and shown as one).
    foreigners = re.findall(r"Ausländer \(Anzahl\)</th>.*?</tr>", kassel, flags=re.S)
    assert "missing" in kassel and foreigners
    assert not any('"numeric">0<' in row for row in foreigners)
