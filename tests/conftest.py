from dataclasses import dataclass

import pytest

from cohesion.accounts.models import Role
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    ProcessFactory,
    ProgrammeFactory,
    UserFactory,
)


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


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    for the rest of the session, which the websocket tests (async_to_sync) must not meet."""
    items.sort(key=lambda item: "/browser/" in str(item.fspath))
