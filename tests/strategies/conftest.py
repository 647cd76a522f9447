import pytest

from cohesion.strategies import services
from cohesion.workshops.models import Candidate


@pytest.fixture
def strategy(world):
    """Kerpen's strategy, started by its coordinator, in German."""
    return services.strategy_create(
        actor=world.coordinator, process=world.kerpen_process, language="de"
    )


@pytest.fixture
def workshop(world):
    from cohesion.workshops.services import workshop_create

    return workshop_create(actor=world.moderator, process=world.kerpen_process)


@pytest.fixture
def goal_candidate(workshop):
    return Candidate.objects.create(
        workshop=workshop,
        kind=Candidate.Kind.GOAL,
        title={"de": "Mehr Sprachkurse für Berufstätige"},
        field_of_action="Sprache und Bildung",
    )


@pytest.fixture
def measure_candidate(workshop):
    return Candidate.objects.create(
        workshop=workshop,
        kind=Candidate.Kind.MEASURE,
        title={"de": "Abendkurse an der Volkshochschule"},
        field_of_action="Sprache und Bildung",
    )
