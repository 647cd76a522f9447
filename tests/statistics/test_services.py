"""The import of statistics files into the database: provenance, atomicity, re-imports."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cohesion.audit.models import AuditEvent
from cohesion.core.actors import SYSTEM
from cohesion.municipalities.services import registry_import_gv100ad
from cohesion.statistics.models import Observation, Series, StatisticsImport
from cohesion.statistics.readers.tidy import TidyMapping
from cohesion.statistics.services import statistics_import, statistics_preview
from tests.paths import DATASETS

DATA = DATASETS / "de"
AZR = DATA / "regionalstatistik" / "12521-0041_auslaender_kreise_2025-12-31_extract.csv"
ZENSUS = DATA / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"
ZENSUS_MAPPING = TidyMapping(
    region_key="ags",
    period="",
    fixed_period="2022-05-15",
    value_columns=("population", "immigration_history_total"),
    table_code="Zensus 2022",
    source="© Statistische Ämter des Bundes und der Länder, Deutschland, Zensus 2022",
    licence="dl-de/by-2-0",
)


@pytest.fixture
def registry(db):
    registry_import_gv100ad()


@pytest.mark.shared_data
def test_the_azr_table_is_imported_with_its_provenance(registry):
    record, created = statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
    assert created
    assert (record.table_code, record.stand.isoformat(), record.licence) == (
        "12521-0041",
        "2026-09-25",
        "dl-de/by-2-0",
    )
    assert record.source.startswith("© Statistisches Bundesamt (Destatis), 2026")
    with translation.override("en"):
        assert record.provenance == (
            f"{record.source}, table 12521-0041, as of 25.09.2026, dl-de/by-2-0"
        )
    solingen = {
        o.series.dimension("Geschlecht"): o.value
        for o in Observation.objects.filter(region_key="05122").select_related("series")
        if o.series.dimension("Ländergruppierungen/Staatsangehörigkeit") == "Insgesamt"
    }
    assert solingen == {
        "männlich": Decimal("15755"),
        "weiblich": Decimal("15250"),
        "Insgesamt": Decimal("31005"),
    }
    kassel = Observation.objects.filter(region_key="06633")
    assert kassel.exists() and not kassel.exclude(value=None).exists()  # missing, never zero
    assert set(kassel.values_list("status", flat=True)) == {"not_shown"}
    # Districts are tied to the registry.
    assert Observation.objects.filter(region_key="05362").first().municipality.name == (
        "Rhein-Erft-Kreis"
    )


@pytest.mark.shared_data
def test_a_reimport_of_the_same_file_changes_nothing(registry):
    statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
    counts = (StatisticsImport.objects.count(), Series.objects.count(), Observation.objects.count())
    record, created = statistics_import(data=AZR.read_bytes(), filename="again.csv", actor=SYSTEM)
    assert not created
    assert record.filename == AZR.name
    assert (
        StatisticsImport.objects.count(),
        Series.objects.count(),
        Observation.objects.count(),
    ) == counts


@pytest.mark.shared_data
def test_zensus_migration_background_of_stuttgart(registry):
    statistics_import(
        data=ZENSUS.read_bytes(), filename=ZENSUS.name, mapping=ZENSUS_MAPPING, actor=SYSTEM
    )
    values = dict(
        Observation.objects.filter(region_key="08111000").values_list("series__variable", "value")
    )
    share = values["immigration_history_total"] / values["population"] * 100
    assert values["population"] == 610458
    assert round(share, 1) == Decimal("35.6")


@pytest.mark.shared_data
def test_preview_shows_what_would_be_imported_and_writes_nothing(registry):
    preview = statistics_preview(data=AZR.read_bytes(), filename=AZR.name)
    assert preview.parsed.table_code == "12521-0041"
    assert preview.region_count == 5
    assert preview.periods == ["2025-12-31"]
    assert preview.row_count == len(preview.parsed.observations) > 500
    assert any("06633" in problem for problem in preview.problems)
    assert not StatisticsImport.objects.exists() and not Observation.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        (b"<!DOCTYPE html><html><body>Sitzung abgelaufen</body></html>", "web page"),
        (b"a;b;c\n1;2;3\n", "does not know the layout"),
    ],
)
def test_bad_files_get_a_clear_message_and_leave_nothing_behind(registry, data, expected):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        statistics_import(data=data, filename="bad.csv", actor=SYSTEM)
    assert expected in " ".join(error.value.messages)
    assert not StatisticsImport.objects.exists() and not Series.objects.exists()


@pytest.mark.shared_data
def test_a_truncated_table_names_the_line_and_imports_nothing(registry):
    lines = AZR.read_bytes().splitlines(keepends=True)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        statistics_import(data=b"".join(lines[:60]), filename="cut.csv", actor=SYSTEM)
    assert "cut off" in " ".join(error.value.messages)
    assert not Observation.objects.exists()


@pytest.mark.shared_data
def test_a_failure_in_the_middle_rolls_everything_back(registry, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("cohesion.statistics.staging.Stage.observations_write", explode)
    with pytest.raises(RuntimeError):
        statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
    assert not StatisticsImport.objects.exists()
    assert not Series.objects.exists()


@pytest.mark.shared_data
def test_only_coordinators_and_programme_managers_import(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(PermissionDenied):
        statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=world.moderator)
    record, created = statistics_import(
        data=AZR.read_bytes(), filename=AZR.name, actor=world.manager
    )
    assert created and record.imported_by == world.manager


@pytest.mark.shared_data
def test_the_system_imports_anywhere_and_is_recorded_without_a_name(registry):
    record, created = statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
    assert created and record.state == StatisticsImport.State.APPLIED
    assert record.imported_by is None
    event = AuditEvent.objects.get(action="statistics.import_apply")
    assert (event.actor, event.actor_label) == (None, "")


def test_a_missing_actor_is_refused_not_taken_for_the_system(db):
    with pytest.raises(AttributeError):
        statistics_import(data=b"a;b\n1;2\n", filename="x.csv", actor=None)
    with pytest.raises(TypeError):
        statistics_import(data=b"a;b\n1;2\n", filename="x.csv")
    assert not StatisticsImport.objects.exists()


@pytest.mark.shared_data
def test_an_office_sheet_naming_its_districts_finds_them_in_the_registry(registry):
    # Sachsen-Anhalt's sheet names its districts without keys; a district-free city is a
    # district and a municipality of the same name in the registry, and stands for the district.
    path = DATASETS / "de" / "corpus" / "st_sachsenanhalt 2025_0456.xlsx"
    record, created = statistics_import(data=path.read_bytes(), filename=path.name, actor=SYSTEM)
    assert created and record.state == StatisticsImport.State.APPLIED
    values = {
        (o.region_key, o.period): o.value
        for o in Observation.objects.filter(period__in=["2014", "2014-W01"])
        if not o.series.dimensions
    }
    assert values[("15001", "2014")] == 1236  # Dessau-Roßlau, 2014 insgesamt
    assert values[("15", "2014")] == 30830  # the Land
    assert values[("15002", "2014-W01")] == 61  # Halle (Saale), 2014 KW 1
