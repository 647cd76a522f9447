"""The real registry and the demo's real statistics, for the tests of the packages that read
them (loaded once per package by its conftest, and removed again after it)."""

import contextlib

import pytest
from django.core.management import call_command
from django.utils import translation

from cohesion.core.actors import SYSTEM
from cohesion.demo.services import demo_statistics_load
from cohesion.municipalities.services import SHIPPED_GV100AD_EDITIONS, registry_import_gv100ad
from cohesion.statistics.readers.tidy import TidyMapping
from cohesion.statistics.services import statistics_import


@contextlib.contextmanager
def real_figures_loaded(django_db_blocker):
    with django_db_blocker.unblock():
        for edition in SHIPPED_GV100AD_EDITIONS:
            registry_import_gv100ad(path=edition)
        demo_statistics_load(actor=SYSTEM)
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="package")
def demo_figures(django_db_setup, django_db_blocker):
    """Imported by a package's conftest: the figures are loaded once for that package."""
    with real_figures_loaded(django_db_blocker):
        yield


@pytest.fixture
def figures(demo_figures, db):
    with translation.override("en"):
        yield


def import_suppressed_immigration_history() -> None:
    """A Zensus row for Kerpen whose count of people with immigration history is secret (".")."""
    statistics_import(
        data=b"ags,name,population,immigration_history_total\n05362032,Kerpen,66000,.\n",
        filename="zensus-kerpen.csv",
        mapping=TidyMapping(
            region_key="ags",
            region_name="name",
            period="",
            fixed_period="2022-05-15",
            value_columns=("population", "immigration_history_total"),
            table_code="Zensus 2022 test",
            source="a test file",
        ),
        actor=SYSTEM,
    )
