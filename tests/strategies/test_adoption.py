"""Adoption: the council decision (date, reference, a PDF checked by its magic bytes and
bounded in size) keeps the adopted version; a change of the content afterwards starts an
amendment and never touches that version, monitoring data changes without one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.strategies import selectors, services
from cohesion.strategies.models import CouncilDecision, Strategy, StrategyVersion

pytestmark = pytest.mark.usefixtures("english")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DAY = datetime.date(2026, 11, 5)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def measure(world, strategy):
    goal = services.goal_create(
        actor=world.coordinator,
        field_of_action=strategy.fields_of_action.order_by("order")[0],
        title={"de": "Mehr Sprachkurse"},
    )
    return services.measure_create(actor=world.coordinator, goal=goal, title={"de": "Abendkurse"})


def _adopt(world, strategy, **fields):
    return services.strategy_adopt(
        actor=world.coordinator,
        strategy=strategy,
        decided_on=fields.pop("decided_on", DAY),
        reference=fields.pop("reference", "Rat 2026/117"),
        **fields,
    )


def test_adoption_keeps_the_version_and_a_content_change_starts_an_amendment(
    world, strategy, measure, media
):
    decision = _adopt(
        world, strategy, document=SimpleUploadedFile("Beschluss.pdf", PDF, "application/pdf")
    )
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.ADOPTED
    version = decision.version
    assert (version.kind, version.number) == (StrategyVersion.Kind.ADOPTED, 1)
    assert decision.document.name.startswith("council-decisions/")
    assert decision.document.read(5) == b"%PDF-"
    adopted_snapshot = version.snapshot
    assert AuditEvent.objects.filter(action="strategies.strategy_adopt").count() == 1

    # Monitoring data: no amendment.
    services.measure_update(actor=world.coordinator, measure=measure, status="running", progress=40)
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.ADOPTED

    # Content: an amendment, the adopted version untouched.
    services.measure_update(
        actor=world.coordinator, measure=measure, title={"de": "Kurse am Abend"}
    )
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.DRAFT
    assert AuditEvent.objects.filter(action="strategies.amendment_start").count() == 1
    version.refresh_from_db()
    assert version.snapshot == adopted_snapshot
    assert version.snapshot["fields"][0]["goals"][0]["measures"][0]["title"] == {"de": "Abendkurse"}
    # The public page still shows the adopted version.
    assert selectors.strategy_public(ags=world.kerpen.ags).version == version
    # Adopting the amendment makes version 2 the public one.
    second = _adopt(world, strategy, reference="Rat 2027/3")
    assert second.version.number == 2
    assert selectors.strategy_public(ags=world.kerpen.ags) == second


def test_the_monitoring_editors_report_progress_without_editing_content(world, strategy, measure):
    from cohesion.processes.models import Process

    Process.objects.filter(pk=world.kerpen_process.pk).update(current_phase_slug="monitoring")
    member = type(world.working_group_member).objects.get(pk=world.working_group_member.pk)
    measure = type(measure).objects.get(pk=measure.pk)
    services.measure_update(actor=member, measure=measure, status="delayed", progress=10)
    with pytest.raises(PermissionDenied):
        services.measure_update(actor=member, measure=measure, title={"de": "anders"})
    with pytest.raises(PermissionDenied):
        services.measure_update(actor=world.moderator, measure=measure, progress=20)


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"MZ\x90\x00 not a pdf", "Beschluss.pdf"), (b"<html>%PDF-</html>", "x.pdf")],
)
def test_a_file_that_is_not_a_pdf_is_refused(client, world, strategy, media, content, name):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("strategies:adopt", args=[strategy.pk]),
        {
            "decided_on": "2026-11-05",
            "reference": "Rat 2026/117",
            "document": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert b"not a PDF" in response.content
    assert not CouncilDecision.objects.exists() and not StrategyVersion.objects.exists()
    assert not list(media.rglob("*.pdf"))
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.DRAFT


def test_a_document_too_large_and_a_date_in_the_future_are_refused(
    world, strategy, media, settings
):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (21 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError) as error:
        _adopt(world, strategy, document=big)
    assert "larger than" in str(error.value)
    with pytest.raises(ValidationError):
        _adopt(world, strategy, decided_on=datetime.date.today() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError):
        _adopt(world, strategy, reference="   ")
    assert not CouncilDecision.objects.exists() and not StrategyVersion.objects.exists()


def test_only_the_coordinator_and_managers_adopt(client, world, strategy):
    url = reverse("strategies:adopt", args=[strategy.pk])
    data = {"decided_on": "2026-11-05", "reference": "Rat 2026/117"}
    for user, status in [
        (world.working_group_member, 403),
        (world.moderator, 403),
        (world.other_coordinator, 404),
    ]:
        client.force_login(user)
        assert client.post(url, data).status_code == status
    assert not CouncilDecision.objects.exists()
    client.force_login(world.manager)
    assert client.post(url, data).status_code == 302
    assert CouncilDecision.objects.get().reference == "Rat 2026/117"
    # Adopting the adopted strategy again: refused, nothing new.
    with pytest.raises(ValidationError):
        _adopt(world, strategy)
    assert StrategyVersion.objects.count() == 1


def test_adoption_closes_the_open_consultation(world, strategy):
    consultation = services.consultation_open(actor=world.coordinator, strategy=strategy)
    _adopt(world, strategy)
    consultation.refresh_from_db()
    assert not consultation.is_open
    assert selectors.consultation_public(ags=world.kerpen.ags) is None


def test_the_strategy_phase_shows_the_consultation_and_later_the_public_page(
    client, world, strategy
):
    client.force_login(world.working_group_member)
    url = reverse("processes:phase", args=[world.kerpen_process.pk, "strategy"])
    page = client.get(url).content.decode()
    assert reverse("strategies:consultation", args=[strategy.pk]) in page
    assert f"/strategy/{world.kerpen.ags}/" not in page
    _adopt(world, strategy)
    page = client.get(url).content.decode()
    assert f"/strategy/{world.kerpen.ags}/" in page


def test_a_process_with_an_adopted_strategy_can_be_deleted(world, strategy):
    services.consultation_open(actor=world.coordinator, strategy=strategy)
    _adopt(world, strategy)
    world.kerpen_process.delete()
    assert not StrategyVersion.objects.exists() and not CouncilDecision.objects.exists()


def test_the_strategy_page_says_when_an_amendment_is_in_progress(client, world, strategy, measure):
    client.force_login(world.moderator)
    url = reverse("strategies:strategy", args=[world.kerpen_process.pk])
    _adopt(world, strategy)
    assert b"starts an amendment" in client.get(url).content
    services.measure_update(actor=world.coordinator, measure=measure, lead="VHS Kerpen")
    page = client.get(url).content
    assert b"An amendment of the adopted strategy" in page
    assert f"/strategy/{world.kerpen.ags}/".encode() in page


@pytest.mark.parametrize(
    "change",
    [
        lambda w, s, m: services.strategy_update(
            actor=w.coordinator, strategy=s, title={"de": "Neu"}
        ),
        lambda w, s, m: services.goal_delete(actor=w.coordinator, goal=m.goal),
        lambda w, s, m: services.field_of_action_move(
            actor=w.coordinator, field_of_action=s.fields_of_action.first(), direction="down"
        ),
        lambda w, s, m: services.milestone_create(
            actor=w.coordinator, measure=m, due=DAY, title={"de": "Start"}
        ),
        lambda w, s, m: services.measure_update(actor=w.coordinator, measure=m, weight=3),
    ],
    ids=["title", "goal removed", "field moved", "milestone added", "weight"],
)
def test_content_changes_start_an_amendment(world, strategy, measure, change):
    _adopt(world, strategy)
    adopted = StrategyVersion.objects.get().snapshot
    change(world, strategy, measure)
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.DRAFT
    assert AuditEvent.objects.filter(action="strategies.amendment_start").count() == 1
    assert StrategyVersion.objects.get().snapshot == adopted


def test_monitoring_alone_keeps_the_strategy_adopted(world, strategy, measure):
    milestone = services.milestone_create(
        actor=world.coordinator, measure=measure, due=DAY, title={"de": "Start"}
    )
    indicator = services.indicator_create(
        actor=world.coordinator, goal=measure.goal, name={"de": "Kurse"}
    )
    _adopt(world, strategy)
    services.milestone_update(actor=world.coordinator, milestone=milestone, done_on=DAY)
    services.indicator_actual_add(
        actor=world.coordinator, indicator=indicator, period="2027", value="12"
    )
    services.measure_update(
        actor=world.coordinator, measure=measure, status="completed", progress=100
    )
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.ADOPTED
    assert not AuditEvent.objects.filter(action="strategies.amendment_start").exists()


def test_the_decisions_pdf_leaves_the_disk_with_its_strategy(
    world, strategy, media, django_capture_on_commit_callbacks
):
    decision = _adopt(
        world, strategy, document=SimpleUploadedFile("Beschluss.pdf", PDF, "application/pdf")
    )
    path = media / decision.document.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Strategy.objects.filter(pk=strategy.pk).delete()  # by cascade: no service runs
    assert path.exists()  # not before the deletion is committed
    for callback in callbacks:
        callback()
    assert not path.exists() and not CouncilDecision.objects.exists()


def _in_strategy_phase(process):
    process.current_phase_slug = "strategy"
    process.save(update_fields=["current_phase_slug"])
    return process


def test_the_process_leaves_the_strategy_phase_only_once_the_council_adopted(
    world, strategy, media
):
    from cohesion.processes.services import process_advance

    process = _in_strategy_phase(world.kerpen_process)
    with pytest.raises(ValidationError) as refused:
        process_advance(process=process, actor=world.manager, expected_phase_slug="strategy")
    assert "not adopted yet" in str(refused.value)
    process.refresh_from_db()
    assert process.current_phase_slug == "strategy"

    _adopt(world, strategy)
    process = process_advance(process=process, actor=world.manager, expected_phase_slug="strategy")
    assert process.current_phase_slug == "monitoring"


def test_a_town_without_a_strategy_here_moves_on(world):
    from cohesion.processes.services import process_advance

    process = _in_strategy_phase(world.kerpen_process)
    process = process_advance(process=process, actor=world.manager, expected_phase_slug="strategy")
    assert process.current_phase_slug == "monitoring"
