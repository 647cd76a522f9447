"""A municipality's integration strategy: guiding principles, fields of action, goals with
indicators, measures with milestones, and the history of every change.

Organiser text is stored as ``{language: text}`` (as the workshop's candidates), written in the
language of the person typing it and shown in the reader's language where translated."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
WEIGHT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
PROGRESS_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class Strategy(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="strategy"
    )
    title = models.JSONField(_("title"), default=dict)
    guiding_principles = models.JSONField(_("guiding principles"), default=dict, blank=True)
    source_language = models.CharField(_("written in"), max_length=10, default="de")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="draft")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title.get(self.source_language, "") or f"strategy {self.pk}"

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope

    @property
    def strategy(self) -> "Strategy":
        return self


def _text(texts: dict, language: str) -> str:
    return (texts or {}).get(language, "") or next(iter((texts or {}).values()), "")


class FieldOfAction(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="fields_of_action"
    )
    title = models.JSONField(_("title"), default=dict)
    order = models.PositiveIntegerField(default=0)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=WEIGHT_VALIDATORS)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")

    def __str__(self) -> str:
        return _text(self.title, self.strategy.source_language)

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class Goal(models.Model):
    field_of_action = models.ForeignKey(
        FieldOfAction, on_delete=models.CASCADE, related_name="goals"
    )
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=WEIGHT_VALIDATORS)
    order = models.PositiveIntegerField(default=0)
    candidate = models.ForeignKey(
        "workshops.Candidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_goals",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return _text(self.title, self.strategy.source_language)

    @property
    def strategy(self) -> Strategy:
        return self.field_of_action.strategy

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        DELAYED = "delayed", _("delayed")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    lead = models.CharField(_("lead"), max_length=200, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=PROGRESS_VALIDATORS
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=WEIGHT_VALIDATORS)
    order = models.PositiveIntegerField(default=0)
    candidate = models.ForeignKey(
        "workshops.Candidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_measures",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return _text(self.title, self.strategy.source_language)

    @property
    def strategy(self) -> Strategy:
        return self.goal.field_of_action.strategy

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("due"))
    title = models.JSONField(_("title"), default=dict)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return _text(self.title, self.strategy.source_language)

    @property
    def strategy(self) -> Strategy:
        return self.measure.strategy

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class GoalIndicator(models.Model):
    class Better(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    # An indicator of cohesion/indicators/catalogue.py, or blank for one of the town's own.
    catalogue_key = models.CharField(_("indicator of the catalogue"), max_length=80, blank=True)
    name = models.JSONField(_("name"), default=dict, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    better = models.CharField(
        _("better"), max_length=10, choices=Better.choices, default=Better.HIGHER
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.CharField(_("baseline date or period"), max_length=40, blank=True)
    baseline_source = models.TextField(_("baseline source"), blank=True)
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return _text(self.name, self.strategy.source_language) or self.catalogue_key

    @property
    def strategy(self) -> Strategy:
        return self.goal.field_of_action.strategy

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class IndicatorActual(models.Model):
    indicator = models.ForeignKey(GoalIndicator, on_delete=models.CASCADE, related_name="actuals")
    period = models.CharField(_("date or period"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.TextField(_("source"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "pk"]
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"

    @property
    def strategy(self) -> Strategy:
        return self.indicator.strategy

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class StrategyChange(models.Model):
    """One change of the strategy: who, when, which object and field, before and after.
    A creation has no before, a deletion no after; both keep the whole object's values."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_label = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=20)  # strategy, field, goal, measure, milestone, ...
    object_id = models.PositiveBigIntegerField()
    object_label = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=40, blank=True)  # blank: created or deleted
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["strategy", "-at"])]
        verbose_name = _("change of the strategy")
        verbose_name_plural = _("changes of the strategy")

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} {self.field}".strip()
