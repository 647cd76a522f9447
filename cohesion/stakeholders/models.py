"""The stakeholder map of one process: organisations, people and the relations between
organisations, each placed by target group, influence and interest (Mendelow's grid)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope


class TargetGroup(models.TextChoices):
    """The method's target groups; the values are the live workshop's stakeholder groups, so
    that attendance and the phones' answers speak of the same groups."""

    POLICY = "policy", _("Policymakers with decision power")
    ADMINISTRATION = "administration", _("Public administration")
    IMMIGRANT = "immigrant", _("Immigrants and immigrant organisations")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", _("Council or party")
    ADMINISTRATION = "administration", _("Administration department")
    IMMIGRANT_ORGANISATION = "immigrant_organisation", _("Immigrant organisation")
    WELFARE = "welfare", _("Welfare organisation")
    EDUCATION = "education", _("School or adult education")
    EMPLOYER = "employer", _("Employer or chamber")
    JOB_CENTRE = "job_centre", _("Job centre")
    RELIGIOUS = "religious", _("Religious community")
    CLUB = "club", _("Sports or culture club")
    POLICE = "police", _("Police")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Organisation(models.Model):
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="stakeholder_organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    # For an administration department: which one (a quota may ask for every relevant one).
    department = models.CharField(_("department"), max_length=120, blank=True)
    # For an immigrant organisation: the origin group it represents, as the statistics name it.
    origin = models.CharField(_("origin group"), max_length=120, blank=True)
    influence = models.PositiveSmallIntegerField(
        _("influence"), default=3, validators=SCORE_VALIDATORS
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), default=3, validators=SCORE_VALIDATORS
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "name"], name="unique_stakeholder_organisation_name"
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope


class Stakeholder(models.Model):
    """A person on the map. Contact data is personal: it is shown to those who prepare the
    process, used for invitations only with consent, and can be exported and erased."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        DIVERSE = "diverse", _("diverse")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="stakeholders"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    department = models.CharField(_("department"), max_length=120, blank=True)
    origin = models.CharField(_("origin group"), max_length=120, blank=True)
    immigration_history = models.BooleanField(_("immigration history"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=20, blank=True)
    # Language codes the person speaks; the first is the one letters are written in.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    influence = models.PositiveSmallIntegerField(
        _("influence"), default=3, validators=SCORE_VALIDATORS
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), default=3, validators=SCORE_VALIDATORS
    )
    consent_to_contact = models.BooleanField(_("consents to be contacted"), default=False)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_purpose = models.CharField(_("purpose of the consent"), max_length=200, blank=True)
    # An interpreter or helper who sits with this person at every table.
    keep_with = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sits with"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope

    @property
    def invitable(self) -> bool:
        return self.consent_to_contact and bool(self.email or self.postal_address)


class OrganisationRelation(models.Model):
    class Kind(models.TextChoices):
        COOPERATES = "cooperates", _("cooperates with")
        FUNDS = "funds", _("funds")
        MEMBER_OF = "member_of", _("is a member of")

    source = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="unique_organisation_relation"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="relation_not_to_itself"
            ),
        ]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def permission_scope(self) -> Scope:
        return self.source.permission_scope


class StakeholderUpload(models.Model):
    """A file uploaded for import, kept between its preview and the import (at most a day):
    the import reads this copy, never what a form sends back. It belongs to the person who
    uploaded it and the process it is for."""

    token = models.CharField(max_length=64, unique=True)
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="stakeholder_uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
