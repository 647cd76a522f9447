import functools
import hashlib
import itertools
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from cohesion.municipalities.models import Municipality
from cohesion.statistics.messages import MESSAGES, error_message, problem_message
from cohesion.statistics.models import Observation, Series, StatisticsImport
from cohesion.statistics.readers.base import ParsedFile, StatisticsFileError
from cohesion.statistics.readers.sniff import read_statistics_file

BATCH = 2000


def max_upload_bytes() -> int:
    return settings.STATISTICS_MAX_UPLOAD_MB * 1024 * 1024


def region_ags(region_key: str) -> str:
    """The registry key for a file's region key: a 12-digit ARS (Zensus) becomes the AGS."""
    if len(region_key) == 12 and region_key.isdigit():
        return region_key[:5] + region_key[9:]
    return region_key


def _registry_ids() -> dict[str, int]:
    # The whole registry in one query (some 11,000 short rows) rather than an IN list that
    # could pass SQLite's limit on parameters.
    return dict(Municipality.objects.values_list("ags", "pk"))


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
    known = _registry_ids()
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
        already_imported=StatisticsImport.objects.filter(sha256=sha256).first(),
    )


def statistics_import(
    *, data: bytes, filename: str = "", actor=None, mapping=None
) -> tuple[StatisticsImport, bool]:
    """Import a statistics file in one transaction; returns the import and whether it is new.

    The same file a second time changes nothing. Observations are keyed by series, region and
    period, so a newer edition of a table replaces the values it repeats.
    """
    if actor is not None and not actor.has_perm("statistics.import_statistics"):
        raise PermissionDenied
    # The same bytes again: answered before the file is read at all.
    earlier = StatisticsImport.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    if earlier is not None:
        return earlier, False
    preview = statistics_preview(data=data, filename=filename, mapping=mapping)
    parsed = preview.parsed
    with transaction.atomic():
        record = StatisticsImport.objects.create(
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
            imported_by=actor,
        )
        series_ids = _series_ids(parsed)
        municipality_ids = _registry_ids()
        record_id = record.pk
        _observations_upsert(
            (
                series_ids[(o.variable, o.unit, dimensions_key(o.dimensions))],
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
    return record, True


_OBSERVATION_COLUMNS = [
    "series_id",
    "region_key",
    "municipality_id",
    "period",
    "value",
    "status",
    "quality_flag",
    "statistics_import_id",
]
_OBSERVATION_KEY = ["series_id", "region_key", "period"]


def _observations_upsert(rows) -> None:
    """Insert or update observations in bulk: on PostgreSQL through COPY into a temporary table,
    elsewhere with one prepared statement run over batches of tuples.

    Plain SQL because the ORM's bulk_create spends most of a million-row import compiling SQL
    and building model instances; ON CONFLICT ... DO UPDATE reads the same on both databases.
    Identifiers come from the constants above; every value travels as a parameter or via COPY.
    """
    table = connection.ops.quote_name(Observation._meta.db_table)
    columns = ", ".join(_OBSERVATION_COLUMNS)
    key = ", ".join(_OBSERVATION_KEY)
    updated = [column for column in _OBSERVATION_COLUMNS if column not in _OBSERVATION_KEY]
    on_conflict = f"ON CONFLICT ({key}) DO UPDATE SET " + ", ".join(
        f"{column} = excluded.{column}" for column in updated
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS observation_load")
            cursor.execute(
                "CREATE TEMPORARY TABLE observation_load (series_id bigint, region_key text,"
                " municipality_id bigint, period text, value numeric, status text,"
                " quality_flag text, statistics_import_id bigint) ON COMMIT DROP"
            )
            with cursor.cursor.copy(f"COPY observation_load ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM observation_load "  # noqa: S608
                + on_conflict
            )
            return
        placeholders = ", ".join(["%s"] * len(_OBSERVATION_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) " + on_conflict  # noqa: S608
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            cursor.executemany(sql, batch)


def _series_ids(parsed: ParsedFile) -> dict[tuple[str, str, str], int]:
    table = parsed.table_code[:40] or "-"
    wanted = {
        (o.variable, o.unit, dimensions_key(o.dimensions)): [list(pair) for pair in o.dimensions]
        for o in parsed.observations
    }
    Series.objects.bulk_create(
        [
            Series(table_code=table, variable=v, unit=u, dimensions_key=k, dimensions=dims)
            for (v, u, k), dims in wanted.items()
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
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


def upload_store(*, data: bytes) -> str:
    """Keep an uploaded file until it is imported; returns its token (the SHA-256)."""
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
