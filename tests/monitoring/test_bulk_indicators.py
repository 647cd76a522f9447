"""The bulk update of indicators through the services and the pages: all rows or nothing,
the valid ones on the explicit choice, the permissions (a target is the strategy's content),
the amendment of an adopted strategy, the audit trail and the indicator sheet."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cohesion.audit.models import AuditEvent
from cohesion.monitoring import services
from cohesion.monitoring.models import BulkUpload
from cohesion.strategies import bulk
from cohesion.strategies.models import GoalIndicator, IndicatorActual, Strategy, StrategyChange
from cohesion.strategies.services import indicator_create

pytestmark = pytest.mark.usefixtures("english")


def _csv(rows) -> bytes:
    return ("\n".join(";".join(row) for row in rows) + "\n").encode("utf-8")


def _strategy(built):
    return Strategy.objects.select_related("process__municipality").get(pk=built["strategy"].pk)


def _second_indicator(kerpen):
    from cohesion.core.actors import SYSTEM

    return indicator_create(
        actor=SYSTEM, goal=kerpen["goal"], name={"de": "Teilnehmende"}, unit="Personen"
    )


def _store(actor, built, rows, name="indicators.csv"):
    return services.bulk_upload_store(
        actor=actor, strategy=_strategy(built), filename=name, data=_csv(rows)
    )


def _indicator(pk) -> GoalIndicator:
    return GoalIndicator.objects.get(pk=pk)


# --- services ---


def test_targets_and_actual_values_are_applied_through_the_services(world, kerpen):
    first = kerpen["indicator"]
    second = _second_indicator(kerpen)
    upload = _store(
        world.coordinator,
        kerpen,
        [
            ["AGS", "Indikator-ID", "Zielwert", "Zieljahr", "Istwert", "Zeitraum", "Quelle"],
            [world.kerpen.ags, str(first.pk), "25", "2032", "14,5", "2025", "VHS"],
            [world.kerpen.ags, str(second.pk), "", "", "120", "2025-06", ""],
        ],
    )
    plan, known = services.bulk_upload_plan(upload=upload, language="de", actor=world.coordinator)
    assert plan.kind == "indicators" and plan.all_valid
    assert set(known) == {first.pk, second.pk}
    assert services.bulk_apply(actor=world.coordinator, upload=upload) == 2
    first = _indicator(first.pk)
    assert (first.target, first.target_year) == (Decimal("25"), 2032)
    actual = first.actuals.get()
    assert (actual.period, actual.value, actual.source) == ("2025", Decimal("14.5"), "VHS")
    assert actual.entered_by == world.coordinator
    assert _indicator(second.pk).actuals.get().period == "2025-06"
    # The strategy's history and the audit trail name who did it.
    changes = StrategyChange.objects.filter(kind="indicator", object_id=first.pk).exclude(field="")
    assert {change.field for change in changes} == {"target", "target_year"}
    assert {change.actor for change in changes} == {world.coordinator}
    assert StrategyChange.objects.filter(kind="actual").count() == 2
    event = AuditEvent.objects.get(action="monitoring.bulk_apply_indicators")
    assert event.after == {"file": "indicators.csv", "rows": 2, "applied": 2, "left_out": 0}
    assert not BulkUpload.objects.exists()


def test_nothing_is_half_written_when_one_row_is_bad(world, kerpen):
    first = kerpen["indicator"]
    second = _second_indicator(kerpen)
    upload = _store(
        world.coordinator,
        kerpen,
        [
            ["indicator", "target", "actual", "period"],
            [str(first.pk), "30", "15", "2025"],
            [str(second.pk), "viele", "", ""],
        ],
    )
    with pytest.raises(ValidationError):
        services.bulk_apply(actor=world.coordinator, upload=upload)
    assert _indicator(first.pk).target == Decimal("20")
    assert not IndicatorActual.objects.exists()
    assert (
        not StrategyChange.objects.filter(kind__in=["indicator", "actual"])
        .exclude(field="")
        .exists()
    )
    assert not AuditEvent.objects.filter(action="monitoring.bulk_apply_indicators").exists()
    assert BulkUpload.objects.filter(pk=upload.pk).exists()

    # The valid rows on the explicit choice.
    assert services.bulk_apply(actor=world.coordinator, upload=upload, valid_only=True) == 1
    assert _indicator(first.pk).target == Decimal("30")
    assert IndicatorActual.objects.get().value == Decimal("15")
    assert _indicator(second.pk).target is None
    event = AuditEvent.objects.get(action="monitoring.bulk_apply_indicators")
    assert (event.after["applied"], event.after["left_out"]) == (1, 1)


def test_a_failing_service_rolls_back_the_rows_before_it(world, kerpen, monkeypatch):
    first = kerpen["indicator"]
    second = _second_indicator(kerpen)
    upload = _store(
        world.coordinator,
        kerpen,
        [
            ["indicator", "target", "actual", "period"],
            [str(first.pk), "30", "15", "2025"],
            [str(second.pk), "40", "", ""],
        ],
    )
    from cohesion.strategies import services as strategy_services

    original = strategy_services.indicator_update

    def failing(*, actor, indicator, **fields):
        if indicator.pk == second.pk:
            raise ValidationError("refused")
        return original(actor=actor, indicator=indicator, **fields)

    monkeypatch.setattr(strategy_services, "indicator_update", failing)
    with pytest.raises(ValidationError):
        services.bulk_apply(actor=world.coordinator, upload=upload)
    assert _indicator(first.pk).target == Decimal("20")
    assert not IndicatorActual.objects.exists()


def test_the_monitoring_editors_enter_actual_values_but_not_targets(world, kerpen):
    # The strategy phase is done: the working group keeps up monitoring data only.
    member = world.working_group_member
    assert not member.has_perm("strategies.change_strategy", kerpen["strategy"])
    first = kerpen["indicator"]
    second = _second_indicator(kerpen)
    upload = _store(
        member,
        kerpen,
        [
            ["indicator", "target", "actual", "period"],
            [str(first.pk), "30", "", ""],
            [str(second.pk), "", "7", "2025"],
        ],
    )
    plan, _known = services.bulk_upload_plan(upload=upload, language="de", actor=member)
    assert [problem.code for problem in plan.problems] == ["target_not_allowed"]
    with pytest.raises(ValidationError):
        services.bulk_apply(actor=member, upload=upload)
    assert services.bulk_apply(actor=member, upload=upload, valid_only=True) == 1
    assert _indicator(first.pk).target == Decimal("20")
    assert _indicator(second.pk).actuals.get().entered_by == member


@pytest.mark.parametrize("role", ["moderator", "other_coordinator", "outsider"])
def test_who_may_not_report_may_neither_upload_nor_apply(world, kerpen, role):
    rows = [["indicator", "target"], [str(kerpen["indicator"].pk), "30"]]
    with pytest.raises(PermissionDenied):
        _store(world.by_role(role), kerpen, rows)
    upload = _store(world.coordinator, kerpen, rows)
    with pytest.raises(PermissionDenied):
        services.bulk_apply(actor=world.by_role(role), upload=upload, valid_only=True)
    assert _indicator(kerpen["indicator"].pk).target == Decimal("20")


def test_an_adopted_strategy_keeps_actual_values_but_a_target_starts_an_amendment(world, kerpen):
    strategy = kerpen["strategy"]
    Strategy.objects.filter(pk=strategy.pk).update(state=Strategy.State.ADOPTED)
    indicator = kerpen["indicator"]
    upload = _store(
        world.coordinator,
        kerpen,
        [["indicator", "actual", "period"], [str(indicator.pk), "3", "2025"]],
    )
    services.bulk_apply(actor=world.coordinator, upload=upload)
    assert Strategy.objects.get(pk=strategy.pk).state == Strategy.State.ADOPTED
    upload = _store(world.coordinator, kerpen, [["indicator", "target"], [str(indicator.pk), "22"]])
    services.bulk_apply(actor=world.coordinator, upload=upload)
    assert Strategy.objects.get(pk=strategy.pk).state == Strategy.State.DRAFT
    assert AuditEvent.objects.filter(action="strategies.amendment_start").count() == 1


def test_another_strategys_indicator_and_another_municipality(world, kerpen, stuttgart):
    upload = _store(
        world.coordinator,
        kerpen,
        [["indicator", "target"], [str(stuttgart["indicator"].pk), "99"]],
    )
    plan, _known = services.bulk_upload_plan(upload=upload, language="de")
    assert [problem.code for problem in plan.problems] == ["unknown_indicator"]
    with pytest.raises(ValidationError):
        services.bulk_apply(actor=world.coordinator, upload=upload)
    assert services.bulk_apply(actor=world.coordinator, upload=upload, valid_only=True) == 0
    assert _indicator(stuttgart["indicator"].pk).target == Decimal("20")

    upload = _store(
        world.coordinator,
        kerpen,
        [["AGS", "indicator", "target"], [world.stuttgart.ags, str(kerpen["indicator"].pk), "9"]],
    )
    with pytest.raises(ValidationError):
        services.bulk_apply(actor=world.coordinator, upload=upload, valid_only=True)
    assert _indicator(kerpen["indicator"].pk).target == Decimal("20")


def test_a_file_with_both_id_columns_is_refused_at_the_upload(world, kerpen):
    with pytest.raises(bulk.BulkFileError) as error:
        _store(world.coordinator, kerpen, [["id", "indicator"], ["1", "2"]])
    assert error.value.code == "two_id_columns"
    assert not BulkUpload.objects.exists()


# --- pages ---


def _upload(client, strategy, data: bytes, name="indicators.csv"):
    return client.post(
        reverse("monitoring:bulk_upload", args=[strategy.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode())))


def test_upload_preview_and_apply_of_indicators(client, world, kerpen):
    client.force_login(world.coordinator)
    first = kerpen["indicator"]
    second = _second_indicator(kerpen)
    data = _csv(
        [
            ["Indikator-ID", "Zielwert", "Istwert", "Zeitraum", "Quelle"],
            [str(first.pk), "1.234,5", "14,5", "2025", "VHS"],
            [str(second.pk), "viele", "", "", ""],
            ["999999", "5", "", "", ""],
        ]
    )
    response = _upload(client, kerpen["strategy"], data)
    assert response.status_code == 302
    url = response["Location"]
    page = _text(client.get(url))
    assert "1 rows change an indicator, 0 change nothing, 2 have problems." in page
    assert "target: 20 → 1,234.5" in page or "target: 20 → 1234.5" in page
    assert "actual value for 2025: – → 14.5" in page
    assert "Source: VHS" in page
    assert "“viele” is not a number" in page
    assert "This strategy has no indicator number 999999." in page
    assert "Apply the 1 valid row" in page
    assert "starts an amendment" not in page  # the strategy is not adopted
    assert client.post(url).status_code == 400  # all or nothing
    assert _indicator(first.pk).target == Decimal("20")
    assert not IndicatorActual.objects.exists()
    response = client.post(url, {"valid_only": "on"})
    assert response.status_code == 302
    assert response["Location"].endswith("#indicators-heading")
    assert _indicator(first.pk).target == Decimal("1234.5")
    assert IndicatorActual.objects.get().value == Decimal("14.5")
    assert "1 indicators are updated." in _text(client.get(response["Location"]))


def test_the_preview_says_when_a_target_starts_an_amendment(client, world, kerpen):
    Strategy.objects.filter(pk=kerpen["strategy"].pk).update(state=Strategy.State.ADOPTED)
    client.force_login(world.coordinator)
    indicator = kerpen["indicator"]
    url = _upload(
        client, kerpen["strategy"], _csv([["indicator", "target"], [str(indicator.pk), "30"]])
    )["Location"]
    assert "applying starts an amendment" in _text(client.get(url))
    url = _upload(
        client,
        kerpen["strategy"],
        _csv([["indicator", "actual", "period"], [str(indicator.pk), "3", "2025"]]),
    )["Location"]
    assert "starts an amendment" not in _text(client.get(url))


def test_a_monitoring_editor_sees_why_a_target_is_not_theirs(client, world, kerpen):
    client.force_login(world.working_group_member)
    indicator = kerpen["indicator"]
    url = _upload(
        client, kerpen["strategy"], _csv([["indicator", "target"], [str(indicator.pk), "30"]])
    )["Location"]
    page = _text(client.get(url))
    assert "Only the strategy's editors may change a target" in page
    assert client.post(url).status_code == 400
    assert client.post(url, {"valid_only": "on"}).status_code == 302  # no valid row: nothing
    assert _indicator(indicator.pk).target == Decimal("20")


def test_a_file_with_both_id_columns_is_a_form_error(client, world, kerpen):
    client.force_login(world.coordinator)
    response = _upload(
        client, kerpen["strategy"], _csv([["ID", "Indikator", "Fortschritt"], ["1", "2", "3"]])
    )
    assert response.status_code == 400
    assert "either measures or indicators" in _text(response)


def test_the_indicator_sheet_downloads_and_uploads_back_unchanged(client, world, kerpen):
    client.force_login(world.coordinator)
    strategy = kerpen["strategy"]
    indicator = GoalIndicator.objects.get(pk=kerpen["indicator"].pk)
    indicator.name = {"de": "=HYPERLINK(1)"}
    indicator.save()
    IndicatorActual.objects.create(indicator=indicator, period="2024", value=Decimal("12.5"))
    url = reverse("monitoring:bulk_template", args=[strategy.pk, "csv"])
    csv = client.get(url, {"sheet": "indicators"})
    assert csv["Content-Type"].startswith("text/csv")
    assert f'filename="indicators-{strategy.pk}.csv"' in csv["Content-Disposition"]
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("municipality,indicator,goal,name,unit,baseline")
    assert "'=HYPERLINK(1)" in text
    assert "Mehr Sprachkurse" in text and "12.5 (2024)" in text
    xlsx = client.get(
        reverse("monitoring:bulk_template", args=[strategy.pk, "xlsx"]), {"sheet": "indicators"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(1)" in values and str(indicator.pk) in values
    response = _upload(client, strategy, xlsx.content, name="indicators.xlsx")
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "0 rows change an indicator, 1 change nothing, 0 have problems." in page
    # The measure sheet stays the default.
    measures = client.get(url).content.decode("utf-8-sig")
    assert measures.splitlines()[0].startswith("municipality,id,title,status")


def test_the_upload_page_offers_the_indicator_sheet(client, world, kerpen):
    client.force_login(world.working_group_member)
    page = client.get(reverse("monitoring:bulk_upload", args=[kerpen["strategy"].pk]))
    assert "Download the indicator sheet (XLSX)" in page.content.decode()
    assert "?sheet=indicators" in page.content.decode()


def test_readers_get_403_and_anonymous_the_log_in(client, world, kerpen, stuttgart):
    strategy = kerpen["strategy"]
    template = reverse("monitoring:bulk_template", args=[strategy.pk, "csv"]) + "?sheet=indicators"
    upload = reverse("monitoring:bulk_upload", args=[strategy.pk])
    response = client.get(template)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.moderator)
    assert client.get(template).status_code == 403
    data = _csv([["indicator", "target"], [str(kerpen["indicator"].pk), "30"]])
    assert _upload(client, strategy, data).status_code == 403
    client.force_login(world.coordinator)
    other = reverse("monitoring:bulk_template", args=[stuttgart["strategy"].pk, "csv"])
    assert client.get(other, {"sheet": "indicators"}).status_code == 404
    stored = _upload(client, strategy, data)["Location"]
    client.logout()
    assert client.post(stored, {"valid_only": "on"}).status_code == 302  # to the log-in
    client.force_login(world.moderator)
    assert client.post(stored, {"valid_only": "on"}).status_code == 403
    assert client.get(upload).status_code == 403
    assert _indicator(kerpen["indicator"].pk).target == Decimal("20")


def test_the_dashboard_links_the_indicator_sheet_for_who_may_report(client, world, kerpen):
    dashboard = reverse("monitoring:dashboard", args=[world.kerpen_process.pk])
    link = reverse("monitoring:bulk_upload", args=[kerpen["strategy"].pk]) + "#indicators-sheet"
    client.force_login(world.working_group_member)
    assert link in client.get(dashboard).content.decode()
    client.force_login(world.moderator)
    assert link not in client.get(dashboard).content.decode()
