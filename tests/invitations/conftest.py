import datetime

import pytest

from cohesion.core.actors import SYSTEM
from cohesion.municipalities.models import PopulationRecord
from cohesion.statistics.readers.tidy import TidyMapping
from cohesion.statistics.services import statistics_import
from tests.factories import InviteeFactory, OrganisationFactory


@pytest.fixture
def kerpen_figures(world):
    """A small real profile of the test world's Kerpen, imported as the platform imports files:
    the registry's population, the Zensus 2022's immigration history, the AZR's foreigners by
    origin group."""
    PopulationRecord.objects.create(
        municipality=world.kerpen,
        reference_date=datetime.date(2024, 12, 31),
        population=66585,
        population_male=32800,
        territorial_status=datetime.date(2025, 11, 30),
        source="GV-ISys test",
    )
    statistics_import(
        data=b"ags,name,population,immigration_history_total\n05362032,Kerpen,66000,19800\n",
        filename="zensus-kerpen.csv",
        mapping=TidyMapping(
            region_key="ags",
            region_name="name",
            period="",
            fixed_period="2022-05-15",
            value_columns=("population", "immigration_history_total"),
            table_code="Zensus 2022",
            source="a test file",
        ),
        actor=SYSTEM,
    )
    origin = "Ländergruppierungen/Staatsangehörigkeit"
    rows = [
        ("Insgesamt", 9000),
        ("Gastarbeiterländer", 3600),
        ("Gebiet der ehemaligen Sowjetunion", 1200),
        ("Afrika", 600),
        ("Europa", 6000),
    ]
    csv = f"ags,name,year,{origin},value\n" + "".join(
        f"05362032,Kerpen,2024-12-31,{group},{value}\n" for group, value in rows
    )
    statistics_import(
        data=csv.encode(),
        filename="12521-0041-kerpen.csv",
        mapping=TidyMapping(
            region_key="ags",
            region_name="name",
            period="year",
            value="value",
            fixed_variable="Ausländer",
            dimension_columns=(origin,),
            table_code="12521-0041",
            source="a test file",
        ),
        actor=SYSTEM,
    )
    return world


@pytest.fixture
def people(world):
    """A small map of Kerpen's process: who may be invited and who may not."""
    process = world.kerpen_process
    turkish = OrganisationFactory(
        process=process,
        name="Türkischer Elternverein (demo data)",
        kind="immigrant_organisation",
        target_group="immigrant",
        origin="Gastarbeiterländer",
    )
    return {
        "mayor": InviteeFactory(process=process, name="Anna Mayor", target_group="policy"),
        "clerk": InviteeFactory(
            process=process,
            name="Ben Clerk",
            target_group="administration",
            department="Sozialamt",
            email="",
            postal_address="Rathausplatz 1\n50171 Kerpen",
        ),
        "ayse": InviteeFactory(
            process=process,
            name="Ayşe Demir",
            target_group="immigrant",
            organisation=turkish,
            origin="Gastarbeiterländer",
            immigration_history=True,
            languages=["tr", "de"],
        ),
        "olena": InviteeFactory(
            process=process,
            name="Olena Koval",
            target_group="immigrant",
            origin="Gebiet der ehemaligen Sowjetunion",
            immigration_history=True,
            languages=["uk"],
            email="",
            postal_address="Stiftsstraße 2\n50171 Kerpen",
        ),
        "no_consent": InviteeFactory(
            process=process, name="Carl Noconsent", consent_to_contact=False
        ),
        "no_address": InviteeFactory(process=process, name="Dora Noaddress", email=""),
    }


@pytest.fixture(autouse=True)
def _in_english(english):
    """This app's tests read its messages in English."""
