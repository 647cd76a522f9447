import pytest
from django.utils import translation

from tests.real_figures import real_figures_loaded


@pytest.fixture(scope="package")
def demo_figures(django_db_setup, django_db_blocker):
    with real_figures_loaded(django_db_blocker):
        yield


@pytest.fixture
def figures(demo_figures, db):
    with translation.override("en"):
        yield
