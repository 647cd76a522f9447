"""Official figures are shared, versioned facts: every value keeps its history, a different value
is a revision, an import can be undone, and a coordinator cannot change another district's
figures (the attack of the issue: Stuttgart's coordinator setting a district's foreigners to 2)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from cohesion.accounts.models import Role, User
from cohesion.audit.models import AuditEvent
from cohesion.core.actors import SYSTEM
from cohesion.demo.services import demo_load
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.services import registry_import_gv100ad
from cohesion.statistics.models import Observation, ObservationRevision, StatisticsImport
from cohesion.statistics.selectors import pending_import_differences
from cohesion.statistics.services import (
    statistics_import,
    statistics_import_approve,
    statistics_import_refuse,
    statistics_import_undo,
    upload_read,
)
from tests.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.paths import DATASETS

AZR = DATASETS / "de" / "regionalstatistik" / "12521-0041_auslaender_kreise_2025-12-31_extract.csv"
RHEIN_ERFT = "05362"


def one_row(total: int, *, male: int | None = None, key: str = RHEIN_ERFT) -> bytes:
    """The AZR table with a single region's "Insgesamt" row: the attack's one-row file."""
    lines = AZR.read_text(encoding="utf-8").splitlines(keepends=True)
    footer = next(number for number, line in enumerate(lines) if line.startswith("__"))
    male = total // 2 if male is None else male
    row = f"31.12.2025;{key};Rhein-Erft-Kreis;Insgesamt;{male};e;{total - male};e;{total};e\n"
    return "".join([*lines[:6], row, *lines[footer:]]).encode()


def foreigners(key: str = RHEIN_ERFT) -> Decimal:
    """Foreign residents of a district, both sexes, all nationalities, 31.12.2025."""
    for observation in Observation.objects.filter(
        region_key=key, period="2025-12-31"
    ).select_related("series"):
        dimensions = dict(observation.series.dimensions)
        if (
            dimensions.get("Geschlecht") == "Insgesamt"
            and dimensions.get("Ländergruppierungen/Staatsangehörigkeit") == "Insgesamt"
        ):
            return observation.value
    raise AssertionError("no value")


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the tests of one class (it takes most of a minute); each test
    runs in a transaction that is rolled back, and the class's end empties the database."""
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        demo_load()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_loaded, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return {
        name: User.objects.get(username=name) for name in ("programme", "coordinator", "stuttgart")
    }


@pytest.fixture
def registry(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    registry_import_gv100ad()


class TestInTheDemo:
    """Tests on the whole demo: its coordinators, programmes and imported figures."""

    @pytest.mark.shared_data
    def test_stuttgarts_coordinator_cannot_change_the_figures_kerpen_sees(
        self, demo, client, django_capture_on_commit_callbacks
    ):
        assert foreigners() == 91165
        record, created = statistics_import(
            data=one_row(2), filename="12521-0041.csv", actor=demo["stuttgart"]
        )
        assert created and record.state == StatisticsImport.State.PENDING
        assert record.municipality.ags == "08111000"  # Stuttgart's programme managers decide
        assert foreigners() == 91165  # nothing applied
        client.force_login(demo["coordinator"])
        profile = reverse("indicators:profile", args=["05362032"])
        page = client.get(profile, HTTP_ACCEPT_LANGUAGE="en")
        assert "91,165" in page.content.decode() or "91165" in page.content.decode()
        assert AuditEvent.objects.filter(
            action="statistics.import_hold", target_id=str(record.pk)
        ).exists()
        # The programme manager sees what would change before deciding: old → new.
        differences = pending_import_differences(statistics_import=record)
        assert (differences.new_count, differences.changed_count) == (0, 3)
        totals = {(change["old_value"], change["new_value"]) for change in differences.changes}
        assert (Decimal("91165"), Decimal("2")) in totals
        assert foreigners() == 91165 and not ObservationRevision.objects.exists()  # a read
        # Stuttgart's coordinator cannot approve their own file.
        with pytest.raises(PermissionDenied):
            statistics_import_approve(actor=demo["stuttgart"], statistics_import=record)
        with django_capture_on_commit_callbacks(execute=True):
            statistics_import_refuse(actor=demo["programme"], statistics_import=record)
        record.refresh_from_db()
        assert record.state == StatisticsImport.State.REFUSED
        assert foreigners() == 91165
        assert upload_read(token=record.sha256) is None  # the waiting file is gone
        with pytest.raises(ValidationError):  # decided once
            statistics_import_approve(actor=demo["programme"], statistics_import=record)

    @pytest.mark.shared_data
    def test_an_approved_revision_is_shown_and_can_be_undone(self, demo, client):
        record, _ = statistics_import(data=one_row(2), filename="x.csv", actor=demo["stuttgart"])
        statistics_import_approve(actor=demo["programme"], statistics_import=record)
        record.refresh_from_db()
        assert (record.state, record.new_count, record.revised_count) == ("applied", 0, 3)
        assert foreigners() == 2
        revision = ObservationRevision.objects.get(
            statistics_import=record, value=2, region_key=RHEIN_ERFT
        )
        assert revision.previous_value == 91165
        assert revision.previous_import.table_code == "12521-0041"
        client.force_login(demo["coordinator"])
        page = client.get("/municipalities/05362032/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "(was 91,165)" in page
        detail_url = reverse("statistics:detail", args=[record.pk])
        detail = client.get(detail_url, HTTP_ACCEPT_LANGUAGE="en")
        assert "91,165" in detail.content.decode()
        # Kerpen's coordinator did not bring the values: only the importer or a programme manager
        # takes them back.
        with pytest.raises(PermissionDenied):
            statistics_import_undo(actor=demo["coordinator"], statistics_import=record)
        statistics_import_undo(actor=demo["programme"], statistics_import=record)
        assert foreigners() == 91165
        assert not ObservationRevision.objects.filter(statistics_import=record).exists()
        event = AuditEvent.objects.get(action="statistics.import_undo")
        assert event.after["restored"] == 3 and event.after["removed"] == 0

    @pytest.mark.shared_data
    def test_reimporting_the_original_file_restores_the_original_values(self, demo):
        falsified, _ = statistics_import(data=one_row(2), filename="x.csv", actor=SYSTEM)
        assert foreigners() == 2
        record, created = statistics_import(
            data=AZR.read_bytes(), filename=AZR.name, actor=demo["coordinator"]
        )
        # Only the Rhein-Erft-Kreis's values differ, and it is Kerpen's district: applied directly.
        assert created and record.state == StatisticsImport.State.APPLIED
        assert (record.new_count, record.revised_count) == (0, 3)
        assert foreigners() == 91165
        # Now every value of the file is current: the same file again is a no-op.
        again, created = statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
        assert not created and again.state == StatisticsImport.State.APPLIED
        assert falsified.pk != record.pk

    @pytest.mark.shared_data
    def test_identical_values_are_no_change_outside_the_scope(self, demo):
        record, created = statistics_import(
            data=one_row(91165, male=48230), filename="same.csv", actor=demo["stuttgart"]
        )
        assert created and record.state == StatisticsImport.State.APPLIED
        assert (record.new_count, record.revised_count) == (0, 0)
        # The values keep the file they came from.
        assert not Observation.objects.filter(statistics_import=record).exists()

    @pytest.mark.shared_data
    def test_a_coordinator_without_a_programme_is_refused_with_a_clear_message(self, demo):
        bonn = Municipality.objects.get(ags="05314000")
        lonely = MembershipFactory(municipality=bonn, role=Role.COORDINATOR).user
        with translation.override("en"), pytest.raises(ValidationError) as error:
            statistics_import(data=one_row(2), filename="x.csv", actor=lonely)
        assert "ask a programme manager" in " ".join(error.value.messages)
        assert RHEIN_ERFT in " ".join(error.value.messages)
        assert not StatisticsImport.objects.filter(imported_by=lonely).exists()
        assert foreigners() == 91165

    @pytest.mark.shared_data
    def test_a_manager_of_another_programme_cannot_decide(self, demo):
        record, _ = statistics_import(data=one_row(2), filename="x.csv", actor=demo["stuttgart"])
        stranger = UserFactory()
        ProgrammeFactory(managers=[stranger])
        with pytest.raises(PermissionDenied):
            statistics_import_approve(actor=stranger, statistics_import=record)
        with pytest.raises(PermissionDenied):
            statistics_import_refuse(actor=stranger, statistics_import=record)
        assert foreigners() == 91165


@pytest.mark.shared_data
def test_undo_in_a_chain_keeps_later_values_and_splices_their_history(registry):
    original, _ = statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
    second, _ = statistics_import(data=one_row(2), filename="two.csv", actor=SYSTEM)
    third, _ = statistics_import(data=one_row(3), filename="three.csv", actor=SYSTEM)
    assert foreigners() == 3
    statistics_import_undo(actor=SYSTEM, statistics_import=second)
    assert foreigners() == 3  # the later import's value stays
    revision = ObservationRevision.objects.get(statistics_import=third, value=3)
    assert revision.previous_value == 91165 and revision.previous_import_id == original.pk
    statistics_import_undo(actor=SYSTEM, statistics_import=third)
    assert foreigners() == 91165
    # The original's new values: undoing it leaves nothing of the table.
    statistics_import_undo(actor=SYSTEM, statistics_import=original)
    assert not Observation.objects.exists()
    with pytest.raises(ValidationError):
        statistics_import_undo(actor=SYSTEM, statistics_import=original)


@pytest.mark.shared_data
def test_undoing_an_import_whose_values_were_revised_later(registry):
    original, _ = statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
    later, _ = statistics_import(data=one_row(2), filename="two.csv", actor=SYSTEM)
    statistics_import_undo(actor=SYSTEM, statistics_import=original)
    # The later value stays; it now counts as added by the later import, which takes it back.
    assert Observation.objects.filter(statistics_import=later).count() == 3
    assert not ObservationRevision.objects.exists()
    statistics_import_undo(actor=SYSTEM, statistics_import=later)
    assert not Observation.objects.exists()


@pytest.mark.shared_data
def test_the_system_undoes_without_a_name_and_a_missing_actor_is_refused(registry):
    record, _ = statistics_import(data=AZR.read_bytes(), filename=AZR.name, actor=SYSTEM)
    with pytest.raises(AttributeError):
        statistics_import_undo(actor=None, statistics_import=record)
    record.refresh_from_db()
    assert record.state == StatisticsImport.State.APPLIED and foreigners() == 91165
    statistics_import_undo(actor=SYSTEM, statistics_import=record)
    record.refresh_from_db()
    assert record.state == StatisticsImport.State.UNDONE and record.decided_by is None
    event = AuditEvent.objects.get(action="statistics.import_undo")
    assert (event.actor, event.actor_label) == (None, "")
