"""A municipality's integration strategy: guiding principles, fields of action, goals with
indicators, measures with milestones, and the history of every change.

Organiser text is stored as ``{language: text}`` (as the workshop's candidates), written in the
language of the person typing it and shown in the reader's language where translated."""

import uuid

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


class InStrategy:
    """A part of a strategy: permitted as its strategy is."""

    @property
    def permission_scope(self) -> Scope:
        return self.strategy.permission_scope


class TitledInStrategy(InStrategy):
    """A part of a strategy named by its title in the strategy's source language."""

    def __str__(self) -> str:
        return _text(self.title, self.strategy.source_language)


class FieldOfAction(TitledInStrategy, models.Model):
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


class Goal(TitledInStrategy, models.Model):
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

    @property
    def strategy(self) -> Strategy:
        return self.field_of_action.strategy


class Measure(TitledInStrategy, models.Model):
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

    @property
    def strategy(self) -> Strategy:
        return self.goal.field_of_action.strategy


class Milestone(TitledInStrategy, models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("due"))
    title = models.JSONField(_("title"), default=dict)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    @property
    def strategy(self) -> Strategy:
        return self.measure.strategy


class GoalIndicator(InStrategy, models.Model):
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


class IndicatorActual(InStrategy, models.Model):
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


# --- collaboration, versions, consultation and adoption ---


class StrategyVersion(InStrategy, models.Model):
    """The whole document as it was at one moment (``selectors.strategy_snapshot``), never
    changed once saved: a version saved by hand, the one put out for consultation, the one the
    council adopted."""

    class Kind(models.TextChoices):
        SAVED = "saved", _("saved")
        CONSULTATION = "consultation", _("put out for consultation")
        ADOPTED = "adopted", _("adopted by the council")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SAVED)
    label = models.CharField(_("label"), max_length=200, blank=True)
    snapshot = models.JSONField(encoder=DjangoJSONEncoder)
    source_language = models.CharField(max_length=10, default="de")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="unique_strategy_version_number"
            )
        ]
        verbose_name = _("version of the strategy")
        verbose_name_plural = _("versions of the strategy")

    def __str__(self) -> str:
        return f"{self.strategy_id} v{self.number}"


class StrategyComment(InStrategy, models.Model):
    """A remark of someone of the municipality's process on the strategy or one of its fields
    of action, goals or measures (named by kind and id, so that it outlives a removed part)."""

    class About(models.TextChoices):
        STRATEGY = "strategy", _("the strategy")
        FIELD = "field", _("field of action")
        GOAL = "goal", _("goal")
        MEASURE = "measure", _("measure")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="comments")
    about = models.CharField(max_length=20, choices=About.choices, default=About.STRATEGY)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["strategy", "about", "object_id"])]
        verbose_name = _("comment on the strategy")
        verbose_name_plural = _("comments on the strategy")

    def __str__(self) -> str:
        return self.text[:60]


class Assignment(InStrategy, models.Model):
    """A task on a goal or a measure for one of the municipality's people, due on a date."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="assignments")
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="strategy_assignments"
    )
    task = models.CharField(_("what to do"), max_length=300)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__isnull=False, measure__isnull=True)
                | models.Q(goal__isnull=True, measure__isnull=False),
                name="assignment_goal_or_measure",
            )
        ]
        indexes = [models.Index(fields=["done_on", "due"])]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return self.task


class Consultation(InStrategy, models.Model):
    """The draft put out for comments: the version consulted on, open until closed, and the
    opinion map's conversation on its goals if one was made."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="consultations")
    version = models.OneToOneField(
        StrategyVersion, on_delete=models.CASCADE, related_name="consultation"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    conversation = models.ForeignKey(
        "opinions.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"consultation {self.pk} of strategy {self.strategy_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ConsultationComment(models.Model):
    """A comment of anyone on the consulted version, given without an account. Held until an
    organiser publishes it: it appears on a public page in the municipality's name."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    about = models.CharField(
        max_length=20, choices=StrategyComment.About.choices, default=StrategyComment.About.STRATEGY
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=80, blank=True)
    text = models.TextField(_("comment"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "state"])]
        verbose_name = _("comment of the consultation")
        verbose_name_plural = _("comments of the consultation")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def strategy(self) -> Strategy:
        return self.consultation.strategy

    @property
    def permission_scope(self) -> Scope:
        return self.consultation.permission_scope


def _decision_path(instance, filename: str) -> str:
    # A random name: the uploader's file name says nothing the server needs.
    return f"council-decisions/{uuid.uuid4().hex}.pdf"


class CouncilDecision(InStrategy, models.Model):
    """The council's decision that adopted a version of the strategy."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="council_decisions"
    )
    version = models.OneToOneField(
        StrategyVersion, on_delete=models.CASCADE, related_name="council_decision"
    )
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("reference"), max_length=200)
    document = models.FileField(_("decision (PDF)"), upload_to=_decision_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")

    def __str__(self) -> str:
        return self.reference
