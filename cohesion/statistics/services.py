import contextlib
import dataclasses
import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.predicates import coordinated_municipality_ids, manages_a_programme
from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import SYSTEM, user_or_none
from cohesion.municipalities.selectors import (
    municipalities_by_ids,
    municipality_ids_with_districts,
    registry_ids,
    registry_names,
)
from cohesion.statistics.messages import MESSAGES, error_message, problem_message
from cohesion.statistics.models import ImportRun, Series, StatisticsImport
from cohesion.statistics.readers.base import (
    AMBIGUOUS_ORDER,
    AMBIGUOUS_SKIP,
    ROLES,
    ColumnGuess,
    Layout,
    Observation,
    ParsedFile,
    Problem,
    ReadChoices,
    StatisticsFileError,
)
from cohesion.statistics.readers.sheet import normalise_region_name
from cohesion.statistics.readers.sniff import read_statistics_file
from cohesion.statistics.readers.tidy import TidyMapping, tidy_columns
from cohesion.statistics.staging import (
    Differences,
    Load,
    Stage,
    import_take_back,
    observation_load,
)

# Rows loaded per batch: each batch is one statement (one COPY on PostgreSQL) and one progress
# report, small enough that memory stays flat whatever the file's size.
LOAD_BATCH = 5000
# A preview reads a file up to this size whole; of a larger one it reads the first rows only
# (PREVIEW_HEAD_ROWS) and says so: the import counts the rest.
PREVIEW_FULL_BYTES = 5 * 1024 * 1024
PREVIEW_HEAD_ROWS = 20_000
SAMPLE_ROWS = 20
# What a preview keeps of a file is bounded whatever the file holds.
PREVIEW_KEYS_LIMIT = 50_000
PREVIEW_LABELS_LIMIT = 500

IMPORT_APPLY = audit_action("statistics.import_apply", _("statistics imported"))
IMPORT_HOLD = audit_action("statistics.import_hold", _("statistics import waiting for approval"))
IMPORT_APPROVE = audit_action("statistics.import_approve", _("statistics import approved"))
IMPORT_REFUSE = audit_action("statistics.import_refuse", _("statistics import refused"))
IMPORT_UNDO = audit_action("statistics.import_undo", _("statistics import undone"))

logger = logging.getLogger(__name__)


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


# --- the user's choices ---------------------------------------------------------------------------


def choices_to_dict(choices: ReadChoices | None) -> dict | None:
    """The user's corrections as stored in the session and with a pending import (the region
    names come from the registry at every read, they are not stored)."""
    if choices is None:
        return None
    return {
        "roles": [[index, role] for index, role in choices.roles],
        "header_rows": choices.header_rows,
        "ambiguous": choices.ambiguous,
    }


def choices_from_dict(stored: dict | None) -> ReadChoices | None:
    """ReadChoices from what choices_to_dict stored; anything that is not a valid choice is
    ValueError (a forged session or form never reaches a reader)."""
    if not stored:
        return None
    roles = tuple((int(index), str(role)) for index, role in stored.get("roles") or ())
    if any(role not in ROLES or index < 0 for index, role in roles):
        raise ValueError("a column role is not one of ROLES")
    header_rows = stored.get("header_rows")
    if header_rows is not None and not 0 < int(header_rows) <= 50:
        raise ValueError("the header has between 1 and 50 rows")
    ambiguous = stored.get("ambiguous") or AMBIGUOUS_SKIP
    if ambiguous not in (AMBIGUOUS_SKIP, AMBIGUOUS_ORDER):
        raise ValueError("ambiguous rows are skipped or kept by their order")
    return ReadChoices(
        roles=roles,
        header_rows=int(header_rows) if header_rows is not None else None,
        ambiguous=ambiguous,
    )


def _with_registry_names(choices: ReadChoices | None) -> ReadChoices:
    # Office sheets name regions without a key; the registry tells the key (the readers know
    # no database).
    return dataclasses.replace(
        choices or ReadChoices(), region_names=registry_names(normalise=normalise_region_name)
    )


def mapping_layout(mapping: TidyMapping, columns: list[str]) -> Layout:
    """What a plain table's column mapping says, as a layout the preview shows and the user
    corrects (for readers that give no layout of their own)."""
    roles = {mapping.region_key: "key", mapping.period: "period"}
    roles |= {name: "measure" for name in (*mapping.value_columns, mapping.value) if name}
    roles |= {name: "breakdown" for name in (*mapping.dimension_columns, mapping.variable) if name}
    if mapping.region_name:
        roles[mapping.region_name] = "name"
    if mapping.unit_column:
        roles[mapping.unit_column] = "unit"
    return Layout(
        header_lines=(1,),
        first_data_line=2,
        columns=tuple(
            ColumnGuess(
                index=index,
                label=label,
                role=roles.get(label, "ignored"),
                measure=label if roles.get(label) == "measure" else "",
                unit=mapping.unit if roles.get(label) == "measure" else "",
            )
            for index, label in enumerate(columns)
        ),
    )


def mapping_with_roles(
    mapping: TidyMapping, columns: list[str], choices: ReadChoices | None
) -> TidyMapping:
    """A plain table's mapping with the user's role corrections applied: the key, period, name
    and unit column, the measures (wide form), the breakdowns. A long-form mapping keeps its
    variable column while that column stays a breakdown."""
    if choices is None or not choices.roles:
        return mapping
    roles = {
        label: choices.role_of(index) or role.role
        for index, (label, role) in enumerate(
            zip(columns, mapping_layout(mapping, columns).columns, strict=True)
        )
    }
    named = lambda role: [label for label in columns if roles.get(label) == role]  # noqa: E731
    keys, periods, names, units = named("key"), named("period"), named("name"), named("unit")
    measures, breakdowns = named("measure"), named("breakdown")
    variable = mapping.variable if mapping.variable in breakdowns else None
    long_form = bool(variable) and len(measures) == 1
    return dataclasses.replace(
        mapping,
        region_key=keys[0] if keys else "",
        period=periods[0] if periods else "",
        fixed_period="" if periods else mapping.fixed_period,
        region_name=names[0] if names else None,
        unit_column=units[0] if units else None,
        value=measures[0] if long_form else None,
        variable=variable if long_form else None,
        value_columns=() if long_form else tuple(measures),
        dimension_columns=tuple(name for name in breakdowns if name != variable or not long_form),
    )


# --- reading --------------------------------------------------------------------------------------


def statistics_parse(
    *, data: bytes, filename: str = "", mapping=None, choices: ReadChoices | None = None
) -> ParsedFile:
    """Read a file, or raise ValidationError with the reason in the user's language. The
    observations may be a stream: errors in a row surface while iterating (see ``_read``)."""
    if mapping is not None and choices is not None and choices.roles:
        try:
            mapping = mapping_with_roles(mapping, tidy_columns(data), choices)
        except StatisticsFileError as error:
            raise ValidationError(error_message(error), code=error.code) from error
    try:
        return read_statistics_file(
            data,
            filename=filename,
            max_bytes=max_upload_bytes(),
            mapping=mapping,
            choices=_with_registry_names(choices),
        )
    except StatisticsFileError as error:
        raise ValidationError(error_message(error), code=error.code) from error


def _read(observations: Iterable[Observation]) -> Iterator[Observation]:
    """The observations, with a reader's error while streaming turned into the user's message."""
    try:
        yield from observations
    except StatisticsFileError as error:
        raise ValidationError(error_message(error), code=error.code) from error


def _line_count(data: bytes) -> int | None:
    """Lines of a text file, to tell how far an import has read; None for an archive or a
    workbook, whose lines are not the bytes'."""
    if data[:2] == b"PK":
        return None
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


class _Bounded:
    """A set that stops growing at ``limit``, remembering that it overflowed."""

    def __init__(self, limit: int):
        self.items: set = set()
        self.limit = limit
        self.overflow = False

    def add(self, item) -> None:
        if item in self.items:
            return
        if len(self.items) < self.limit:
            self.items.add(item)
        else:
            self.overflow = True


@dataclass
class ImportPreview:
    """What an import would bring, shown before anything is written. Read in one pass with
    bounded memory; of a large file only the first PREVIEW_HEAD_ROWS (``complete`` is False)."""

    parsed: ParsedFile
    sha256: str
    filename: str
    variables: list[str]
    periods: list[str]
    region_count: int
    regions_sample: list[str]
    problems: list[str] = field(default_factory=list)
    already_imported: StatisticsImport | None = None
    row_count: int = 0
    complete: bool = True
    sample: list[Observation] = field(default_factory=list)
    layout: Layout | None = None
    ambiguous: list[Problem] = field(default_factory=list)  # ambiguous_rows problems
    more_variables: bool = False
    more_periods: bool = False
    more_regions: bool = False


def statistics_preview(
    *,
    data: bytes,
    filename: str = "",
    mapping=None,
    choices: ReadChoices | None = None,
    head_rows: int | None = None,
) -> ImportPreview:
    """Read what the preview needs in one pass: variables, periods, regions, the first rows and
    the problems. A file above PREVIEW_FULL_BYTES is read up to PREVIEW_HEAD_ROWS rows
    (``head_rows`` sets another limit)."""
    parsed = statistics_parse(data=data, filename=filename, mapping=mapping, choices=choices)
    if head_rows is None and len(data) > PREVIEW_FULL_BYTES:
        head_rows = PREVIEW_HEAD_ROWS
    keys = _Bounded(PREVIEW_KEYS_LIMIT)
    variables = _Bounded(PREVIEW_LABELS_LIMIT)
    periods = _Bounded(PREVIEW_LABELS_LIMIT)
    sample: list[Observation] = []
    count, complete = 0, True
    for observation in _read(parsed.observations):
        if head_rows is not None and count >= head_rows:
            complete = False
            break
        count += 1
        if len(sample) < SAMPLE_ROWS:
            sample.append(observation)
        keys.add(observation.region_key)
        variables.add(observation.variable)
        periods.add(observation.period)
    known = registry_ids()
    unknown = sorted(key for key in keys.items if region_ags(key) not in known and key != "DG")
    # A stream appends what it found to the problems when an iteration ends.
    problems = [problem_message(problem) for problem in parsed.problems]
    if unknown:
        problems.append(
            str(MESSAGES["unknown_region"])
            % {"count": len(unknown), "keys": ", ".join(unknown[:5])}
        )
    layout = parsed.layout
    if layout is None and mapping is not None:
        with contextlib.suppress(StatisticsFileError):
            columns = tidy_columns(data)
            layout = mapping_layout(mapping_with_roles(mapping, columns, choices), columns)
    sha256 = hashlib.sha256(data).hexdigest()
    ordered_keys = sorted(keys.items)
    return ImportPreview(
        parsed=parsed,
        sha256=sha256,
        filename=filename,
        variables=sorted(variables.items),
        periods=sorted(periods.items),
        region_count=len(ordered_keys),
        regions_sample=ordered_keys[:10],
        problems=problems,
        already_imported=StatisticsImport.objects.filter(
            sha256=sha256, state=StatisticsImport.State.APPLIED
        ).first(),
        row_count=count,
        complete=complete,
        sample=sample,
        layout=layout,
        ambiguous=[problem for problem in parsed.problems if problem.code == "ambiguous_rows"],
        more_variables=variables.overflow,
        more_periods=periods.overflow,
        more_regions=keys.overflow,
    )


# --- loading and writing --------------------------------------------------------------------------

# progress(rows read, share of the file read (0..1) or None when unknown, phase)
Progress = Callable[[int, float | None, str], None]
READING, WRITING = "reading", "writing"


@dataclass
class _Loaded:
    """A file's observations in the temporary table, and what the write needs to know."""

    table: str
    count: int
    # Series the file brings that do not exist yet: negative reference -> key and dimensions.
    new_series: dict[int, tuple[tuple[str, str, str], tuple]]
    known_series: bool  # whether any of the file's series existed before


def _load(
    parsed: ParsedFile,
    load: Load,
    *,
    progress: Progress | None = None,
    total_lines: int | None = None,
    expected_rows: int | None = None,
    import_id: int = 0,
) -> _Loaded:
    """Stream the observations into the temporary table batch by batch, counting them; nothing
    but the current batch and one entry per series is held. Series the file brings are given
    negative references, created only when the write is decided (see _series_create), so that
    this loading writes nothing but the temporary table and may run outside the transaction."""
    table = parsed.table_code[:40] or "-"
    existing = _table_series(table)
    municipality_ids = registry_ids()
    series_refs: dict[tuple[str, str, str], int] = {}
    new_series: dict[int, tuple[tuple[str, str, str], tuple]] = {}
    known = False
    count = 0
    batch: list[tuple] = []
    last_line = 0

    def flush() -> None:
        nonlocal count
        with transaction.atomic():
            load.write(batch)
        count += len(batch)
        batch.clear()
        if progress is not None:
            if expected_rows:
                share = min(count / expected_rows, 1.0)
            elif total_lines:
                share = min(last_line / total_lines, 1.0)
            else:
                share = None
            progress(count, share, READING)

    for o in _read(parsed.observations):
        key = (o.variable, o.unit, dimensions_key(o.dimensions))
        series_id = series_refs.get(key)
        if series_id is None:
            series_id = existing.get(key)
            if series_id is None:
                series_id = -(len(new_series) + 1)
                new_series[series_id] = (key, o.dimensions)
            else:
                known = True
            series_refs[key] = series_id
        batch.append(
            (
                series_id,
                o.region_key,
                municipality_ids.get(region_ags(o.region_key)),
                o.period,
                o.value,
                o.status.value,
                o.quality_flag,
                import_id,
            )
        )
        if len(batch) >= LOAD_BATCH:
            last_line = o.line
            flush()
    if batch:
        flush()
    return _Loaded(table=table, count=count, new_series=new_series, known_series=known)


def _series_create(loaded: _Loaded, stage: Stage) -> None:
    """Create the series the file brings and tell the stage their ids."""
    if not loaded.new_series:
        return
    Series.objects.bulk_create(
        [
            Series(
                table_code=loaded.table,
                variable=variable,
                unit=unit,
                dimensions_key=key,
                dimensions=[list(pair) for pair in dimensions],
            )
            for (variable, unit, key), dimensions in loaded.new_series.values()
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    ids = _table_series(loaded.table)
    stage.series_refs_write({ref: ids[key] for ref, (key, _dims) in loaded.new_series.items()})


def _write(*, loaded: _Loaded, stage: Stage, record: StatisticsImport, scope) -> None:
    """Write the loaded values as the import ``record``: revisions first (they read the values
    being replaced), then the new and changed values. Raises _OutsideScope before writing when
    ``scope`` (registry ids) leaves out a region whose values would change."""
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
    _series_create(loaded, stage)
    # Series seen for the first time hold no values yet: nothing to revise, and a first import
    # of a large table skips the comparison.
    revised = stage.revisions_write(import_id=record.pk) if loaded.known_series else 0
    record.revised_count = revised
    record.new_count = stage.observations_write(import_id=record.pk) - revised
    record.observation_count = loaded.count
    record.save(update_fields=["new_count", "revised_count", "observation_count"])


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


def _record_new(
    *, parsed: ParsedFile, sha256: str, filename: str, actor, mapping, choices, count, **fields
):
    return StatisticsImport.objects.create(
        filename=filename[:255],
        sha256=sha256,
        format=parsed.format,
        table_code=parsed.table_code[:40],
        title=parsed.title[:500],
        stand=parsed.stand,
        source=parsed.source[:500],
        licence=parsed.licence[:100],
        encoding=parsed.encoding,
        footnotes=parsed.footnotes,
        observation_count=count,
        imported_by=user_or_none(actor),
        mapping=mapping.__dict__ if mapping is not None else None,
        choices=choices_to_dict(choices),
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
    *,
    data: bytes,
    actor,
    filename: str = "",
    mapping=None,
    choices: ReadChoices | None = None,
    progress: Progress | None = None,
    expected_rows: int | None = None,
) -> tuple[StatisticsImport, bool]:
    """Import a statistics file; returns the import and whether it is new.

    The file is read as a stream into a temporary table (batch by batch, reporting ``progress``),
    then compared and written in one transaction: a file that fails while being read, or a
    write that fails, leaves nothing behind. Observations are keyed by series, region and
    period: a value the file repeats unchanged keeps its source, a different one is a revision
    that records the value it replaced. The same file again changes nothing while its values
    are all current, and restores them when another import changed them. A coordinator's file
    that would add or change values outside their municipalities and districts is not applied:
    it waits for a programme manager. Commands and the demo pass ``actor=SYSTEM``.
    """
    if not actor.has_perm("statistics.import_statistics"):
        raise PermissionDenied
    parsed = statistics_parse(data=data, filename=filename, mapping=mapping, choices=choices)
    sha256 = hashlib.sha256(data).hexdigest()
    scope = _coordinator_scope(actor)
    with observation_load() as load:
        loaded = _load(
            parsed,
            load,
            progress=progress,
            total_lines=_line_count(data),
            expected_rows=expected_rows,
        )
        if progress is not None:
            progress(loaded.count, 1.0, WRITING)
        stage = load.stage()
        record_fields = {
            "parsed": parsed,
            "sha256": sha256,
            "filename": filename,
            "actor": actor,
            "mapping": mapping,
            "choices": choices,
            "count": loaded.count,
        }
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = _record_new(**record_fields)
                    _write(loaded=loaded, stage=stage, record=record, scope=scope)
                    if record.new_count == 0 and record.revised_count == 0:
                        earlier = (
                            StatisticsImport.objects.filter(
                                sha256=sha256, state=StatisticsImport.State.APPLIED
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
                        MESSAGES["outside_scope_refused"]
                        % {"keys": outside.differences.keys_label},
                        code="outside_scope",
                    ) from None
                record = _record_new(
                    **record_fields,
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


def _stored_read(record: StatisticsImport, data: bytes) -> ParsedFile:
    """A pending import's file read again as it was chosen: mapping and choices."""
    mapping = TidyMapping(**record.mapping) if record.mapping else None
    try:
        choices = choices_from_dict(record.choices)
    except ValueError:
        choices = None
    return statistics_parse(data=data, filename=record.filename, mapping=mapping, choices=choices)


@contextlib.contextmanager
def staged_file(*, statistics_import: StatisticsImport):
    """A pending import's file loaded for comparison with the current values, without creating
    anything (series the file would add keep their negative references: all their values are
    new). Yields None when the file is gone or no longer readable. For reads inside a
    transaction the caller rolls back."""
    data = upload_read(token=statistics_import.sha256)
    if data is None:
        yield None
        return
    with observation_load() as load:
        try:
            _load(_stored_read(statistics_import, data), load, import_id=statistics_import.pk)
        except ValidationError:
            loaded = False
        else:
            loaded = True
        if not loaded:
            yield None
            return
        yield load.stage()


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
    parsed = _stored_read(statistics_import, data)
    with observation_load() as load:
        loaded = _load(parsed, load, import_id=statistics_import.pk)
        return _pending_decide(
            actor=actor,
            statistics_import=statistics_import,
            state=StatisticsImport.State.APPLIED,
            action=IMPORT_APPROVE,
            apply=lambda record: _write(
                loaded=loaded, stage=load.stage(), record=record, scope=None
            ),
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


# --- imports in the background --------------------------------------------------------------------

PROGRESS_EVERY_SECONDS = 0.5  # the run's progress row is written at most this often


def statistics_import_request(
    *,
    actor,
    token: str,
    filename: str,
    mapping: dict | None = None,
    choices: ReadChoices | None = None,
    expected_rows: int | None = None,
) -> ImportRun:
    """Queue the import of an uploaded file; the worker runs it (statistics_import_run_execute)
    while the page shows its progress. With the immediate task backend it has run on return."""
    from cohesion.statistics.tasks import statistics_import_run  # the task calls back into here

    if not actor.has_perm("statistics.import_statistics"):
        raise PermissionDenied
    run = ImportRun.objects.create(
        token=token,
        filename=filename[:255],
        mapping=mapping,
        choices=choices_to_dict(choices),
        requested_by=actor,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        expected_rows=expected_rows,
    )
    statistics_import_run.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _run_update(run_id: int, **fields) -> None:
    ImportRun.objects.filter(pk=run_id).update(**fields)


def statistics_import_run_execute(*, run_id: int) -> int | None:
    """Run a queued import: mark it as reading, report progress, and record its result or the
    reason it failed in the requester's language. The import itself stands or falls whole."""
    claimed = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.READING, started_at=timezone.now()
    )
    if not claimed:  # unknown, or already run (a task delivered twice)
        return None
    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    with translation.override(run.language or settings.LANGUAGE_CODE):
        try:
            record, created = _run_import(run)
        except ValidationError as error:
            return _run_failed(run, " ".join(error.messages))
        except PermissionDenied:
            return _run_failed(run, str(MESSAGES["run_not_allowed"]))
        except Exception:
            logger.exception("statistics import run %s failed", run_id)
            return _run_failed(run, str(MESSAGES["run_failed"]))
    _run_update(
        run_id,
        state=ImportRun.State.DONE,
        percent=100,
        result=record,
        result_is_new=created,
        rows_read=record.observation_count,
        finished_at=timezone.now(),
    )
    if record.state != StatisticsImport.State.PENDING:  # a pending import keeps its file
        upload_discard(token=run.token)
    return record.pk


def _run_import(run: ImportRun) -> tuple[StatisticsImport, bool]:
    data = upload_read(token=run.token)
    if data is None:
        raise ValidationError(MESSAGES["run_file_missing"], code="file_missing")
    if run.requested_by is None:
        raise PermissionDenied
    try:
        mapping = TidyMapping(**run.mapping) if run.mapping else None
        choices = choices_from_dict(run.choices)
    except (TypeError, ValueError) as error:
        raise ValidationError(MESSAGES["run_bad_choices"], code="bad_choices") from error
    last = 0.0

    def progress(rows: int, share: float | None, phase: str) -> None:
        nonlocal last
        now = time.monotonic()
        if phase == READING and now - last < PROGRESS_EVERY_SECONDS:
            return
        last = now
        _run_update(
            run.pk,
            rows_read=rows,
            percent=None if share is None else int(share * 100),
            state=ImportRun.State.WRITING if phase == WRITING else ImportRun.State.READING,
        )

    return statistics_import(
        data=data,
        actor=run.requested_by,
        filename=run.filename,
        mapping=mapping,
        choices=choices,
        progress=progress,
        expected_rows=run.expected_rows,
    )


def _run_failed(run: ImportRun, message: str) -> None:
    _run_update(run.pk, state=ImportRun.State.FAILED, message=message, finished_at=timezone.now())
    upload_discard(token=run.token)
    return None
