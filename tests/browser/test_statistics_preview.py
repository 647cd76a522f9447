"""The import preview in the browser: it explains how a file was read, the user corrects a
column's role and the file is read again, decides on ambiguous rows, and follows the import in
the background on a progress bar to its result. Every step checked with axe-core."""

from pathlib import Path

import pytest

from tests.browser.conftest import (
    assert_no_horizontal_overflow,
    check_accessibility,
    in_thread,
    log_in,
    switch_language,
)

FIXTURES = Path(__file__).resolve().parents[1] / "statistics" / "fixtures"
PLAIN = FIXTURES / "plain_population.csv"
AMBIGUOUS = FIXTURES / "flat_ambiguous.csv"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings, tmp_path):
    """Uploads in a folder of the test's own; imports wait in the database for the worker."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DATABASE_QUEUE


def _run_worker() -> None:
    """What the worker does with the queued imports (the worker command itself wants the main
    thread for its signals; tests/statistics/test_tasks.py runs it)."""
    from cohesion.statistics.models import ImportRun
    from cohesion.statistics.services import statistics_import_run_execute

    def run_queued():
        for run_id in ImportRun.objects.filter(state="queued").values_list("pk", flat=True):
            statistics_import_run_execute(run_id=run_id)

    in_thread(run_queued)


def _map_plain_file(page, base_url: str) -> None:
    """Upload the plain table and map its columns: key, year, and population only."""
    page.goto(base_url + "/statistics/upload/")
    page.locator("input[type=file]").set_input_files(str(PLAIN))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/columns/")
    page.locator("#id_region_key").select_option("ags")
    page.locator("#id_period").select_option("year")
    page.locator("input[name=value_columns][value=population]").check()
    # The guess took every numeric column; the user leaves the foreigners out at first.
    page.locator("input[name=value_columns][value=foreigners]").uncheck()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/statistics/upload/*/")


def _variables(page) -> str:
    return page.locator("dt:has-text('Variables') + dd").inner_text()


def _import_and_follow(page) -> None:
    """Start the import, see the progress bar, let the worker run, and arrive at the result."""
    page.locator("form:has(input[name=action][value=import]) button[type=submit]").click()
    page.wait_for_url("**/statistics/runs/*/")
    progress = page.locator("progress#import-progress-bar")
    assert progress.is_visible()
    assert page.locator("#import-progress-text[aria-live=polite]").inner_text()
    check_accessibility(page)
    _run_worker()
    # The page's script asks for the state and shows the result once the import is done.
    page.locator("main a.button[href*='/statistics/']").first.wait_for(timeout=15_000)
    assert not page.locator("progress").count()
    check_accessibility(page)


def test_a_corrected_column_role_reads_the_file_again_and_imports_in_the_background(
    asgi_server, demo, new_page, queue
):
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "programme")
    switch_language(page, "en")
    _map_plain_file(page, asgi_server)

    # The preview says how it read the file: the foreigners column was left out.
    assert "How the file was read" in page.locator("main").inner_text()
    assert page.locator("#id_role_4").input_value() == "ignored"
    assert "foreigners" not in _variables(page)
    check_accessibility(page)

    page.locator("#id_role_4").select_option("measure")
    page.get_by_role("button", name="Read the file again").click()
    page.wait_for_load_state()
    assert page.locator("#id_role_4").input_value() == "measure"
    assert "foreigners" in _variables(page)
    check_accessibility(page)

    _import_and_follow(page)
    page.locator("main a.button", has_text="Show the import").click()
    page.wait_for_url("**/statistics/*/")
    assert "plain_population.csv" in page.locator("main").inner_text()


def test_ambiguous_rows_are_kept_by_their_order(asgi_server, demo, new_page, queue):
    page = new_page(locale="en-GB")
    log_in(page, asgi_server, "programme")
    switch_language(page, "en")
    page.goto(asgi_server + "/statistics/upload/")
    page.locator("input[type=file]").set_input_files(str(AMBIGUOUS))
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/statistics/upload/*/")
    legend = page.locator("legend", has_text="differ only by their order")
    assert legend.is_visible()
    check_accessibility(page)
    # Importing without a decision is answered, accessibly.
    page.locator("form:has(input[name=action][value=import]) button[type=submit]").click()
    assert page.locator("#ambiguous-errors").is_visible()
    check_accessibility(page)
    page.get_by_label("Keep them as distinct measures, numbered by their order").check()
    _import_and_follow(page)

    def variables():
        from cohesion.statistics.models import Series

        return sorted(Series.objects.filter(table_code="45214").values_list("variable", flat=True))

    # Both rows were kept, numbered by their order; the unambiguous rest came along.
    assert variables() == [
        "Beschaeftigte 2015=100",
        "Beschaeftigte Veraenderung (1)",
        "Beschaeftigte Veraenderung (2)",
    ]


def test_the_preview_and_its_corrections_at_360_pixels_in_arabic(
    asgi_server, demo, new_page, queue
):
    page = new_page(width=360, height=740)
    log_in(page, asgi_server, "programme")
    page.goto(asgi_server + "/statistics/upload/")
    switch_language(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    _map_plain_file(page, asgi_server)
    assert page.locator("#id_role_4").is_visible()
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
    page.locator("#id_role_4").select_option("measure")
    page.locator("form:has(input[name=action][value=reread]) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_role_4").input_value() == "measure"
    assert_no_horizontal_overflow(page)
    check_accessibility(page)
