import pytest
from django.core.management import call_command
from django.utils import translation

from cohesion.demo.services import DATA_DIR, DEMO_STATISTICS
from cohesion.municipalities.services import SHIPPED_GV100AD_EDITIONS, registry_import_gv100ad
from cohesion.statistics.services import statistics_import


@pytest.fixture(scope="package")
def demo_figures(django_db_setup, django_db_blocker):
    """The real registry (every shipped edition) and every real statistics file of the demo,
    loaded once for these tests and removed afterwards."""
    with django_db_blocker.unblock():
        for edition in SHIPPED_GV100AD_EDITIONS:
            registry_import_gv100ad(path=edition)
        for filename, mapping in DEMO_STATISTICS:
            statistics_import(
                data=(DATA_DIR / filename).read_bytes(), filename=filename, mapping=mapping
            )
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def figures(demo_figures, db):
    with translation.override("en"):
        yield
