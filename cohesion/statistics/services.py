import contextlib
import functools
import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.predicates import coordinated_municipality_ids, manages_a_programme
from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import SYSTEM, user_or_none
from cohesion.municipalities.selectors import (
    municipalities_by_ids,
    municipality_ids_with_districts,
    registry_ids,
)
from cohesion.statistics.messages import MESSAGES, error_message, problem_message
from cohesion.statistics.models import Series, StatisticsImport
from cohesion.statistics.readers.base import ParsedFile, StatisticsFileError
from cohesion.statistics.readers.sniff import read_statistics_file
from cohesion.statistics.readers.tidy import TidyMapping
from cohesion.statistics.staging import Differences, import_take_back, staged_observations

BATCH = 2000

IMPORT_APPLY = audit_action("statistics.import_apply", _("statistics imported"))
IMPORT_HOLD = audit_action("statistics.import_hold", _("statistics import waiting for approval"))
IMPORT_APPROVE = audit_action("statistics.import_approve", _("statistics import approved"))
IMPORT_REFUSE = audit_action("statistics.import_refuse", _("statistics import refused"))
IMPORT_UNDO = audit_action("statistics.import_undo", _("statistics import undone"))


def max_upload_bytes() -> int:
    return settings.STATISTICS_MAX_UPLOAD_MB * 1024 * 1024


def region_ags(region_key: str) -> str:
    """The registry key for a file's region key: a 12-digit ARS (Zensus) becomes the AGS."""
    if len(region_key) == 12 and region_key.isdigit():
        return region_key[:5] + region_key[9:]
    return region_key


@functools.lru_cache(maxsize=65536)  # the readers share one tuple per breakdown
def dimensions_key(dimensions) -> str:
    return " | ".join(f"{name}={value}" for name, value in dimensions)


@dataclass
class ImportPreview:
    """What an import would bring, shown before anything is written."""

    parsed: ParsedFile
    sha256: str
    filename: str
    variables: list[str]
    periods: list[str]
    region_count: int
    regions_sample: list[str]
    problems: list[str] = field(default_factory=list)
    already_imported: StatisticsImport | None = None

    @property
    def row_count(self) -> int:
        return len(self.parsed.observations)


def statistics_parse(*, data: bytes, filename: str = "", mapping=None) -> ParsedFile:
    """Read a file, or raise ValidationError with the reason in the user's language."""
    try:
        return read_statistics_file(
            data, filename=filename, max_bytes=max_upload_bytes(), mapping=mapping
        )
    except StatisticsFileError as error:
        raise ValidationError(error_message(error), code=error.code) from error


def statistics_preview(*, data: bytes, filename: str = "", mapping=None) -> ImportPreview:
    parsed = statistics_parse(data=data, filename=filename, mapping=mapping)
    sha256 = hashlib.sha256(data).hexdigest()
    keys = sorted({observation.region_key for observation in parsed.observations})
    known = registry_ids()
    unknown = [key for key in keys if region_ags(key) not in known and key != "DG"]
    problems = [problem_message(problem) for problem in parsed.problems]
    if unknown:
        problems.append(
            str(MESSAGES["unknown_region"])
            % {"count": len(unknown), "keys": ", ".join(unknown[:5])}
        )
    return ImportPreview(
        parsed=parsed,
        sha256=sha256,
        filename=filename,
        variables=sorted({observation.variable for observation in parsed.observations}),
        periods=sorted({observation.period for observation in parsed.observations}),
        region_count=len(keys),
        regions_sample=keys[:10],
        problems=problems,
        already_imported=StatisticsImport.objects.filter(
            sha256=sha256, state=StatisticsImport.State.APPLIED
        ).first(),
    )


class _OutsideScope(Exception):  # noqa: N818 - control flow inside statistics_import
    def __init__(self, differences: "Differences"):
        self.differences = differences


class _Unchanged(Exception):  # noqa: N818
    def __init__(self, earlier: StatisticsImport):
        self.earlier = earlier


def _coordinator_scope(actor) -> frozenset[int] | None:
    """The registry ids a person may change without approval; None for no limit (the system and
    programme managers, who look after the figures of all their municipalities)."""
    if actor is SYSTEM or manages_a_programme(actor):
        return None
    return municipality_ids_with_districts(ids=coordinated_municipality_ids(user=actor))


def _approving_municipality(actor):
    """The coordinator's municipality whose programme managers decide a pending import."""
    for municipality in municipalities_by_ids(ids=coordinated_municipality_ids(user=actor)):
        if municipality.permission_scope.programme_ids:
            return municipality
    return None


def _record_new(*, preview: ImportPreview, filename: str, actor, mapping, **fields):
    parsed = preview.parsed
    return StatisticsImport.objects.create(
        filename=filename[:255],
        sha256=preview.sha256,
        format=parsed.format,
        table_code=parsed.table_code[:40],
        title=parsed.title[:500],
        stand=parsed.stand,
        source=parsed.source[:500],
        licence=parsed.licence[:100],
        encoding=parsed.encoding,
        footnotes=parsed.footnotes,
        observation_count=len(parsed.observations),
        imported_by=user_or_none(actor),
        mapping=mapping.__dict__ if mapping is not None else None,
        **fields,
    )


def _summary(record: StatisticsImport) -> dict:
    return {
        "file": record.filename,
        "table": record.table_code,
        "stand": record.stand,
        "state": record.state,
        "observations": record.observation_count,
        "new": record.new_count,
        "revised": record.revised_count,
    }


def statistics_import(
    *, data: bytes, actor, filename: str = "", mapping=None
) -> tuple[StatisticsImport, bool]:
    """Import a statistics file in one transaction; returns the import and whether it is new.

    Observations are keyed by series, region and period: a value the file repeats unchanged
    keeps its source, a different one is a revision that records the value it replaced. The
    same file again changes nothing while its values are all current, and restores them when
    another import changed them. A coordinator's file that would add or change values outside
    their municipalities and districts is not applied: it waits for a programme manager.
    Commands and the demo pass ``actor=SYSTEM``, which may import anything.
    """
    if not actor.has_perm("statistics.import_statistics"):
        raise PermissionDenied
    preview = statistics_preview(data=data, filename=filename, mapping=mapping)
    scope = _coordinator_scope(actor)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = _record_new(
                    preview=preview, filename=filename, actor=actor, mapping=mapping
                )
                _apply(parsed=preview.parsed, record=record, scope=scope)
                if record.new_count == 0 and record.revised_count == 0:
                    earlier = (
                        StatisticsImport.objects.filter(
                            sha256=preview.sha256, state=StatisticsImport.State.APPLIED
                        )
                        .exclude(pk=record.pk)
                        .first()
                    )
                    if earlier is not None:
                        raise _Unchanged(earlier)
                audit_record(
                    action=IMPORT_APPLY, actor=actor, target=record, after=_summary(record)
                )
                return record, True
        except _Unchanged as unchanged:
            return unchanged.earlier, False
        except _OutsideScope as outside:
            municipality = _approving_municipality(actor)
            if municipality is None:
                raise ValidationError(
                    MESSAGES["outside_scope_refused"] % {"keys": outside.differences.keys_label},
                    code="outside_scope",
                ) from None
            record = _record_new(
                preview=preview,
                filename=filename,
                actor=actor,
                mapping=mapping,
                state=StatisticsImport.State.PENDING,
                municipality=municipality,
                new_count=outside.differences.new_count,
                revised_count=outside.differences.changed_count,
            )
            upload_store(data=data)  # kept until a programme manager decides
            audit_record(
                action=IMPORT_HOLD,
                actor=actor,
                municipality=municipality,
                target=record,
                after=_summary(record) | {"outside": outside.differences.outside_keys},
            )
            return record, True


def _apply(*, parsed: ParsedFile, record: StatisticsImport, scope) -> None:
    """Write the file's values as the import ``record``: revisions first (they read the values
    being replaced), then the new and changed values. Raises _OutsideScope before writing when
    ``scope`` (registry ids) leaves out a region whose values would change."""
    series_ids, known_series = _series_ids(parsed)
    with staged_observations(_staged_rows(parsed, series_ids, record.pk)) as stage:
        if scope is not None:
            outside = stage.keys_outside(scope)
            if outside:
                raise _OutsideScope(
                    Differences(
                        new_count=stage.new_count(),
                        changed_count=stage.changed_count(),
                        outside_keys=outside,
                    )
                )
        # Series seen for the first time hold no values yet: nothing to revise, and a first
        # import of a large table skips the comparison.
        record.revised_count = stage.revisions_write() if known_series else 0
        record.new_count = stage.observations_write() - record.revised_count
    record.save(update_fields=["new_count", "revised_count"])


def _staged_rows(parsed: ParsedFile, series_ids: dict, record_id: int):
    municipality_ids = registry_ids()
    return (
        (
            series_ids.get((o.variable, o.unit, dimensions_key(o.dimensions))),
            o.region_key,
            municipality_ids.get(region_ags(o.region_key)),
            o.period,
            o.value,
            o.status.value,
            o.quality_flag,
            record_id,
        )
        for o in parsed.observations
    )


@contextlib.contextmanager
def staged_file(*, statistics_import: StatisticsImport):
    """A pending import's file loaded for comparison with the current values, without creating
    anything (series the file would add are left out: all their values are new). Yields None when
    the file is gone or no longer readable. For reads inside a transaction the caller rolls back.
    """
    data = upload_read(token=statistics_import.sha256)
    parsed = None
    if data is not None:
        mapping = TidyMapping(**statistics_import.mapping) if statistics_import.mapping else None
        try:
            parsed = statistics_parse(
                data=data, filename=statistics_import.filename, mapping=mapping
            )
        except ValidationError:
            parsed = None
    if parsed is None:
        yield None
        return
    series_ids = _table_series(parsed.table_code[:40] or "-")
    with staged_observations(_staged_rows(parsed, series_ids, statistics_import.pk)) as stage:
        yield stage


def _decidable(*, actor, statistics_import: StatisticsImport, permission: str) -> None:
    if not actor.has_perm(permission, statistics_import):
        raise PermissionDenied


def statistics_import_approve(*, actor, statistics_import: StatisticsImport) -> StatisticsImport:
    """Apply a pending import as it stands now (the differences are computed anew)."""
    _decidable(
        actor=actor, statistics_import=statistics_import, permission="statistics.decide_import"
    )
    data = upload_read(token=statistics_import.sha256)
    if data is None:
        raise ValidationError(MESSAGES["pending_file_missing"], code="file_missing")
    mapping = TidyMapping(**statistics_import.mapping) if statistics_import.mapping else None
    parsed = statistics_parse(data=data, filename=statistics_import.filename, mapping=mapping)
    return _pending_decide(
        actor=actor,
        statistics_import=statistics_import,
        state=StatisticsImport.State.APPLIED,
        action=IMPORT_APPROVE,
        apply=lambda record: _apply(parsed=parsed, record=record, scope=None),
    )


def statistics_import_refuse(*, actor, statistics_import: StatisticsImport) -> StatisticsImport:
    """Discard a pending import: nothing of it is applied, its file is deleted."""
    _decidable(
        actor=actor, statistics_import=statistics_import, permission="statistics.decide_import"
    )
    return _pending_decide(
        actor=actor,
        statistics_import=statistics_import,
        state=StatisticsImport.State.REFUSED,
        action=IMPORT_REFUSE,
    )


def _pending_decide(
    *, actor, statistics_import: StatisticsImport, state: str, action: str, apply=None
) -> StatisticsImport:
    """Approve or refuse, once: the row is locked, a decided import is refused, the decision
    and its audit event are written together, and the file goes after commit."""
    with transaction.atomic():
        record = StatisticsImport.objects.select_for_update().get(pk=statistics_import.pk)
        if record.state != StatisticsImport.State.PENDING:
            raise ValidationError(MESSAGES["not_pending"], code="not_pending")
        before = _summary(record)
        if apply is not None:
            apply(record)
        record.state = state
        record.decided_by = user_or_none(actor)
        record.decided_at = timezone.now()
        record.save(update_fields=["state", "decided_by", "decided_at"])
        audit_record(
            action=action,
            actor=actor,
            municipality=record.municipality_id,
            target=record,
            before=before,
            after=_summary(record),
        )
        transaction.on_commit(functools.partial(_file_release, record.sha256))
    return record


def statistics_import_undo(*, actor, statistics_import: StatisticsImport) -> StatisticsImport:
    """Take an applied import back: the values it added go, the values it replaced return. A
    value a later import replaced again stays as that import left it, and that import's
    revision now names the value from before the undone import."""
    _decidable(
        actor=actor, statistics_import=statistics_import, permission="statistics.undo_import"
    )
    with transaction.atomic():
        record = StatisticsImport.objects.select_for_update().get(pk=statistics_import.pk)
        if record.state != StatisticsImport.State.APPLIED:
            raise ValidationError(MESSAGES["not_applied"], code="not_applied")
        before = _summary(record)
        restored, removed = import_take_back(import_id=record.pk)
        record.state = StatisticsImport.State.UNDONE
        record.decided_by = user_or_none(actor)
        record.decided_at = timezone.now()
        record.save(update_fields=["state", "decided_by", "decided_at"])
        audit_record(
            action=IMPORT_UNDO,
            actor=actor,
            target=record,
            before=before,
            after=_summary(record) | {"restored": restored, "removed": removed},
        )
    return record


def _file_release(token: str) -> None:
    if not StatisticsImport.objects.filter(
        sha256=token, state=StatisticsImport.State.PENDING
    ).exists():
        upload_discard(token=token)


def _series_ids(parsed: ParsedFile) -> tuple[dict[tuple[str, str, str], int], bool]:
    """The ids of the file's series, created where missing, and whether any of them existed."""
    table = parsed.table_code[:40] or "-"
    wanted = {
        (o.variable, o.unit, dimensions_key(o.dimensions)): [list(pair) for pair in o.dimensions]
        for o in parsed.observations
    }
    before = _table_series(table)
    Series.objects.bulk_create(
        [
            Series(table_code=table, variable=v, unit=u, dimensions_key=k, dimensions=dims)
            for (v, u, k), dims in wanted.items()
            if (v, u, k) not in before
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    known = any(key in before for key in wanted)
    return _table_series(table), known


def _table_series(table: str) -> dict[tuple[str, str, str], int]:
    return {
        (variable, unit, key): pk
        for pk, variable, unit, key in Series.objects.filter(table_code=table).values_list(
            "pk", "variable", "unit", "dimensions_key"
        )
    }


UPLOAD_DIR = "statistics-uploads"


def _upload_name(token: str) -> str | None:
    # The token is a SHA-256 in hex: anything else never reaches the file system.
    if len(token) != 64 or any(char not in "0123456789abcdef" for char in token):
        return None
    return f"{UPLOAD_DIR}/{token}"


def statistics_uploads_prune(*, now=None) -> int:
    """Remove uploads older than STATISTICS_UPLOAD_KEEP_HOURS that nobody imported (a preview
    left unfinished); the files of pending imports stay. Returns how many went. Run when a file
    is stored and by the worker's daily upkeep."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.STATISTICS_UPLOAD_KEEP_HOURS)
    try:
        _folders, names = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return 0
    waiting = set(
        StatisticsImport.objects.filter(state=StatisticsImport.State.PENDING).values_list(
            "sha256", flat=True
        )
    )
    removed = 0
    for token in names:
        name = _upload_name(token)
        if name is None or token in waiting:
            continue
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                removed += 1
        except FileNotFoundError:  # removed meanwhile by another request
            continue
    return removed


def upload_store(*, data: bytes) -> str:
    """Keep an uploaded file until it is imported; returns its token (the SHA-256)."""
    statistics_uploads_prune()
    token = hashlib.sha256(data).hexdigest()
    name = _upload_name(token)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return token


def upload_read(*, token: str) -> bytes | None:
    name = _upload_name(token)
    if name is None or not default_storage.exists(name):
        return None
    with default_storage.open(name) as handle:
        return handle.read()


def upload_discard(*, token: str) -> None:
    name = _upload_name(token)
    if name is not None and default_storage.exists(name):
        default_storage.delete(name)
