import pytest

from cohesion.workshops import services


@pytest.fixture
def workshop(world):
    return services.workshop_create(actor=world.moderator, process=world.kerpen_process)
