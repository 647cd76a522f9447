"""A file's observations loaded into a temporary table, compared with the current values in SQL.

A million-row import cannot afford to compare value by value in Python: the rows go into a
temporary table (on PostgreSQL through COPY, elsewhere with one prepared statement over batches),
and the differences, the revisions and the new values are each one statement over that load.
Plain SQL because the ORM's bulk_create spends most of a million-row import compiling SQL and
building model instances. Identifiers come from the constants below; every value travels as a
parameter or via COPY.
"""

import itertools
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import DatabaseError, connection

from cohesion.statistics.models import Observation, ObservationRevision, Series

BATCH = 2000
LOAD = "observation_load"
REFS = "observation_load_series"  # series created after the load: negative ref -> id
COLUMNS = [
    "series_id",
    "region_key",
    "municipality_id",
    "period",
    "value",
    "status",
    "quality_flag",
    "statistics_import_id",
]
KEY = ["series_id", "region_key", "period"]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> tuple[str, str, str]:
    return (
        _q(Observation._meta.db_table),
        _q(ObservationRevision._meta.db_table),
        _q(Series._meta.db_table),
    )


def _differs(current: str, new: str) -> str:
    """A value counts as changed when the number or its status differs (NULL-safe)."""
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return f"({current}.value {distinct} {new}.value OR {current}.status <> {new}.status)"


def _joined(current: str, load: str) -> str:
    return " AND ".join(f"{current}.{column} = {load}.{column}" for column in KEY)


@dataclass
class Differences:
    """What a file would change: counts, the regions outside the importer's scope, and a page of
    the changed values (old → new)."""

    new_count: int = 0
    changed_count: int = 0
    outside_keys: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)

    @property
    def keys_label(self) -> str:
        return ", ".join(self.outside_keys[:10])


class Stage:
    def __init__(self, cursor):
        self.cursor = cursor
        self.observation, self.revision, self.series = _tables()

    def _scalar(self, sql: str, params=()) -> int:
        self.cursor.execute(sql, params)
        return self.cursor.fetchone()[0]

    def new_count(self) -> int:
        obs = self.observation
        return self._scalar(
            f"SELECT COUNT(*) FROM {LOAD} l WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {obs} o WHERE {_joined('o', 'l')})"
        )

    def changed_count(self) -> int:
        obs = self.observation
        return self._scalar(
            f"SELECT COUNT(*) FROM {LOAD} l JOIN {obs} o ON {_joined('o', 'l')} "  # noqa: S608
            f"WHERE {_differs('o', 'l')}"
        )

    def keys_outside(self, scope: frozenset[int], limit: int = 50) -> list[str]:
        """Region keys whose values would be added or changed but lie outside ``scope``."""
        obs = self.observation
        ids = sorted(scope) or [0]
        placeholders = ", ".join(["%s"] * len(ids))
        self.cursor.execute(
            f"SELECT DISTINCT l.region_key FROM {LOAD} l "  # noqa: S608
            f"LEFT JOIN {obs} o ON {_joined('o', 'l')} "
            f"WHERE (o.id IS NULL OR {_differs('o', 'l')}) "
            f"AND (l.municipality_id IS NULL OR l.municipality_id NOT IN ({placeholders})) "
            f"ORDER BY l.region_key LIMIT {int(limit)}",
            ids,
        )
        return [row[0] for row in self.cursor.fetchall()]

    def changes(self, *, offset: int, limit: int) -> list[dict]:
        """One page of the values that would change, old → new, in a stable order."""
        obs, series = self.observation, self.series
        self.cursor.execute(
            f"SELECT s.table_code, s.variable, s.unit, s.dimensions_key, l.region_key, "  # noqa: S608
            f"l.period, o.value, o.status, l.value, l.status "
            f"FROM {LOAD} l JOIN {obs} o ON {_joined('o', 'l')} "
            f"JOIN {series} s ON s.id = l.series_id "
            f"WHERE {_differs('o', 'l')} "
            f"ORDER BY l.region_key, l.period, s.variable, s.dimensions_key "
            f"LIMIT {int(limit)} OFFSET {int(offset)}"
        )
        return [
            {
                "table_code": table_code,
                "variable": variable,
                "unit": unit,
                "dimensions": dimensions,
                "region_key": region_key,
                "period": period,
                "old_value": _decimal(old_value),
                "old_status": old_status,
                "new_value": _decimal(new_value),
                "new_status": new_status,
            }
            for (
                table_code,
                variable,
                unit,
                dimensions,
                region_key,
                period,
                old_value,
                old_status,
                new_value,
                new_status,
            ) in self.cursor.fetchall()
        ]

    def revisions_write(self, *, import_id: int | None = None) -> int:
        """Record every value the load replaces, with the value and import it replaces.
        ``import_id`` names the import when the load was filled before it existed."""
        obs, revision = self.observation, self.revision
        importer, params = _import_column(import_id)
        self.cursor.execute(
            f"INSERT INTO {revision} (statistics_import_id, series_id, region_key, period, "  # noqa: S608
            "value, status, previous_value, previous_status, previous_quality_flag, "
            "previous_import_id) "
            f"SELECT {importer}, l.series_id, l.region_key, l.period, l.value, "
            "l.status, o.value, o.status, o.quality_flag, o.statistics_import_id "
            f"FROM {LOAD} l JOIN {obs} o ON {_joined('o', 'l')} WHERE {_differs('o', 'l')}",
            params,
        )
        return max(self.cursor.rowcount, 0)

    def observations_write(self, *, import_id: int | None = None) -> int:
        """Insert the new values and overwrite the changed ones; identical values keep their
        source. Returns the rows inserted or overwritten (both databases count an upsert's
        update only where its WHERE held), so new = written - revised without another join.
        Rows of series created after the load (a negative reference, see ``series_refs_write``)
        get their series' id here."""
        obs = self.observation
        columns = ", ".join(COLUMNS)
        importer, params = _import_column(import_id)
        selected = ", ".join(
            "COALESCE(r.id, l.series_id)"
            if column == "series_id"
            else importer
            if column == "statistics_import_id"
            else f"l.{column}"
            for column in COLUMNS
        )
        updated = [column for column in COLUMNS if column not in KEY]
        self.cursor.execute(
            f"INSERT INTO {obs} ({columns}) SELECT {selected} FROM {LOAD} l "  # noqa: S608
            f"LEFT JOIN {REFS} r ON r.ref = l.series_id WHERE 1 = 1 "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET "
            + ", ".join(f"{column} = excluded.{column}" for column in updated)
            + f" WHERE {_differs(obs, 'excluded')}",
            params,
        )
        return max(self.cursor.rowcount, 0)

    def series_refs_write(self, refs: dict[int, int]) -> None:
        """The ids of series created after the load: {negative reference: id}."""
        items = list(refs.items())
        for start in range(0, len(items), BATCH):
            self.cursor.executemany(
                f"INSERT INTO {REFS} (ref, id) VALUES (%s, %s)",  # noqa: S608
                items[start : start + BATCH],
            )


def _import_column(import_id: int | None) -> tuple[str, list]:
    if import_id is None:
        return "l.statistics_import_id", []
    return "%s", [import_id]


def _decimal(value):
    # SQLite hands back floats or ints for a decimal column read through raw SQL.
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


class Load:
    """The temporary table being filled, batch by batch: a large file is read as a stream and
    never held whole. On PostgreSQL every batch is one COPY, so that the caller may query the
    database between batches (create series, record progress)."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.count = 0

    def write(self, rows: list[tuple]) -> None:
        """Add rows (tuples in COLUMNS order)."""
        if not rows:
            return
        columns = ", ".join(COLUMNS)
        if connection.vendor == "postgresql":
            with self.cursor.cursor.copy(f"COPY {LOAD} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            self.cursor.executemany(
                f"INSERT INTO {LOAD} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )
        self.count += len(rows)

    def stage(self) -> Stage:
        return Stage(self.cursor)


@contextmanager
def observation_load():
    """An empty temporary table for a file's observations; yields a Load. The table lives as
    long as the connection (not the transaction): it may be filled in short transactions of its
    own, and compared and written in one transaction afterwards. Dropped at the end."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {LOAD}")
        cursor.execute(f"DROP TABLE IF EXISTS {REFS}")
        integer = "bigint" if connection.vendor == "postgresql" else "integer"
        cursor.execute(
            f"CREATE TEMPORARY TABLE {LOAD} (series_id {integer}, region_key text,"
            f" municipality_id {integer}, period text, value numeric, status text,"
            f" quality_flag text, statistics_import_id {integer})"
        )
        cursor.execute(f"CREATE TEMPORARY TABLE {REFS} (ref {integer}, id {integer})")
        try:
            yield Load(cursor)
        finally:
            try:
                cursor.execute(f"DROP TABLE IF EXISTS {LOAD}")
                cursor.execute(f"DROP TABLE IF EXISTS {REFS}")
            except DatabaseError:  # an aborted transaction: its rollback takes the tables along
                pass


@contextmanager
def staged_observations(rows):
    """Load ``rows`` (tuples in COLUMNS order, an iterable read batch by batch) into the
    temporary table; yields a Stage."""
    with observation_load() as load:
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            load.write(batch)
        yield load.stage()


def import_take_back(*, import_id: int) -> tuple[int, int]:
    """Undo an import's values in SQL; returns (values restored, values removed).

    First the revisions of later imports that replaced this import's values are spliced: they
    now name the value from before this import (or, where this import had added the value, they
    go, and the later value counts as added by the later import). Then the values this import
    still holds go back to what they replaced, and those it added are deleted.
    """
    obs, revision, _series = _tables()
    mine = (
        f"FROM {revision} x WHERE x.statistics_import_id = %s AND x.series_id = {{t}}.series_id "
        "AND x.region_key = {t}.region_key AND x.period = {t}.period"
    )
    later = mine.format(t=revision)
    current = mine.format(t=obs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {revision} SET "  # noqa: S608
            + ", ".join(
                f"{column} = (SELECT x.{column} {later})"
                for column in (
                    "previous_value",
                    "previous_status",
                    "previous_quality_flag",
                    "previous_import_id",
                )
            )
            + f" WHERE previous_import_id = %s AND EXISTS (SELECT 1 {later})",
            [import_id] * 4 + [import_id, import_id],
        )
        cursor.execute(
            f"DELETE FROM {revision} WHERE previous_import_id = %s",  # noqa: S608
            [import_id],
        )
        cursor.execute(
            f"UPDATE {obs} SET "  # noqa: S608
            + ", ".join(
                f"{column} = (SELECT x.{source} {current})"
                for column, source in (
                    ("value", "previous_value"),
                    ("status", "previous_status"),
                    ("quality_flag", "previous_quality_flag"),
                    ("statistics_import_id", "previous_import_id"),
                )
            )
            + f" WHERE statistics_import_id = %s AND EXISTS (SELECT 1 {current})",
            [import_id] * 4 + [import_id, import_id],
        )
        restored = max(cursor.rowcount, 0)
        cursor.execute(
            f"DELETE FROM {obs} WHERE statistics_import_id = %s",  # noqa: S608
            [import_id],
        )
        removed = max(cursor.rowcount, 0)
        cursor.execute(
            f"DELETE FROM {revision} WHERE statistics_import_id = %s",  # noqa: S608
            [import_id],
        )
    return restored, removed
