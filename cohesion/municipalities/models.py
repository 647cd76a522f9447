import unicodedata

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope

# Land (2 digits), district (5) or municipality (8): the official key at each level.
ags_validator = RegexValidator(r"^(\d{2}|\d{5}|\d{8})$", _("An official key has 2, 5 or 8 digits."))


class SizeClass(models.TextChoices):
    # The thresholds of the 2005 competition "Erfolgreiche Integration ist kein Zufall".
    LARGE = "large", _("large (100,000 inhabitants or more)")
    MEDIUM = "medium", _("medium (20,000 to 99,999 inhabitants)")
    SMALL = "small", _("small (fewer than 20,000 inhabitants)")


def fold_for_search(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def size_class_for(population: int | None) -> str | None:
    if population is None:
        return None
    if population >= 100_000:
        return SizeClass.LARGE
    if population >= 20_000:
        return SizeClass.MEDIUM
    return SizeClass.SMALL


class Municipality(models.Model):
    """A territorial unit that can run a process: a municipality, a district or a Land.

    Keyed by its official key (AGS); a district's key has 5 digits, a municipality's 8, so a
    district-free city (Solingen 05122000) and its district (05122) never collide.
    """

    class Kind(models.TextChoices):
        STATE = "state", _("Land")
        DISTRICT = "district", _("district")
        MUNICIPALITY = "municipality", _("municipality")

    ags = models.CharField(
        _("official key (AGS)"), max_length=8, unique=True, validators=[ags_validator]
    )
    ars = models.CharField(_("regional key (ARS)"), max_length=12, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    # Lower case without accents (Köln -> koln, Straße -> strasse): the same search on every
    # database, as SQLite folds only ASCII letters.
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    type_label = models.CharField(_("type"), max_length=40, blank=True)
    land = models.CharField(_("Land"), max_length=60, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_reference_date = models.DateField(_("population as of"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    territorial_status = models.DateField(_("territorial status (Gebietsstand)"), null=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "ags"]
        indexes = [models.Index(fields=["territorial_status"])]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.ags})"

    @property
    def permission_scope(self) -> Scope:
        """Its own municipality, and the programmes in which it runs a process (one query,
        kept on the instance)."""
        if not hasattr(self, "_programme_ids"):
            self._programme_ids = frozenset(self.processes.values_list("programme_id", flat=True))
        return Scope(municipality_id=self.pk, programme_ids=self._programme_ids)

    @property
    def size_class(self) -> str | None:
        return size_class_for(self.population)

    def get_size_class_display(self) -> str:
        size = self.size_class
        return SizeClass(size).label if size else ""


class PopulationRecord(models.Model):
    """A municipality's population on one reference date, as one registry edition gave it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_records"
    )
    reference_date = models.DateField(_("reference date"))
    population = models.PositiveIntegerField(_("population"), null=True)
    population_male = models.PositiveIntegerField(_("male population"), null=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True)
    territorial_status = models.DateField(_("territorial status (Gebietsstand)"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["municipality", "reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference_date"], name="unique_population_per_date"
            )
        ]
        verbose_name = _("population record")
        verbose_name_plural = _("population records")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.reference_date}: {self.population}"
