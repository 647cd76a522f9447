"""Kerpen's monitoring as the demo shows it: the invented rounds of
``strategies.demo.monitoring_rounds`` dated on or before the day the demo is loaded, reported
into the adopted strategy as the people responsible would, through this app's services: per
round a progress report of every measure (dated that day, its note in German, the working
language) and the actual values of the town's own indicators; then the milestones done by that
day. Before the first round, a measure whose start has come is running with no progress."""

import datetime

from django.utils import timezone

from cohesion.monitoring import services
from cohesion.strategies.demo import DemoStrategy, monitoring_on
from cohesion.strategies.services import measure_update


def kerpen_monitoring(*, made: DemoStrategy, actor, today: datetime.date | None = None) -> int:
    """Report the demo's monitoring as it stands on ``today`` (default: the local date) into
    ``made`` (what ``kerpen_strategy`` returned); returns the number of progress reports."""
    state = monitoring_on(today or timezone.localdate())
    reports = 0
    for one in state.rounds:
        for report in one.measures:
            measure = made.measures.get(report.key)
            if measure is None:
                continue
            services.measure_report(
                actor=actor,
                measure=measure,
                status=report.status,
                progress_value=report.progress,
                reported_on=report.on,
                note=report.note["de"],
            )
            reports += 1
        for value in one.actuals:
            services.actual_add(
                actor=actor,
                indicator=made.indicators[value.key],
                period=value.period,
                value=value.value,
                source=value.source,
            )
    if not state.rounds:
        for key, (status, progress) in state.measures.items():
            measure = made.measures.get(key)
            if measure is not None and (measure.status, measure.progress) != (status, progress):
                made.measures[key] = measure_update(
                    actor=actor, measure=measure, status=status, progress=progress
                )
    for key, planned in state.milestones.items():
        measure = made.measures.get(key)
        if measure is None:
            continue
        milestones = measure.milestones.order_by("due", "pk")
        for (_due, _title, done_on), milestone in zip(planned, milestones, strict=True):
            if done_on is not None:
                services.milestone_done(actor=actor, milestone=milestone, done_on=done_on)
    return reports
