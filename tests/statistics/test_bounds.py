"""Uploads are bounded: a ZIP bomb (flat file or workbook) is refused quickly and in little memory
with a clear message, never a 500, nothing written; abandoned uploads do not stay forever."""

import io
import os
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cohesion.statistics.models import Observation, StatisticsImport
from cohesion.statistics.services import UPLOAD_DIR, statistics_uploads_prune, upload_store

MB = 1024 * 1024


def bomb(name: str = "12521-0041_de_flat.csv", size: int = 300 * MB, extra=()) -> bytes:
    """A small archive whose member unpacks to ``size`` bytes of zeros, written in a stream."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in extra:
            archive.writestr(member, content)
        with archive.open(name, "w", force_zip64=True) as member:
            chunk = b"0" * MB
            for _ in range(size // MB):
                member.write(chunk)
    return buffer.getvalue()


def workbook_bomb() -> bytes:
    """An XLSX (a ZIP with xl/workbook.xml) whose sheet unpacks to 300 MB."""
    return bomb(
        "xl/worksheets/sheet1.xml",
        extra=[("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")],
    )


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("make", [bomb, workbook_bomb], ids=["flat-file", "workbook"])
@pytest.mark.parametrize(
    ("limit_mb", "message"),
    [
        (200, "larger than 200 MB"),  # the member says it is too large: refused unread
        (1000, "compressed beyond what any statistics file is"),  # judged by its ratio
    ],
)
def test_a_zip_bomb_is_refused_quickly_in_bounded_memory(
    client, world, uploads, settings, make, limit_mb, message
):
    settings.STATISTICS_MAX_UPLOAD_MB = limit_mb
    data = make()
    assert len(data) < 400 * 1024  # about 300 KB that unpack to 300 MB
    client.force_login(world.manager)
    file = SimpleUploadedFile("bomb.zip", data)
    tracemalloc.start()
    try:
        response = client.post(
            reverse("statistics:upload"), {"file": file}, HTTP_ACCEPT_LANGUAGE="en", follow=True
        )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # The ratio is judged against the member's compressed size, so some 60 MB are read before
    # the refusal; never the 300 MB (nor the 900 MB the unbounded reader took).
    assert peak < 100 * MB
    assert not StatisticsImport.objects.exists() and not Observation.objects.exists()
    assert not list((uploads / UPLOAD_DIR).glob("*"))  # the refused file is not kept


def test_a_field_beyond_the_csv_limit_is_a_clear_message(client, world, uploads):
    client.force_login(world.manager)
    data = b"ags;value\n05362;" + b"1" * 200_000 + b"\n"
    response = client.post(
        reverse("statistics:upload"),
        {"file": SimpleUploadedFile("long.csv", data)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    mapping = client.post(
        response["Location"],
        {"region_key": "ags", "fixed_period": "2024", "value_columns": ["value"]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert mapping.status_code == 200
    assert "longer than" in mapping.content.decode()
    assert not Observation.objects.exists()


def _age(path, hours: int) -> None:
    stamp = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(path, (stamp, stamp))


def test_abandoned_uploads_are_removed_but_pending_ones_kept(world, uploads, settings):
    settings.STATISTICS_UPLOAD_KEEP_HOURS = 24
    abandoned = upload_store(data=b"abandoned")
    waiting = upload_store(data=b"waiting")
    fresh = upload_store(data=b"fresh")
    folder = uploads / UPLOAD_DIR
    _age(folder / abandoned, 25)
    _age(folder / waiting, 25)
    StatisticsImport.objects.create(
        filename="w.csv", sha256=waiting, format="genesis-table", state="pending"
    )
    upload_store(data=b"a new upload")  # storing a file clears the abandoned ones
    assert not (folder / abandoned).exists()
    assert (folder / waiting).exists() and (folder / fresh).exists()
    # The worker's daily upkeep does the same when nobody uploads.
    _age(folder / fresh, 30)
    apps.get_app_config("statistics").daily_upkeep()  # what core's daily task calls
    assert not (folder / fresh).exists()
    assert statistics_uploads_prune() == 0
    assert default_storage.exists(f"{UPLOAD_DIR}/{waiting}")
