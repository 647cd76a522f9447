"""The inventory's forms: a project (its description in every language of the interface), a
rating against the criteria, the choice of a workshop item, the list's filter."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cohesion.projects.models import (
    MAX_CUSTOM_FIELD,
    MAX_DESCRIPTION,
    MAX_FUNDING_SOURCE,
    MAX_NAME,
    MAX_NOTE,
    MAX_PROVIDER,
    Status,
    TargetGroup,
)
from cohesion.workshops.template import FIELDS_OF_ACTION, PROJECT_CRITERIA

CUSTOM = "custom"
SCORES = [("", _("not rated"))] + [(str(n), str(n)) for n in range(1, 6)]


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    provider = forms.CharField(
        label=_("Provider"),
        max_length=MAX_PROVIDER,
        required=False,
        help_text=_("Who runs the project. Leave it empty to take the organisation's name."),
    )
    provider_organisation = forms.TypedChoiceField(
        label=_("Provider on the stakeholder map"), required=False, coerce=int, empty_value=None
    )
    field_of_action = forms.ChoiceField(label=_("Field of action"))
    custom_field = forms.CharField(
        label=_("Other field of action"),
        max_length=MAX_CUSTOM_FIELD,
        required=False,
        help_text=_("Only when the field of action is not among the standard ones."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reach = forms.IntegerField(
        label=_("People reached per year"), required=False, min_value=0, max_value=10_000_000
    )
    funding_source = forms.CharField(
        label=_("Funding source"), max_length=MAX_FUNDING_SOURCE, required=False
    )
    funding_amount = forms.DecimalField(
        label=_("Funding per year (EUR)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    starts_on = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.RUNNING)

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_organisation"].choices = [("", _("not on the map"))] + [
            (str(pk), name) for pk, name in providers
        ]
        self.fields["field_of_action"].choices = [
            (str(index), label) for index, label in enumerate(FIELDS_OF_ACTION)
        ] + [(CUSTOM, _("Another field of action (name it below)"))]
        for code, name in settings.LANGUAGES:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                required=False,
                max_length=MAX_DESCRIPTION,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self):
        data = super().clean()
        if data.get("field_of_action") == CUSTOM and not (data.get("custom_field") or "").strip():
            self.add_error("custom_field", _("Name the field of action."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end lies before the start."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        custom = data["field_of_action"] == CUSTOM
        return {
            "name": data["name"],
            "provider": data["provider"],
            "provider_organisation_id": data["provider_organisation"],
            "standard_field": None if custom else int(data["field_of_action"]),
            "custom_field": data["custom_field"].strip() if custom else "",
            "target_groups": list(data["target_groups"]),
            "reach": data["reach"],
            "funding_source": data["funding_source"],
            "funding_amount": data["funding_amount"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "status": data["status"],
            "description": {
                code: data.get(f"description_{code}", "") for code, _name in settings.LANGUAGES
            },
        }

    @staticmethod
    def initial_of(project) -> dict:
        initial = {
            "name": project.name,
            "provider": project.provider,
            "provider_organisation": project.provider_organisation_id,
            "field_of_action": CUSTOM
            if project.standard_field is None
            else str(project.standard_field),
            "custom_field": project.custom_field,
            "target_groups": project.target_groups,
            "reach": project.reach,
            "funding_source": project.funding_source,
            "funding_amount": project.funding_amount,
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "status": project.status,
        }
        for code, text in (project.description or {}).items():
            initial[f"description_{code}"] = text
        return initial


class RatingForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=MAX_NOTE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for index, criterion in enumerate(PROJECT_CRITERIA):
            fields[f"criterion_{index}"] = forms.TypedChoiceField(
                label=criterion,
                choices=SCORES,
                required=False,
                coerce=int,
                empty_value=None,
            )
        self.fields = fields | dict(self.fields)

    def clean(self):
        data = super().clean()
        if not self.errors and not self.scores():
            raise forms.ValidationError(_("Rate at least one criterion."))
        return data

    def scores(self) -> dict[int, int]:
        return {
            index: self.cleaned_data[f"criterion_{index}"]
            for index in range(len(PROJECT_CRITERIA))
            if self.cleaned_data.get(f"criterion_{index}") is not None
        }


class RatingItemForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Rating item of day 1"), coerce=int)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(str(pk), title) for pk, title in items]


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all"))] + Status.choices, required=False
    )
