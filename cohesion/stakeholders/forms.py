"""Forms of the stakeholder map: they validate what a person typed; the services change the map."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.stakeholders import reading
from cohesion.stakeholders.models import (
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    Stakeholder,
    TargetGroup,
)

SCORES = [(score, str(score)) for score in range(1, 6)]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    influence = forms.TypedChoiceField(label=_("Influence (1–5)"), choices=SCORES, coerce=int)
    interest = forms.TypedChoiceField(label=_("Interest (1–5)"), choices=SCORES, coerce=int)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "target_group",
            "department",
            "origin",
            "influence",
            "interest",
            "email",
            "website",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = process
        self.fields["influence"].initial = self.instance.influence
        self.fields["interest"].initial = self.instance.interest


class StakeholderForm(forms.ModelForm):
    influence = forms.TypedChoiceField(label=_("Influence (1–5)"), choices=SCORES, coerce=int)
    interest = forms.TypedChoiceField(label=_("Interest (1–5)"), choices=SCORES, coerce=int)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=100,
        help_text=_("Language codes, the first for letters: e.g. “tr de”."),
    )
    immigration_history = forms.NullBooleanField(label=_("Immigration history"), required=False)

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "organisation",
            "role",
            "target_group",
            "department",
            "origin",
            "immigration_history",
            "gender",
            "age_band",
            "languages",
            "email",
            "phone",
            "postal_address",
            "influence",
            "interest",
            "keep_with",
            "notes",
        ]
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = process
        self.fields["organisation"].queryset = Organisation.objects.filter(process=process)
        people = Stakeholder.objects.filter(process=process)
        if self.instance.pk:
            people = people.exclude(pk=self.instance.pk)
        self.fields["keep_with"].queryset = people
        self.fields["keep_with"].help_text = _(
            "An interpreter or helper who sits at the same table in every round."
        )
        self.fields["influence"].initial = self.instance.influence
        self.fields["interest"].initial = self.instance.interest
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = " ".join(self.instance.languages)

    def clean_languages(self):
        codes = reading.languages_split(self.cleaned_data["languages"])
        wrong = [code for code in codes if not reading._LANGUAGE.match(code)]
        if wrong:
            raise forms.ValidationError(
                _("“%(value)s” is not a language code such as “de” or “tr”."),
                params={"value": wrong[0]},
            )
        return codes

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ConsentForm(forms.Form):
    consent = forms.BooleanField(label=_("Consents to be contacted"), required=False)
    given_on = forms.DateField(
        label=_("Consent given on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    purpose = forms.CharField(
        label=_("Purpose of the consent"),
        required=False,
        max_length=200,
        help_text=_("e.g. “Invitation to the integration workshop”"),
    )

    def clean(self):
        data = super().clean()
        if data.get("consent"):
            if not data.get("given_on"):
                self.add_error("given_on", _("Give the date the consent was given."))
            if not (data.get("purpose") or "").strip():
                self.add_error("purpose", _("Give the purpose the consent was given for."))
        return data


class RelationForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Relation"), choices=OrganisationRelation.Kind.choices)
    target = forms.ModelChoiceField(
        label=_("Other organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(process=process)
        self.fields["source"].queryset = organisations
        self.fields["target"].queryset = organisations


class FilterForm(forms.Form):
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("All target groups")), *TargetGroup.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Stakeholder list (CSV or XLSX)"),
        help_text=_("At most 2 MB and 2,000 rows, in the layout of the template."),
    )
