from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope
from cohesion.processes.phases import (
    FIRST_PHASE,
    PHASE_CHOICES,
    PHASES_BY_SLUG,
    Phase,
    phase_after,
)


class Programme(models.Model):
    """A programme runs the process in many municipalities (a foundation's, a ministry's)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    description = models.TextField(_("description"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_programmes",
        blank=True,
        verbose_name=_("programme managers"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    @property
    def permission_scope(self) -> Scope:
        return Scope(municipality_id=None, programme_ids=frozenset({self.pk}))


class Process(models.Model):
    """One municipality's way through the seven phases within a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="processes")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="processes"
    )
    current_phase_slug = models.CharField(
        _("current phase"), max_length=30, choices=PHASE_CHOICES, default=FIRST_PHASE.slug
    )
    started_on = models.DateField(_("started on"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="unique_process_per_programme"
            )
        ]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return f"{self.municipality.name} – {self.programme.name}"

    @property
    def permission_scope(self) -> Scope:
        return Scope(
            municipality_id=self.municipality_id, programme_ids=frozenset({self.programme_id})
        )

    @property
    def current_phase(self) -> Phase:
        return PHASES_BY_SLUG[self.current_phase_slug]

    @property
    def next_phase(self) -> Phase | None:
        return phase_after(self.current_phase)


class PhaseTransition(models.Model):
    """The process's history, shown on its page: who moved it from which phase to which, and
    when. Undoing an advance is a transition of its own (kind "undo"), so the history never loses
    a step; the audit trail records the same changes for those who oversee (audit app)."""

    class Kind(models.TextChoices):
        START = "start", _("start")
        ADVANCE = "advance", _("advance")
        UNDO = "undo", _("undo")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="transitions")
    from_phase_slug = models.CharField(max_length=30, choices=PHASE_CHOICES, blank=True)
    to_phase_slug = models.CharField(max_length=30, choices=PHASE_CHOICES)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ADVANCE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    happened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_at", "pk"]
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")

    def __str__(self) -> str:
        return f"{self.process_id}: {self.from_phase_slug or '–'} → {self.to_phase_slug}"
