import os
import sys
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from cohesion.accounts.models import Role
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    ProcessFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.paths import SHARED

# No deadline for generated examples: a machine busy with other work (two test processes, CI
# beside other jobs) made one slow example fail a test that had nothing wrong with it.
hypothesis_settings.register_profile("cohesion", deadline=None)
hypothesis_settings.load_profile("cohesion")


@dataclass
class World:
    """Two municipalities in one programme, and a person for every role."""

    programme: object
    kerpen: object
    stuttgart: object
    kerpen_process: object
    stuttgart_process: object
    manager: object
    coordinator: object
    moderator: object
    working_group_member: object
    other_coordinator: object
    outsider: object

    def by_role(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture(scope="session", autouse=True)
def static_files(tmp_path_factory):
    """The static files collected with hashed names into a fresh folder, as `cohesion serve`
    does: the pages name cohesion.<hash>.css and WhiteNoise serves it."""
    # WhiteNoise lists the files when the ASGI application is built: built before this, it
    # would serve none of them (import it through tests.asgi, inside tests).
    assert "cohesion.asgi" not in sys.modules, "cohesion.asgi was imported at collection time"
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def world(db) -> World:
    manager = UserFactory(username="manager")
    programme = ProgrammeFactory(managers=[manager])
    kerpen = MunicipalityFactory(ags="05362032", name="Kerpen, Kolpingstadt", population=66585)
    stuttgart = MunicipalityFactory(ags="08111000", name="Stuttgart", population=612663)
    coordinator = MembershipFactory(
        municipality=kerpen, role=Role.COORDINATOR, user__username="coordinator"
    ).user
    moderator = MembershipFactory(
        municipality=kerpen, role=Role.MODERATOR, user__username="moderator"
    ).user
    member = MembershipFactory(
        municipality=kerpen, role=Role.WORKING_GROUP_MEMBER, user__username="member"
    ).user
    other = MembershipFactory(
        municipality=stuttgart, role=Role.COORDINATOR, user__username="other"
    ).user
    return World(
        programme=programme,
        kerpen=kerpen,
        stuttgart=stuttgart,
        kerpen_process=ProcessFactory(programme=programme, municipality=kerpen),
        stuttgart_process=ProcessFactory(programme=programme, municipality=stuttgart),
        manager=manager,
        coordinator=coordinator,
        moderator=moderator,
        working_group_member=member,
        other_coordinator=other,
        outsider=UserFactory(username="outsider"),
    )


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    for the rest of the session, which the websocket tests (async_to_sync) must not meet."""
    _database_tests_only(config, items)
    items.sort(key=lambda item: "/browser/" in str(item.fspath))


# The real data beside the checkout (../shared), as CI lays it out. Tests that read it carry the
# mark ``shared_data``; without the folder they are skipped on a developer's machine and fail
# in CI, where a missing folder is a broken set-up, not a reason to test less.


def pytest_runtest_setup(item):
    if item.get_closest_marker("shared_data") and not (SHARED / "datasets").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the real data folder {SHARED} is missing")
        pytest.skip(f"needs the real data in {SHARED}")


@pytest.fixture
def english(settings):
    """Pages, messages and commands in English (the default is German): the newer apps' tests
    read their messages as written in the code; each tests one message in German too."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# The PostgreSQL run of CI (see .ci/run) takes only the tests that touch the database: the
# others (readers, engines, catalogues) gave their answer on SQLite already and would give the
# same again.
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup"})


def _database_tests_only(config, items) -> None:
    if not os.environ.get("COHESION_DATABASE_TESTS_ONLY"):
        return
    kept, deselected = [], []
    for item in items:
        touches = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (kept if touches else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
