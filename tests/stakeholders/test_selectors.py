"""What other apps read of the map: who may be invited, who may not, the departments it names;
each limited to its process."""

import pytest

from cohesion.stakeholders import selectors
from tests.factories import OrganisationFactory, ProcessFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def test_the_invitable_need_consent_and_an_address_and_leave_out_the_excluded():
    process = ProcessFactory()
    anna = StakeholderFactory(process=process, name="Anna", consent_to_contact=True)
    by_post = StakeholderFactory(
        process=process, name="Berta", consent_to_contact=True, email="", postal_address="Weg 1"
    )
    StakeholderFactory(process=process, name="Carl", consent_to_contact=False)
    StakeholderFactory(process=process, name="Dora", consent_to_contact=True, email="")
    StakeholderFactory(name="Elsewhere", consent_to_contact=True)

    assert selectors.people_invitable(process=process) == [anna, by_post]
    assert selectors.people_invitable(process=process, excluding_ids=[anna.pk]) == [by_post]
    assert selectors.people_not_invitable_count(process=process) == 2


def test_people_by_ids_keeps_to_the_process():
    process = ProcessFactory()
    own = StakeholderFactory(process=process)
    other = StakeholderFactory()
    chosen = selectors.people_by_ids(process=process, ids=[own.pk, other.pk])
    assert list(chosen) == [own]


def test_the_departments_are_the_administrations():
    process = ProcessFactory()
    OrganisationFactory(process=process, kind="administration", department=" Sozialamt ")
    OrganisationFactory(process=process, kind="club", department="Vorstand")
    StakeholderFactory(process=process, target_group="administration", department="Jugendamt")
    club = OrganisationFactory(process=process, kind="club")
    StakeholderFactory(
        process=process, target_group="administration", department="Kasse", organisation=club
    )
    OrganisationFactory(kind="administration", department="Elsewhere")
    assert selectors.departments_named(process=process) == ["Jugendamt", "Sozialamt"]
