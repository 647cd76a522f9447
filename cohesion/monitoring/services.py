"""State changes of monitoring. Each checks ``monitoring.report_progress`` (the monitoring
phase's editors), runs in one transaction and writes the audit trail inside it; the strategy
itself changes only through ``strategies.services`` (which write its history). Bad input raises
ValidationError and writes nothing.

The bulk update takes a file of measures (status, progress, dates, budget) or one of
indicators (target, target year, a new actual value): the same upload, preview and
application, the file's id column telling which. An indicator's target and target year are
the strategy's content (``strategies.services.MONITORING_FIELDS`` has no indicator): only
the strategy's editors change them, and in an adopted strategy the change starts an
amendment; an actual value is monitoring data (``MONITORING_KINDS``)."""

import datetime
import logging
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import user_or_none
from cohesion.monitoring.models import BulkUpload, Notification, ProgressReport
from cohesion.strategies import bulk, progress

logger = logging.getLogger(__name__)

MEASURE_REPORT = audit_action(
    "monitoring.measure_report", gettext_lazy("Progress of a measure reported")
)
BULK_APPLY = audit_action("monitoring.bulk_apply", gettext_lazy("Measures updated from a file"))
BULK_APPLY_INDICATORS = audit_action(
    "monitoring.bulk_apply_indicators", gettext_lazy("Indicators updated from a file")
)
CLIMATE_FOLLOW_UP = audit_action(
    "monitoring.climate_follow_up", gettext_lazy("Follow-up climate survey prepared")
)

NOTE_LENGTH = 2000
UPLOAD_KEEP = datetime.timedelta(days=1)
REPORT_FIELDS = ("start", "end", "budget")


def _check_may_report(actor, obj) -> None:
    if not actor.has_perm("monitoring.report_progress", obj):
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


def _progress_clean(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError({"progress": _("Enter a whole number from 0 to 100.")})
    try:
        number = int(str(value).strip())
    except ValueError as error:
        raise ValidationError(
            {"progress": _("Enter a whole number from 0 to 100.")}, code="progress"
        ) from error
    if not 0 <= number <= 100:
        raise ValidationError(
            {"progress": _("Enter a whole number from 0 to 100.")}, code="progress"
        )
    return number


def measure_report(
    *,
    actor,
    measure,
    status: str,
    progress_value=None,
    reported_on: datetime.date | None = None,
    note: str = "",
    **fields,
) -> ProgressReport:
    """A monitoring round's report of a measure: the report is kept (the history over time)
    and the measure takes its status and progress (and any of start, end, budget given)
    through ``strategies.services.measure_update``, in one transaction. Without a progress,
    a status with a default one (planned 0, completed 100) sets it, else it stays."""
    from cohesion.strategies.services import measure_update

    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    _check_may_report(actor, measure)
    if status not in progress.STATUSES:
        raise ValidationError({"status": _("Choose a status.")}, code="status")
    value = _progress_clean(progress_value)
    if value is None:
        value = progress.DEFAULT_PROGRESS.get(status, measure.progress)
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise ValidationError(
            {"note": _("At most %(count)d characters.") % {"count": NOTE_LENGTH}}, code="length"
        )
    reported_on = reported_on or _today()
    if reported_on > _today():
        raise ValidationError(
            {"reported_on": _("A report cannot be dated in the future.")}, code="future"
        )
    before = {"status": measure.status, "progress": measure.progress}
    with transaction.atomic():
        measure_update(
            actor=actor,
            measure=measure,
            status=status,
            progress=value,
            **fields,
        )
        report = ProgressReport.objects.create(
            measure=measure,
            reported_on=reported_on,
            status=status,
            progress=value,
            note=note,
            reported_by=user_or_none(actor),
        )
        audit_record(
            action=MEASURE_REPORT,
            actor=actor,
            process=measure.strategy.process,
            target=measure,
            target_label=str(measure)[:200],
            before=before,
            after={"status": status, "progress": value, "reported_on": reported_on},
        )
    return report


def milestone_done(*, actor, milestone, done_on: datetime.date | None):
    """A milestone marked done on a day (or, with None, not done any more)."""
    from cohesion.strategies.services import milestone_update

    _check_may_report(actor, milestone)
    if done_on is not None and done_on > _today():
        raise ValidationError({"done_on": _("A milestone cannot be done in the future.")})
    return milestone_update(actor=actor, milestone=milestone, done_on=done_on)


def actual_add(*, actor, indicator, period: str, value, source: str = ""):
    """An actual value of an indicator entered by hand (the statistics bring their own)."""
    from cohesion.strategies.services import indicator_actual_add

    _check_may_report(actor, indicator)
    return indicator_actual_add(
        actor=actor,
        indicator=indicator,
        period=period,
        value=value,
        source=source,
    )


# --- the bulk update ---


def _bulk_states(*, strategy, language: str) -> tuple[dict, dict]:
    """The strategy's measures and indicators as the bulk update compares them, by id (six
    queries)."""
    from cohesion.strategies.selectors import strategy_tree

    measures, indicators = {}, {}
    for field in strategy_tree(strategy=strategy, language=language):
        for goal in field.goals.all():
            for measure in goal.measures.all():
                measures[measure.pk] = bulk.MeasureState(
                    id=measure.pk,
                    status=measure.status,
                    progress=measure.progress,
                    start=measure.start,
                    end=measure.end,
                    budget=measure.budget,
                    title=measure.shown.text,
                )
            for indicator in goal.indicators.all():
                actuals = {}
                for actual in indicator.actuals.all():  # by period, then as entered
                    actuals[actual.period] = actual.value
                latest = indicator.latest_actual
                indicators[indicator.pk] = bulk.IndicatorState(
                    id=indicator.pk,
                    target=indicator.target,
                    target_year=indicator.target_year,
                    actuals=actuals,
                    name=indicator.shown.text if indicator.shown else indicator.catalogue_key,
                    goal=goal.shown.text,
                    unit=indicator.unit,
                    baseline=indicator.baseline,
                    last_actual=(latest.period, latest.value) if latest else None,
                )
    return measures, indicators


def measure_states(*, strategy, language: str) -> dict[int, bulk.MeasureState]:
    """The strategy's measures as the bulk update compares them (six queries)."""
    return _bulk_states(strategy=strategy, language=language)[0]


def indicator_states(*, strategy, language: str) -> dict[int, bulk.IndicatorState]:
    """The strategy's indicators as the bulk update compares them (six queries)."""
    return _bulk_states(strategy=strategy, language=language)[1]


def may_change_targets(*, actor, strategy) -> bool:
    """Whether the actor may change indicators' targets from a file: they are the strategy's
    content, which only its editors change (``strategies.services.indicator_update``)."""
    return actor.has_perm("strategies.change_strategy", strategy)


def bulk_upload_store(*, actor, strategy, filename: str, data: bytes) -> BulkUpload:
    """Keep an uploaded file for its preview and application (the uploader's, for a day).
    Raises ``bulk.BulkFileError`` for a file too large or not such a sheet."""
    _check_may_report(actor, strategy)
    if len(data) > bulk.MAX_BYTES:
        raise bulk.BulkFileError("too_large", limit_mb=bulk.MAX_BYTES // (1024 * 1024))
    # Read once now so that a file that is no such sheet is refused at the upload.
    measures, indicators = _bulk_states(strategy=strategy, language=strategy.source_language)
    bulk.bulk_plan(
        data,
        filename,
        known=measures,
        indicators=indicators,
        ags=strategy.process.municipality.ags,
    )
    return BulkUpload.objects.create(
        strategy=strategy,
        token=secrets.token_urlsafe(32),
        filename=(filename or "")[:200],
        data=data,
        uploaded_by=actor,
    )


def bulk_upload_plan(
    *, upload: BulkUpload, language: str, actor=None
) -> tuple[bulk.BulkPlan, dict]:
    """The plan of an upload against the measures or indicators as they are now, and those
    (by id, of the file's kind). With an ``actor`` who may not change the strategy's content,
    rows changing an indicator's target are invalid (``target_not_allowed``)."""
    strategy = upload.strategy
    measures, indicators = _bulk_states(strategy=strategy, language=language)
    plan = bulk.bulk_plan(
        bytes(upload.data),
        upload.filename,
        known=measures,
        indicators=indicators,
        ags=strategy.process.municipality.ags,
        targets_allowed=actor is None or may_change_targets(actor=actor, strategy=strategy),
    )
    return plan, (indicators if plan.kind == "indicators" else measures)


def bulk_upload_kind(*, upload: BulkUpload) -> str:
    """Whether an upload updates "measures" or "indicators" ("" when it cannot be read)."""
    try:
        return bulk.bulk_plan(bytes(upload.data), upload.filename, known={}, ags="").kind
    except bulk.BulkFileError:
        return ""


def bulk_apply(*, actor, upload: BulkUpload, valid_only: bool = False) -> int:
    """Apply an upload: every row when all are valid, or (``valid_only``, chosen explicitly)
    the valid ones, in one transaction. Of a file of measures, each changed row, and each row
    with a note, is a progress report; of a file of indicators, a row's target and target year
    go through ``strategies.services.indicator_update`` and its actual value through
    ``actual_add``. Nothing is applied from a file of another municipality, nor when any row
    is invalid without ``valid_only``. Returns how many measures or indicators were
    updated."""
    strategy = upload.strategy
    _check_may_report(actor, strategy)
    with transaction.atomic():
        plan, _known = bulk_upload_plan(
            upload=upload, language=strategy.source_language, actor=actor
        )
        if plan.refused:
            raise ValidationError(
                _("The file names another municipality: nothing is applied."), code="refused"
            )
        if not plan.all_valid and not valid_only:
            raise ValidationError(_("Some rows have problems: nothing is applied."), code="invalid")
        if plan.kind == "indicators":
            applied = _indicators_apply(actor=actor, strategy=strategy, plan=plan)
        else:
            applied = _measures_apply(actor=actor, strategy=strategy, plan=plan)
        audit_record(
            action=BULK_APPLY_INDICATORS if plan.kind == "indicators" else BULK_APPLY,
            actor=actor,
            process=strategy.process,
            target=strategy,
            target_label=upload.filename,
            after={
                "file": upload.filename,
                "rows": len(plan.rows),
                "applied": applied,
                "left_out": len(plan.invalid_rows),
            },
        )
        upload.delete()
    return applied


def _measures_apply(*, actor, strategy, plan: bulk.BulkPlan) -> int:
    from cohesion.strategies.selectors import strategy_tree

    rows = [row for row in plan.valid_rows if row.changes or row.note]
    measures = {
        measure.pk: measure
        for field in strategy_tree(strategy=strategy, language=strategy.source_language)
        for goal in field.goals.all()
        for measure in goal.measures.all()
    }
    today = _today()
    for row in rows:
        measure = measures[row.measure_id]
        measure.goal.field_of_action.strategy = strategy
        changes = {name: after for name, (_before, after) in row.changes.items()}
        status = changes.pop("status", measure.status)
        value = changes.pop("progress", None)
        if "budget" in changes and changes["budget"] is not None:
            changes["budget"] = Decimal(changes["budget"])
        measure_report(
            actor=actor,
            measure=measure,
            status=status,
            progress_value=value,
            reported_on=today,
            note=row.note[:NOTE_LENGTH],
            **changes,
        )
    return len(rows)


def _indicators_apply(*, actor, strategy, plan: bulk.BulkPlan) -> int:
    from cohesion.strategies.selectors import strategy_tree
    from cohesion.strategies.services import indicator_update

    rows = [row for row in plan.valid_rows if row.changes]
    indicators = {
        indicator.pk: indicator
        for field in strategy_tree(strategy=strategy, language=strategy.source_language)
        for goal in field.goals.all()
        for indicator in goal.indicators.all()
    }
    for row in rows:
        indicator = indicators[row.indicator_id]
        indicator.goal.field_of_action.strategy = strategy
        targets = {
            name: after
            for name, (_before, after) in row.changes.items()
            if name in ("target", "target_year")
        }
        if targets:
            indicator_update(actor=actor, indicator=indicator, **targets)
        if "actual" in row.changes:
            actual_add(
                actor=actor,
                indicator=indicator,
                period=row.period,
                value=row.changes["actual"][1],
                source=row.source,
            )
    return len(rows)


def bulk_uploads_prune(*, now=None) -> int:
    """Remove uploads older than a day."""
    cutoff = (now or timezone.now()) - UPLOAD_KEEP
    deleted, _by_model = BulkUpload.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- the climate survey after ---


def climate_follow_up_prepare(*, actor, process) -> int:
    """A follow-up of the workshop's climate survey: each climate statement without a
    follow-up yet is copied on its workshop day (``workshops.services.item_duplicate``), to be
    run with the workshop's tools (phones, console). Needs the right to change the workshop."""
    from cohesion.monitoring.selectors import climate_without_follow_up
    from cohesion.workshops.services import item_duplicate

    _check_may_report(actor, process)
    items = climate_without_follow_up(process=process)
    with transaction.atomic():
        for item in items:
            item_duplicate(actor=actor, item=item)
        if items:
            audit_record(
                action=CLIMATE_FOLLOW_UP,
                actor=actor,
                process=process,
                after={"items": len(items)},
            )
    return len(items)


# --- notifications ---


def notification_read(*, actor, notification: Notification) -> None:
    if notification.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_read_all(*, actor) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _mail(notification: Notification, site_url: str) -> None:
    from cohesion.monitoring.notices import notice_subject, notice_text

    user = notification.user
    if not user.email:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        text = notice_text(notification.kind, notification.params)
        subject = notice_subject(notification.kind, notification.params)
        link = f"{site_url}{notification.link}" if notification.link else ""
        body = "\n\n".join(part for part in (text, link) if part)
    send_mail(
        subject=subject[:200],
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def _site_url() -> str:
    """The address before the links in the mails: ``SITE_URL`` if set, else the first named
    host (HTTPS)."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host]
    host = hosts[0].lstrip(".") if hosts else "localhost"
    return f"https://{host}"


def notices_send(*, today: datetime.date | None = None) -> int:
    """Ask every due source (``notices``) and notify each person once per thing: a
    notification in the application and an e-mail in their language. Returns how many new."""
    from cohesion.monitoring.notices import dues

    today = today or _today()
    site_url = _site_url()
    created = []
    for due in dues(today=today):
        try:
            with transaction.atomic():
                notification, new = Notification.objects.get_or_create(
                    user=due.user,
                    key=due.key[:200],
                    defaults={"kind": due.kind, "params": due.params, "link": due.link[:300]},
                )
        except IntegrityError:  # made at the same moment by another worker
            continue
        if new:
            created.append(notification)
    for notification in created:
        try:
            _mail(notification, site_url)
        except Exception:  # one failing address does not stop the others
            logger.exception("notice mail failed")
    return len(created)
