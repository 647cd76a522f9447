"""Reads of monitoring, each with its permission filter (None for what the user may not see:
views answer 404). The strategy is read through ``strategies.selectors``; the arithmetic is
``strategies.progress``'s."""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from cohesion.monitoring.models import BulkUpload, Notification, ProgressReport
from cohesion.strategies import progress
from cohesion.strategies.progress import Light


class _Worded:
    """A translatable text with its numbers, worded when shown (in the reader's language)."""

    def __init__(self, text, **params):
        self.text, self.params = text, params

    def __str__(self) -> str:
        return str(self.text) % self.params if self.params else str(self.text)


# The rule of the traffic lights in words, one sentence per code of ``progress.RULES``.
RULE_REASONS = {
    "completed": _("The measure is completed."),
    "cancelled": _("The measure is cancelled; it does not count in the progress."),
    "no_schedule": _("Without a start and an end there is no schedule to judge by."),
    "past_end": _("The end date has passed and the measure is not completed."),
    "not_started": _("The measure has not started yet."),
    "on_track": _Worded(
        _("The progress is at most %(pp)d points behind the share of the time passed."),
        pp=progress.GREEN_WITHIN,
    ),
    "behind": _Worded(
        _("The progress is at most %(pp)d points behind the share of the time passed."),
        pp=progress.AMBER_WITHIN,
    ),
    "far_behind": _Worded(
        _("The progress is more than %(pp)d points behind the share of the time passed."),
        pp=progress.AMBER_WITHIN,
    ),
    "delayed": _("The measure is reported as delayed: never better than amber."),
    "target_reached": _("The target is reached (or kept)."),
    "target_missed": _("The target year has passed, or the level is worse than the target."),
    "no_data": _("A baseline, target, actual value or year is missing."),
}

LIGHT_LABELS = {
    Light.GREEN: _("green: on track"),
    Light.AMBER: _("amber: behind"),
    Light.RED: _("red: far behind"),
    Light.BLUE: _("blue: completed"),
    Light.GREY: _("grey: not judged"),
}
LIGHT_ORDER = (Light.RED, Light.AMBER, Light.GREEN, Light.BLUE, Light.GREY)
MILESTONES_AHEAD_DAYS = 90
_YEAR = re.compile(r"(?<!\d)(19|20|21)\d{2}(?!\d)")


def rules_explained() -> list[dict]:
    """The traffic-light rule in words, in the order it is applied, with its light."""
    return [
        {
            "code": code,
            "light": str(light),
            "light_label": LIGHT_LABELS[light],
            "text": RULE_REASONS[code],
        }
        for code, light, _numbers in progress.RULES
    ]


def process_for_monitoring(*, user, pk):
    """The process whose monitoring the user reads, or None."""
    from cohesion.strategies.selectors import process_for_viewer

    process = process_for_viewer(user=user, pk=pk)
    if process is None or not user.has_perm("monitoring.view_monitoring", process):
        return None
    return process


def strategy_for_monitoring(*, user, pk):
    from cohesion.strategies.selectors import strategy_for_viewer

    strategy = strategy_for_viewer(user=user, pk=pk)
    if strategy is None or not user.has_perm("monitoring.view_monitoring", strategy):
        return None
    return strategy


def measure_for_monitoring(*, user, pk):
    from cohesion.strategies.selectors import measure_for_viewer

    measure = measure_for_viewer(user=user, pk=pk)
    if measure is None or not user.has_perm("monitoring.view_monitoring", measure):
        return None
    return measure


def milestone_for_monitoring(*, user, pk):
    from cohesion.strategies.selectors import milestone_for_viewer

    milestone = milestone_for_viewer(user=user, pk=pk)
    if milestone is None or not user.has_perm("monitoring.view_monitoring", milestone):
        return None
    return milestone


def indicator_for_monitoring(*, user, pk):
    from cohesion.strategies.selectors import indicator_for_viewer

    indicator = indicator_for_viewer(user=user, pk=pk)
    if indicator is None or not user.has_perm("monitoring.view_monitoring", indicator):
        return None
    return indicator


def measure_reports(*, measure) -> list[ProgressReport]:
    """A measure's reports, oldest first, with who reported. One query."""
    return list(ProgressReport.objects.filter(measure=measure).select_related("reported_by"))


def upload_for_editor(*, user, strategy, token: str) -> BulkUpload | None:
    """An upload of the strategy that the user made (and may still apply), else None."""
    if not isinstance(token, str) or not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        return None
    upload = BulkUpload.objects.filter(strategy=strategy, token=token, uploaded_by=user).first()
    if upload is None or not user.has_perm("monitoring.report_progress", strategy):
        return None
    upload.strategy = strategy
    return upload


def notifications_of(*, user, limit: int = 200) -> list[Notification]:
    from cohesion.monitoring.notices import notice_text

    items = list(Notification.objects.filter(user=user)[:limit])
    for item in items:
        item.text = notice_text(item.kind, item.params)
    return items


def notification_of(*, user, pk) -> Notification | None:
    if not str(pk).isdigit() or int(pk) >= 2**63:
        return None
    return Notification.objects.filter(user=user, pk=int(pk)).first()


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- the arithmetic on the strategy's tree ---


def measure_lights(measure, *, today: datetime.date) -> progress.Assessment:
    return progress.measure_assessment(
        status=measure.status,
        progress=measure.progress,
        start=measure.start,
        end=measure.end,
        today=today,
    )


def year_of(text) -> int | None:
    """The year a period names ("2024", "31.12.2024", "2024-06-30"), or None."""
    found = _YEAR.search(str(text or ""))
    return int(found.group(0)) if found else None


def _statistics(strategy, keys) -> dict:
    """The latest value from the imported statistics of each catalogue indicator."""
    from cohesion.indicators.catalogue import INDICATORS_BY_SLUG
    from cohesion.indicators.selectors import indicator_results

    indicators = [INDICATORS_BY_SLUG[key] for key in sorted(keys) if key in INDICATORS_BY_SLUG]
    if not indicators:
        return {}
    municipality = strategy.process.municipality
    results = indicator_results(regions=[municipality], indicators=indicators)[municipality.pk]
    found = {}
    for result in results:
        latest = result.latest
        if latest is None or latest.value is None:
            continue
        source = "; ".join(latest.sources)
        if result.region is not None and result.region.pk != municipality.pk:
            source = _("Figures of %(region)s: %(source)s") % {
                "region": result.region.name,
                "source": source,
            }
        found[result.indicator.slug] = {
            "value": Decimal(str(round(latest.value, max(result.indicator.decimals, 0) + 2))),
            "period": latest.period_label,
            "year": year_of(latest.period),
            "source": str(source),
            "from_statistics": True,
        }
    return found


def indicator_actual(indicator, statistics: dict) -> dict | None:
    """The latest actual value of an indicator: the entered ones and, for a catalogue
    indicator, the imported statistics; the later year wins, an entered value on a tie."""
    best = None
    for actual in indicator.actuals.all():
        candidate = {
            "value": actual.value,
            "period": actual.period,
            "year": year_of(actual.period),
            "source": actual.source,
            "from_statistics": False,
        }
        if best is None or (candidate["year"] or 0, 1) >= (best["year"] or 0, 1):
            best = candidate
    found = statistics.get(indicator.catalogue_key) if indicator.catalogue_key else None
    if found is not None and (best is None or (found["year"] or 0) > (best["year"] or 0)):
        best = found
    return best


def _assess_indicator(indicator, actual: dict | None) -> progress.Assessment:
    return progress.indicator_assessment(
        baseline=indicator.baseline,
        target=indicator.target,
        actual=actual["value"] if actual else None,
        baseline_year=year_of(indicator.baseline_period),
        target_year=indicator.target_year,
        year=actual["year"] if actual else None,
        better=indicator.better,
    )


def assessed(assessment: progress.Assessment) -> dict:
    return {
        "light": str(assessment.light),
        "light_label": LIGHT_LABELS[assessment.light],
        "rule": assessment.rule,
        "reason": RULE_REASONS[assessment.rule],
    }


def _percent(value) -> int | None:
    return None if value is None else round(value)


def monitoring_overview(*, strategy, language: str, today: datetime.date) -> dict:
    """The dashboard: every field of action, goal and measure with its progress (weighted
    roll-up, cancelled weigh 0) and its traffic light (worst of its parts), the indicators with
    their latest actual and light, and the three questions' lists. A fixed number of queries
    whatever the number of measures (the tree's six, the statistics', one of reports)."""
    from cohesion.strategies.selectors import strategy_tree

    fields = strategy_tree(strategy=strategy, language=language)
    keys = {
        indicator.catalogue_key
        for field in fields
        for goal in field.goals.all()
        for indicator in goal.indicators.all()
        if indicator.catalogue_key
    }
    statistics = _statistics(strategy, keys)
    measures, indicators, milestones = [], [], []
    for field in fields:
        goal_pairs, field_lights = [], []
        for goal in field.goals.all():
            lights, pairs = [], []
            for measure in goal.measures.all():
                assessment = measure_lights(measure, today=today)
                measure.assessed = assessed(assessment)
                measure.light = measure.assessed["light"]
                measure.goal_shown = goal.shown
                measure.field_shown = field.shown
                lights.append(assessment.light)
                pairs.append(
                    progress.rollup_item(
                        status=measure.status, progress=measure.progress, weight=measure.weight
                    )
                )
                measures.append(measure)
                for milestone in measure.milestones.all():
                    milestone.measure_shown = measure.shown
                    milestone.measure_pk = measure.pk
                    milestones.append(milestone)
            for indicator in goal.indicators.all():
                indicator.actual = indicator_actual(indicator, statistics)
                assessment = _assess_indicator(indicator, indicator.actual)
                indicator.assessed = assessed(assessment)
                indicator.light = indicator.assessed["light"]
                indicator.achieved = _percent(assessment.achieved)
                indicator.goal_shown = goal.shown
                lights.append(assessment.light)
                indicators.append(indicator)
            goal.progress = _percent(progress.rollup(pairs))
            goal.light = str(progress.worst_light(lights))
            goal.light_label = LIGHT_LABELS[Light(goal.light)]
            goal_pairs.append((progress.rollup(pairs), goal.weight))
            field_lights.append(goal.light)
        field.progress_value = progress.rollup(goal_pairs)
        field.progress = _percent(field.progress_value)
        field.light = str(progress.worst_light(field_lights))
        field.light_label = LIGHT_LABELS[Light(field.light)]
    overall = progress.rollup((field.progress_value, field.weight) for field in fields)
    open_statuses = {"planned", "running", "delayed"}
    ahead = today + datetime.timedelta(days=MILESTONES_AHEAD_DAYS)

    def counted(items):
        counts = progress.lights_count([item.light for item in items])
        return [
            {"light": str(light), "label": LIGHT_LABELS[light], "count": counts[light]}
            for light in LIGHT_ORDER
        ]

    return {
        "fields": fields,
        "progress": _percent(overall),
        "light": str(progress.worst_light(field.light for field in fields)),
        "measure_count": len(measures),
        "measure_lights": counted(measures),
        "indicator_lights": counted(indicators),
        "indicators": indicators,
        # What did we reach
        "completed": [m for m in measures if m.status == "completed"],
        "milestones_done": sorted(
            (m for m in milestones if m.done_on is not None), key=lambda m: m.done_on
        ),
        "indicators_moved": [i for i in indicators if i.achieved is not None and i.achieved > 0],
        # What is still to do
        "open": [m for m in measures if m.status in open_statuses],
        "delayed": [m for m in measures if m.status == "delayed"],
        "red": [m for m in measures if m.light == "red"],
        "milestones_due": [m for m in milestones if m.done_on is None and m.due <= ahead],
        "rules": rules_explained(),
    }


def year_report(*, strategy, language: str, year: int, today: datetime.date) -> dict:
    """The yearly report: the dashboard as it stands at the end of ``year`` (or today, in
    the running year), and what happened in the year: reports, measures reported completed,
    milestones done, actual values of the year."""
    end = min(datetime.date(year, 12, 31), today)
    overview = monitoring_overview(strategy=strategy, language=language, today=end)
    measures = {
        m.pk: m for field in overview["fields"] for g in field.goals.all() for m in g.measures.all()
    }
    reports = list(
        ProgressReport.objects.filter(
            measure_id__in=list(measures), reported_on__year=year
        ).order_by("reported_on", "pk")
    )
    completed_ids = {r.measure_id for r in reports if r.status == "completed"}
    overview |= {
        "year": year,
        "as_of": end,
        "report_count": len(reports),
        "reported_measures": len({r.measure_id for r in reports}),
        "completed_in_year": [measures[pk] for pk in measures if pk in completed_ids],
        "milestones_done_in_year": [
            m for m in overview["milestones_done"] if m.done_on.year == year
        ],
        "indicators_of_year": [
            i for i in overview["indicators"] if i.actual and i.actual["year"] == year
        ],
    }
    return overview


def report_years(*, strategy, today: datetime.date) -> list[int]:
    """The years a report can be made for: from the first report's year (or this year) to
    this year."""
    first = (
        ProgressReport.objects.filter(measure__goal__field_of_action__strategy=strategy)
        .order_by("reported_on")
        .values_list("reported_on", flat=True)
        .first()
    )
    start = first.year if first else today.year
    return list(range(today.year, start - 1, -1))


# --- the climate survey before and after ---


def climate_before_after(*, process, language: str) -> list[dict]:
    """The workshop's climate statements, each with its results at the workshop (the first
    item of the statement) and at the latest follow-up (a later copy of it), if any."""
    from cohesion.workshops.selectors import climate_survey, item_text, workshop_of_process

    workshop = workshop_of_process(process=process)
    if workshop is None:
        return []
    rows: dict[str, dict] = {}
    for item, results in climate_survey(workshop=workshop):
        key = repr(sorted((item.prompt or item.title or {}).items()))
        count = results.get("count") or {}
        entry = {
            "item": item,
            "answers": results.get("answers", 0),
            "mean": count.get("mean") if isinstance(count, dict) else None,
        }
        if key not in rows:
            rows[key] = {"text": item_text(item=item, language=language), "before": entry}
            rows[key]["steps"] = len(rows[key]["text"].steps)
        else:
            rows[key]["after"] = entry
    return list(rows.values())


def climate_without_follow_up(*, process) -> list:
    """The climate items that have no follow-up copy yet (what a follow-up survey copies)."""
    from cohesion.workshops.selectors import climate_survey, workshop_of_process

    workshop = workshop_of_process(process=process)
    if workshop is None:
        return []
    seen: dict[str, list] = {}
    for item, _results in climate_survey(workshop=workshop):
        key = repr(sorted((item.prompt or item.title or {}).items()))
        seen.setdefault(key, []).append(item)
    return [items[0] for items in seen.values() if len(items) == 1]
