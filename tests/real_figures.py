"""The real registry and the demo's real statistics, for the tests of the packages that read
them (loaded once per package by its conftest, and removed again after it)."""

import contextlib

from django.core.management import call_command

from cohesion.demo.services import DATA_DIR, DEMO_STATISTICS
from cohesion.municipalities.services import SHIPPED_GV100AD_EDITIONS, registry_import_gv100ad
from cohesion.statistics.services import statistics_import


@contextlib.contextmanager
def real_figures_loaded(django_db_blocker):
    with django_db_blocker.unblock():
        for edition in SHIPPED_GV100AD_EDITIONS:
            registry_import_gv100ad(path=edition)
        for filename, mapping in DEMO_STATISTICS:
            statistics_import(
                data=(DATA_DIR / filename).read_bytes(), filename=filename, mapping=mapping
            )
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
