"""The import pipeline: a file is read as a stream in bounded memory, the preview reads only what
it needs, the import runs in the background with its progress, the user's corrections and
choices reach the reader, and a failure anywhere leaves nothing half-written."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cohesion.core.actors import SYSTEM
from cohesion.statistics import services
from cohesion.statistics.models import ImportRun, Observation, Series, StatisticsImport
from cohesion.statistics.readers.base import (
    AMBIGUOUS_ORDER,
    ObservationStream,
    ParsedFile,
    Problem,
    ReadChoices,
    StatisticsFileError,
    Status,
)
from cohesion.statistics.readers.base import (
    Observation as Row,
)
from cohesion.statistics.services import (
    PREVIEW_HEAD_ROWS,
    choices_from_dict,
    statistics_import,
    statistics_import_request,
    statistics_preview,
    upload_store,
)

FIXTURES = Path(__file__).parent / "fixtures"
PLAIN = FIXTURES / "plain_population.csv"
AMBIGUOUS = FIXTURES / "flat_ambiguous.csv"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PLAIN_MAPPING = {
    "region_key": "ags",
    "period": "year",
    "value_columns": ["population"],
    "region_name": "name",
}


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _rows(count: int, *, fail_at: int | None = None, pulled: list | None = None):
    """A reader's stream of ``count`` observations; raises a reader's error at ``fail_at``."""

    def make():
        for number in range(count):
            if fail_at is not None and number == fail_at:
                raise StatisticsFileError(
                    "bad_number", "not a number", line=number + 2, params={"value": "x1"}
                )
            if pulled is not None:
                pulled.append(number)
            yield Row(
                region_key=f"{number % 400:05d}",
                region_name="",
                period=f"{2000 + number // 400 % 20}",
                variable=f"V{number // 8000}",
                unit="Anzahl",
                dimensions=(),
                value=Decimal(number),
                status=Status.OK,
                line=number + 2,
            )

    return ObservationStream(make)


def _reader(monkeypatch, stream, *, problems=(), seen: list | None = None):
    """Replace the readers by one returning ``stream`` (no len(): a stream has none)."""

    def read(data, *, filename="", max_bytes=None, mapping=None, choices=None):
        if seen is not None:
            seen.append(choices)
        return ParsedFile(
            format="ffcsv",
            table_code="99999-0001",
            title="Constructed",
            stand=None,
            source="Test",
            licence="",
            encoding="utf-8",
            observations=stream,
            problems=list(problems),
        )

    monkeypatch.setattr(services, "read_statistics_file", read)


def _upload(client, path: Path, content: bytes | None = None):
    file = SimpleUploadedFile(path.name, content if content is not None else path.read_bytes())
    return client.post(reverse("statistics:upload"), {"file": file}, HTTP_ACCEPT_LANGUAGE="en")


def _session_upload(client, path: Path, *, mapping=None, choices=None) -> str:
    """An upload of this session with its mapping, as the mapping step leaves it."""
    token = upload_store(data=path.read_bytes())
    session = client.session
    session["statistics_uploads"] = {
        token: {"filename": path.name, "mapping": mapping, "choices": choices}
    }
    session.save()
    return token


# --- streaming, bounded -------------------------------------------------------------------------


def test_a_stream_is_imported_in_batches_and_counted_while_written(db, monkeypatch):
    _reader(monkeypatch, _rows(12_345))
    reports = []
    record, created = statistics_import(
        data=b"x\n" * 100,
        filename="stream.csv",
        actor=SYSTEM,
        progress=lambda rows, share, phase: reports.append((rows, phase)),
    )
    assert created
    assert record.observation_count == 12_345 == Observation.objects.count()
    assert record.new_count == 12_345
    assert Series.objects.count() == 2  # V0 and V1
    assert [rows for rows, phase in reports if phase == "reading"] == [5000, 10_000, 12_345]
    assert reports[-1] == (12_345, "writing")
    # The same stream again: everything is current, nothing changes.
    again, created = statistics_import(data=b"x\n" * 100, filename="stream.csv", actor=SYSTEM)
    assert (again.pk, created) == (record.pk, False)
    assert Observation.objects.count() == 12_345


def test_the_preview_of_a_large_file_reads_only_its_head(db, monkeypatch):
    pulled: list[int] = []
    _reader(monkeypatch, _rows(200_000, pulled=pulled))
    big = b"x;y\n" * (1_500_000)  # 6 MB: above the size a preview reads whole
    preview = statistics_preview(data=big, filename="big.csv")
    assert not preview.complete
    assert preview.row_count == PREVIEW_HEAD_ROWS
    assert len(pulled) <= PREVIEW_HEAD_ROWS + 1
    assert len(preview.sample) == 20
    assert preview.region_count == 400 and preview.variables == ["V0", "V1", "V2"]
    small = statistics_preview(data=b"x;y\n", filename="small.csv")
    assert small.complete and small.row_count == 200_000


def test_a_file_that_fails_midway_leaves_nothing_behind(db, monkeypatch):
    _reader(monkeypatch, _rows(20_000, fail_at=12_001))
    with pytest.raises(services.ValidationError) as error:
        statistics_import(data=b"x\n", filename="broken.csv", actor=SYSTEM)
    assert "12003" in " ".join(error.value.messages)  # the line named
    assert not Observation.objects.exists()
    assert not Series.objects.exists()
    assert not StatisticsImport.objects.exists()


# --- in the background ----------------------------------------------------------------------------


def test_a_task_that_fails_midway_writes_nothing_and_says_why(world, uploads, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY_SECONDS", 0)
    _reader(monkeypatch, _rows(20_000, fail_at=12_001))
    token = upload_store(data=b"anything\n")
    run = statistics_import_request(actor=world.manager, token=token, filename="broken.csv")
    assert run.state == ImportRun.State.FAILED
    assert run.rows_read == 10_000  # its progress was written while it read
    assert "12003" in run.message and "x1" in run.message
    assert not Observation.objects.exists() and not StatisticsImport.objects.exists()
    assert not list(uploads.rglob(token))  # the file went with the failure


def test_a_run_reports_its_failure_in_the_requesters_language(world, uploads):
    token = upload_store(data=b"<html><body>Sitzung abgelaufen</body></html>")
    with translation.override("de"):
        run = statistics_import_request(actor=world.manager, token=token, filename="page.csv")
    assert run.state == ImportRun.State.FAILED
    assert "Webseite" in run.message


def test_a_run_with_forged_choices_imports_nothing(world, uploads):
    token = upload_store(data=AMBIGUOUS.read_bytes())
    run = ImportRun.objects.create(
        token=token,
        filename="x.csv",
        requested_by=world.manager,
        choices={"roles": [[0, "password"]], "ambiguous": "order"},
    )
    services.statistics_import_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert not StatisticsImport.objects.exists()
    # A run is run once: a task delivered twice does nothing.
    assert services.statistics_import_run_execute(run_id=run.pk) is None


def test_forged_choices_are_refused():
    for forged in (
        {"roles": [[0, "password"]]},
        {"roles": [[-1, "key"]]},
        {"header_rows": 0},
        {"header_rows": 10_000},
        {"ambiguous": "delete"},
    ):
        with pytest.raises(ValueError):
            choices_from_dict(forged)
    assert choices_from_dict({"roles": [[2, "measure"]], "ambiguous": "order"}) == ReadChoices(
        roles=((2, "measure"),), ambiguous=AMBIGUOUS_ORDER
    )


def _run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# The worker commits and closes its connection as in production: a real transaction per test.
@pytest.mark.django_db(transaction=True)
def test_the_import_runs_in_the_worker_and_the_page_follows_it(world, uploads, client, settings):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(world.manager)
    token = _session_upload(client, PLAIN, mapping=PLAIN_MAPPING)
    preview_url = reverse("statistics:preview", args=[token])
    response = client.post(preview_url, {"action": "import"}, HTTP_ACCEPT_LANGUAGE="en")
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("statistics:run", args=[run.pk])
    assert run.state == ImportRun.State.QUEUED and run.expected_rows == 4
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<progress id="import-progress-bar" max="100"' in page
    assert 'aria-live="polite"' in page and "statistics/import-progress." in page
    listing = client.get(reverse("statistics:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert PLAIN.name in listing and "waiting to start" in listing  # the user may come back
    status = client.get(reverse("statistics:run_status", args=[run.pk])).json()
    assert status["state"] == "queued" and status["finished"] is False

    _run_worker()

    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.result_is_new
    assert run.percent == 100 and run.rows_read == 4
    assert Observation.objects.count() == 4
    kerpen = Observation.objects.get(region_key="05362032")
    assert kerpen.value == Decimal("66585") and kerpen.period == "2023"
    status = client.get(reverse("statistics:run_status", args=[run.pk])).json()
    assert status["finished"] is True
    page = client.get(reverse("statistics:run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "<progress" not in page.content.decode()
    assert reverse("statistics:detail", args=[run.result_id]) in page.content.decode()
    assert not list(uploads.rglob(token))  # imported: the upload is gone
    # Somebody else sees neither the run nor its status.
    client.force_login(world.coordinator)
    assert client.get(reverse("statistics:run", args=[run.pk])).status_code == 404


# --- the preview's corrections and choices --------------------------------------------------------


def test_the_preview_shows_the_layout_and_a_corrected_role_reads_the_file_again(
    world, uploads, client
):
    client.force_login(world.manager)
    token = _session_upload(client, PLAIN, mapping=PLAIN_MAPPING)
    url = reverse("statistics:preview", args=[token])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How the file was read" in page
    assert 'name="role_4"' in page  # foreigners: nothing to import, by the mapping
    assert "foreigners" not in page.split("Variables")[1].split("</dd>")[0]

    response = client.post(
        url,
        {"action": "reread", "role_0": "key", "role_1": "name", "role_2": "period"}
        | {"role_3": "measure", "role_4": "measure", "role_5": "ignored", "header_rows": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert client.session["statistics_uploads"][token]["choices"]["roles"] == [[4, "measure"]]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    variables = page.split("Variables")[1].split("</dd>")[0]
    assert "foreigners" in variables and "population" in variables

    client.post(url, {"action": "import"})
    assert Observation.objects.filter(series__variable="foreigners").count() == 4
    record = StatisticsImport.objects.get()
    assert record.choices["roles"] == [[4, "measure"]]


def test_forged_roles_and_choices_are_a_form_error_and_store_nothing(world, uploads, client):
    client.force_login(world.manager)
    token = _session_upload(client, PLAIN, mapping=PLAIN_MAPPING)
    url = reverse("statistics:preview", args=[token])
    response = client.post(url, {"action": "reread", "role_4": "password", "header_rows": "1"})
    assert response.status_code == 400
    assert client.session["statistics_uploads"][token]["choices"] is None
    response = client.post(url, {"action": "reread", "role_4": "measure", "header_rows": "-3"})
    assert response.status_code == 400
    response = client.post(url, {"action": "import", "ambiguous": "delete"})
    assert response.status_code == 400
    assert client.post(url, {"action": "drop-tables"}).status_code == 400
    assert not ImportRun.objects.exists() and not StatisticsImport.objects.exists()
    # Choices in the session that this code never wrote are dropped, not read.
    session = client.session
    session["statistics_uploads"][token]["choices"] = {"roles": [["a", "b"]]}
    session.save()
    assert client.get(url).status_code == 200


def test_ambiguous_rows_need_a_decision_that_reaches_the_reader(
    world, uploads, client, monkeypatch
):
    seen: list = []
    problem = Problem(
        "ambiguous_rows",
        "rows share every key",
        line=3,
        params={"count": 2, "lines": "3, 4", "key": "05362 2020-01-31 CH0005"},
    )
    _reader(monkeypatch, _rows(10), problems=[problem], seen=seen)
    client.force_login(world.manager)
    token = _session_upload(client, AMBIGUOUS)
    url = reverse("statistics:preview", args=[token])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "lines 3, 4" in page and 'name="ambiguous"' in page
    response = client.post(url, {"action": "import"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Choose what becomes of the rows" in response.content.decode()
    assert not StatisticsImport.objects.exists()
    seen.clear()
    response = client.post(url, {"action": "import", "ambiguous": "order"})
    assert response.status_code == 302
    assert seen[-1].ambiguous == AMBIGUOUS_ORDER
    assert StatisticsImport.objects.get().choices["ambiguous"] == "order"


def test_the_region_names_of_the_registry_reach_the_reader(world, monkeypatch, db):
    seen: list = []
    _reader(monkeypatch, _rows(1), seen=seen)
    statistics_preview(data=b"x\n", filename="sheet.xlsx")
    names = dict(seen[-1].region_names)
    assert names["kerpen, kolpingstadt"] == world.kerpen.ags


# --- the command line -----------------------------------------------------------------------------


def test_the_command_prints_its_progress(db, monkeypatch, tmp_path):
    _reader(monkeypatch, _rows(30_000))
    path = tmp_path / "stream.csv"
    path.write_bytes(b"x\n" * 100)
    out = io.StringIO()
    with translation.override("en"):
        call_command("import-statistics", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert "100 % read (30000 rows)" in lines  # the preview counted the rows: a share of them
    assert any(line.startswith("16 % read") for line in lines)
    assert "30000 rows read; writing the values…" in lines
    assert lines[-1] == "Imported 30000 observations from " + str(path) + "."
