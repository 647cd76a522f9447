import time

import pytest

from cohesion.demo.stakeholders import kerpen_stakeholders
from cohesion.stakeholders.models import Organisation, OrganisationKind, Stakeholder
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_kerpen_map_is_realistic_and_marked_as_demo_data():
    process = ProcessFactory()
    started = time.perf_counter()
    counts = kerpen_stakeholders(process=process)
    elapsed = time.perf_counter() - started
    assert 35 <= counts["organisations"] <= 45
    assert 80 <= counts["people"] <= 120
    assert elapsed < 20
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(
        OrganisationKind.values
    ) - {"other"}
    names = list(Organisation.objects.values_list("name", flat=True)) + list(
        Stakeholder.objects.values_list("name", flat=True)
    )
    assert all(name.endswith("(demo data)") for name in names)
    people = Stakeholder.objects.all()
    invitable = sum(person.invitable for person in people)
    assert people.count() * 0.7 < invitable < people.count()
    assert Stakeholder.objects.filter(keep_with__isnull=False).count() == 3
    assert {"tr", "ar", "uk", "pl"} <= {code for p in people for code in p.languages}
    origins = set(
        Organisation.objects.filter(kind="immigrant_organisation").values_list("origin", flat=True)
    )
    assert {"Türkei", "Polen", "Syrien"} <= origins
