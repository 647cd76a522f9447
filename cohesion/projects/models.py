"""The inventory of a process's existing integration projects: who runs them, in which field of
action, for whom, how many people they reach, how they are funded, when they run, and how they
are rated against the workshop's criteria (entered here, or answered in the workshop)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope
from cohesion.workshops.template import FIELDS_OF_ACTION, PROJECT_CRITERIA


class TargetGroup(models.TextChoices):
    """The people a project serves (several may apply). A fixed list, so the gap view can cross
    it with the fields of action; "everyone" is a project open to all residents."""

    CHILDREN_YOUTH = "children_youth", _("Children and young people")
    WOMEN = "women", _("Women")
    FAMILIES = "families", _("Families")
    REFUGEES = "refugees", _("Refugees")
    NEW_ARRIVALS = "new_arrivals", _("New arrivals")
    EU_CITIZENS = "eu_citizens", _("EU citizens")
    JOB_SEEKERS = "job_seekers", _("Job seekers and workers")
    OLDER_PEOPLE = "older_people", _("Older people")
    EVERYONE = "everyone", _("Everyone")


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    ENDED = "ended", _("ended")


# The statuses the gap view counts: something happens (or is about to).
ACTIVE_STATUSES = (Status.PLANNED, Status.RUNNING)

MAX_NAME = 200
MAX_PROVIDER = 200
MAX_CUSTOM_FIELD = 120
MAX_DESCRIPTION = 4000
MAX_FUNDING_SOURCE = 200
MAX_NOTE = 500
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Project(models.Model):
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("name"), max_length=MAX_NAME)
    # Organiser text: {language: text}; see cohesion.core.translations.
    description = models.JSONField(_("description"), default=dict, blank=True)
    source_language = models.CharField(_("written in"), max_length=10, default="de")
    provider = models.CharField(_("provider"), max_length=MAX_PROVIDER, blank=True)
    # The provider as an organisation of the stakeholder map, when it is on it.
    provider_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider on the stakeholder map"),
    )
    # A standard field of action (its place in workshops.template.FIELDS_OF_ACTION), or a
    # name of the municipality's own; exactly one of the two.
    standard_field = models.PositiveSmallIntegerField(
        _("field of action"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(len(FIELDS_OF_ACTION) - 1)],
    )
    custom_field = models.CharField(
        _("other field of action"), max_length=MAX_CUSTOM_FIELD, blank=True
    )
    # TargetGroup values.
    target_groups = models.JSONField(_("target groups"), default=list)
    reach = models.PositiveIntegerField(_("people reached per year"), null=True, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=MAX_FUNDING_SOURCE, blank=True
    )
    funding_amount = models.DecimalField(
        _("funding per year (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    # The workshop item (day 1, kind "rating") in which the room rated this project.
    rating_item = models.ForeignKey(
        "workshops.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rating in the workshop"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(standard_field__isnull=True, custom_field__gt="")
                | (models.Q(standard_field__isnull=False) & models.Q(custom_field="")),
                name="project_one_field_of_action",
            ),
            models.UniqueConstraint(
                fields=["rating_item"],
                condition=models.Q(rating_item__isnull=False),
                name="one_project_per_rating_item",
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope

    @property
    def field_of_action(self) -> str:
        """The field of action in the interface's language (a custom one as written)."""
        if self.standard_field is not None:
            return str(FIELDS_OF_ACTION[self.standard_field])
        return self.custom_field

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels[value]) for value in self.target_groups if value in labels]


class ProjectRating(models.Model):
    """A score on one of the workshop's criteria (workshops.template.PROJECT_CRITERIA, by its
    place), entered by an editor: from a paper round, a meeting, or their own judgement. One
    per person and criterion; rating again replaces it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.PositiveSmallIntegerField(
        _("criterion"), validators=[MaxValueValidator(len(PROJECT_CRITERIA) - 1)]
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    note = models.CharField(_("note"), max_length=MAX_NOTE, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="project_rating_score_1_to_5"
            ),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.project} #{self.criterion}: {self.score}"

    @property
    def permission_scope(self) -> Scope:
        return self.project.permission_scope
