from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import NO_SCOPE, Scope
from cohesion.statistics.readers.base import Status


class StatisticsImport(models.Model):
    """One imported file: where its numbers come from, as the statistics office printed it.

    A coordinator's file that would add or change values outside their own municipality and its
    district waits as a *pending* import until a programme manager approves (it is applied) or
    refuses it; an applied import can be *undone*, which brings the values it replaced back."""

    class State(models.TextChoices):
        APPLIED = "applied", _("applied")
        PENDING = "pending", _("waiting for approval")
        REFUSED = "refused", _("refused")
        UNDONE = "undone", _("undone")

    filename = models.CharField(_("file name"), max_length=255)
    # Not unique: the same file again restores its values after another import changed them.
    sha256 = models.CharField(max_length=64, db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.APPLIED
    )
    # For a pending import: the coordinator's municipality, whose programmes' managers decide.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mapping = models.JSONField(null=True, blank=True)  # a tidy file's column mapping
    # The user's corrections of the reader's guesses (services.choices_to_dict), to read a
    # pending import's file again as it was chosen.
    choices = models.JSONField(null=True, blank=True)
    new_count = models.PositiveIntegerField(default=0)
    revised_count = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    format = models.CharField(_("format"), max_length=20)
    table_code = models.CharField(_("table"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    stand = models.DateField(_("as of (Stand)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    footnotes = models.TextField(_("footnotes"), blank=True)
    observation_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")

    def __str__(self) -> str:
        return f"{self.table_code or self.filename} ({self.imported_at:%Y-%m-%d})"

    @property
    def permission_scope(self) -> Scope:
        """A pending import belongs to the coordinator's municipality and its programmes."""
        if self.municipality_id is None:
            return NO_SCOPE
        return self.municipality.permission_scope

    @property
    def provenance(self) -> str:
        """The line to print under every number from this file."""
        parts = [self.source or self.filename]
        if self.table_code:
            parts.append(str(_("table %(code)s") % {"code": self.table_code}))
        if self.stand:
            parts.append(str(_("as of %(date)s") % {"date": self.stand.strftime("%d.%m.%Y")}))
        if self.licence:
            parts.append(self.licence)
        return ", ".join(parts)


class Series(models.Model):
    """One measure of one table broken down by fixed dimensions, e.g. 12521-0041 Ausländer,
    Geschlecht = weiblich, Ländergruppierungen = Europa."""

    table_code = models.CharField(_("table"), max_length=40)
    variable = models.CharField(_("variable"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    dimensions = models.JSONField(_("dimensions"), default=list)  # sorted [dimension, attribute]
    dimensions_key = models.CharField(max_length=1000)  # canonical text of `dimensions`

    class Meta:
        ordering = ["table_code", "variable", "dimensions_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["table_code", "variable", "unit", "dimensions_key"], name="unique_series"
            )
        ]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        label = f"{self.table_code} {self.variable}"
        return f"{label} [{self.dimensions_key}]" if self.dimensions_key else label

    def dimension(self, name: str) -> str | None:
        return dict(self.dimensions).get(name)


class Observation(models.Model):
    """A value of a series for one region and period, with the file it came from."""

    # No index of its own: the unique constraint below starts with the series. Fewer indexes keep a
    # million-row import fast. No database constraint on the series and the import either: the
    # importer writes only ids it created or read in the same transaction, and checking them
    # row by row cost PostgreSQL half of a million-row import (bench/statistics_import.py).
    # Deleting a series or an import still deletes its observations (Django's on_delete).
    series = models.ForeignKey(
        Series,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    region_key = models.CharField(_("region key"), max_length=12)
    # The registry entry, when the key names a current or former unit of the registry.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        db_constraint=False,  # as above; the ids come from the registry in the same transaction
    )
    period = models.CharField(_("period"), max_length=10)  # "YYYY-MM-DD" or "YYYY"
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True)
    status = models.CharField(
        _("status"), max_length=20, choices=[(status.value, status.value) for status in Status]
    )
    quality_flag = models.CharField(_("quality flag"), max_length=4, blank=True)
    statistics_import = models.ForeignKey(
        StatisticsImport,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["series", "region_key", "period"], name="unique_observation"
            )
        ]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.series_id} {self.region_key} {self.period}: {self.value}"


class ObservationRevision(models.Model):
    """A value an import replaced: which series, region and period, the value before and the
    import it came from, and the value the import brought. Values an import adds where there was
    none have no revision; undoing the import deletes them, and puts revised values back."""

    statistics_import = models.ForeignKey(
        StatisticsImport, on_delete=models.CASCADE, related_name="revisions", db_constraint=False
    )
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    region_key = models.CharField(_("region key"), max_length=12)
    period = models.CharField(_("period"), max_length=10)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True)
    status = models.CharField(_("status"), max_length=20)
    previous_value = models.DecimalField(
        _("previous value"), max_digits=20, decimal_places=6, null=True
    )
    previous_status = models.CharField(max_length=20)
    previous_quality_flag = models.CharField(max_length=4, blank=True)
    # The import the previous value came from (None once that import is gone).
    previous_import = models.ForeignKey(
        StatisticsImport,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        ordering = ["series_id", "region_key", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["statistics_import", "series", "region_key", "period"],
                name="unique_revision",
            )
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        where = f"{self.series_id} {self.region_key} {self.period}"
        return f"{where}: {self.previous_value} → {self.value}"


class ImportRun(models.Model):
    """An import running in the background: who asked for it, how far it has read, and its
    result. Its progress is written in short transactions of its own while the import reads;
    the import's values are written in one transaction at the end, so a failed run leaves only
    this row (state "failed", with the reason in the user's language)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        READING = "reading", _("reading the file")
        WRITING = "writing", _("writing the values")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    token = models.CharField(max_length=64)  # the upload's SHA-256 (services.upload_read)
    filename = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(null=True, blank=True)
    choices = models.JSONField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    language = models.CharField(max_length=10, blank=True)  # for the messages the task writes
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows_read = models.PositiveBigIntegerField(default=0)
    # From a preview that read the whole file: the share of rows read tells the progress.
    expected_rows = models.PositiveBigIntegerField(null=True, blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)  # None: not known
    message = models.TextField(blank=True)
    result = models.ForeignKey(
        StatisticsImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result_is_new = models.BooleanField(null=True)  # False: the same file again, nothing changed
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
