import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cohesion.monitoring import services
from cohesion.monitoring.models import Notification, ProgressReport
from cohesion.strategies.models import Measure, Milestone, StrategyChange

pytestmark = pytest.mark.usefixtures("english")


def _measure(pk):
    return Measure.objects.select_related(
        "goal__field_of_action__strategy__process__municipality"
    ).get(pk=pk)


def test_a_report_is_kept_and_updates_the_measure_in_the_name_of_the_person(world, kerpen):
    measure = _measure(kerpen["measures"][0].pk)
    # The strategy phase is done: the working group keeps up the measures in monitoring.
    assert not world.working_group_member.has_perm("strategies.change_strategy", measure)
    report = services.measure_report(
        actor=world.working_group_member,
        measure=measure,
        status="delayed",
        progress_value=40,
        note="Raum fehlt",
    )
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("delayed", 40)
    assert (report.status, report.progress, report.note) == ("delayed", 40, "Raum fehlt")
    assert report.reported_by == world.working_group_member
    change = StrategyChange.objects.filter(kind="measure", field="status").first()
    assert change.actor == world.working_group_member
    assert (change.before, change.after) == ("running", "delayed")


def test_a_status_with_a_default_progress_sets_it(world, kerpen):
    measure = _measure(kerpen["measures"][0].pk)
    services.measure_report(actor=world.coordinator, measure=measure, status="completed")
    measure.refresh_from_db()
    assert measure.progress == 100


@pytest.mark.parametrize("progress", [-1, 101, "viel", "5.5"])
def test_a_progress_outside_0_to_100_writes_nothing(world, kerpen, progress):
    measure = _measure(kerpen["measures"][0].pk)
    with pytest.raises(ValidationError):
        services.measure_report(
            actor=world.coordinator, measure=measure, status="running", progress_value=progress
        )
    assert not ProgressReport.objects.exists()
    measure.refresh_from_db()
    assert measure.progress == 50


def test_a_report_in_the_future_or_with_an_unknown_status_is_refused(world, kerpen):
    measure = _measure(kerpen["measures"][0].pk)
    with pytest.raises(ValidationError):
        services.measure_report(
            actor=world.coordinator,
            measure=measure,
            status="running",
            reported_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.measure_report(actor=world.coordinator, measure=measure, status="lost")
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("role", ["moderator", "other_coordinator", "outsider"])
def test_who_does_not_edit_monitoring_may_not_report(world, kerpen, role):
    measure = _measure(kerpen["measures"][0].pk)
    with pytest.raises(PermissionDenied):
        services.measure_report(actor=world.by_role(role), measure=measure, status="completed")
    assert not ProgressReport.objects.exists()


def test_a_failing_strategy_update_leaves_no_report(world, kerpen):
    measure = _measure(kerpen["measures"][0].pk)
    with pytest.raises(ValidationError):
        services.measure_report(
            actor=world.coordinator,
            measure=measure,
            status="running",
            end=measure.start - datetime.timedelta(days=1),
        )
    assert not ProgressReport.objects.exists()


def test_a_milestone_is_marked_done(world, kerpen):
    milestone = Milestone.objects.get(pk=kerpen["milestone"].pk)
    today = datetime.date.today()
    services.milestone_done(actor=world.working_group_member, milestone=milestone, done_on=today)
    milestone.refresh_from_db()
    assert milestone.done_on == today
    with pytest.raises(ValidationError):
        services.milestone_done(
            actor=world.coordinator,
            milestone=milestone,
            done_on=today + datetime.timedelta(days=2),
        )
    with pytest.raises(PermissionDenied):
        services.milestone_done(actor=world.moderator, milestone=milestone, done_on=today)


# --- notices ---


def test_notices_go_out_once_per_thing_and_person(world, kerpen, monkeypatch):
    from django.utils import translation

    from cohesion.monitoring import notices

    # The subject names the language the mail is written in: the person's own.
    monkeypatch.setattr(
        notices, "notice_subject", lambda kind, params: f"{translation.get_language()} {kind}"
    )
    world.working_group_member.email = ""
    world.working_group_member.save()
    world.coordinator.email = "coordinator@kerpen.example"
    world.coordinator.language = "de"
    world.coordinator.save()
    count = services.notices_send()
    # The milestone due in three days, to the coordinator and the working group member.
    assert count == 2
    notices = Notification.objects.filter(user=world.coordinator)
    assert [n.kind for n in notices] == ["milestone_due"]
    assert len(mail.outbox) == 1  # the member has no address
    assert "Kursplan fertig" in mail.outbox[0].body
    assert mail.outbox[0].subject == "de milestone_due"
    assert mail.outbox[0].to == ["coordinator@kerpen.example"]
    assert services.notices_send() == 0
    assert len(mail.outbox) == 1


def test_a_measure_turning_red_is_announced(world, kerpen):
    measure = _measure(kerpen["measures"][1].pk)
    services.measure_report(
        actor=world.coordinator, measure=measure, status="running", progress_value=5
    )
    services.notices_send()
    red = Notification.objects.filter(user=world.working_group_member, kind="measure_red")
    assert red.count() == 1
    from cohesion.monitoring.notices import notice_text

    assert "more than 25 points behind" in notice_text(red[0].kind, red[0].params)


def test_other_sources_plug_in(world, kerpen):
    from cohesion.monitoring import notices

    def assignments(*, today):
        return [
            notices.Due(
                key="assignment:1",
                user=world.outsider,
                kind="milestone_due",
                params={"milestone": "A", "measure": "B", "due": "2026-01-01"},
            )
        ]

    notices.due_source_register(assignments)
    try:
        services.notices_send()
    finally:
        notices._SOURCES.remove(assignments)
    assert Notification.objects.filter(user=world.outsider, key="assignment:1").exists()


def test_a_strategy_not_in_monitoring_sends_nothing(world, stuttgart):
    assert services.notices_send() == 0


def test_a_notification_is_read_only_by_its_person(world, kerpen):
    services.notices_send()
    notice = Notification.objects.get(user=world.coordinator)
    with pytest.raises(PermissionDenied):
        services.notification_read(actor=world.working_group_member, notification=notice)
    services.notification_read(actor=world.coordinator, notification=notice)
    notice.refresh_from_db()
    assert notice.read_at is not None
