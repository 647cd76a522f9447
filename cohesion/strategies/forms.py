"""Forms of the strategy: they validate what a person typed, in their language; the services
change the strategy. Organiser text is typed in the interface's language and stored beside the
other languages' versions (``texts_with``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.strategies.models import GoalIndicator, Measure

YEAR_FIELD = {"min_value": 2000, "max_value": 2100, "required": False}


def texts_with(texts: dict | None, language: str, text: str) -> dict:
    """The texts with ``language``'s version replaced by ``text`` (removed when empty)."""
    texts = dict(texts or {})
    if (text or "").strip():
        texts[language] = text.strip()
    else:
        texts.pop(language, None)
    return texts


def text_in(texts: dict | None, language: str, original_language: str) -> str:
    """What a form shows to edit: the text in ``language``, else the original to translate."""
    texts = texts or {}
    return texts.get(language) or texts.get(original_language) or ""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    guiding_principles = forms.CharField(
        label=_("Guiding principles"),
        help_text=_("What integration means in our community."),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class FieldOfActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=0,
        max_value=100,
        initial=1,
        help_text=_("How much it counts when progress is added up."),
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    target_year = forms.IntegerField(label=_("Target year"), **YEAR_FIELD)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=100, initial=1)
    field_of_action = forms.TypedChoiceField(label=_("Field of action"), coerce=int)

    def __init__(self, *args, fields_of_action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields_of_action = {field.pk: field for field in fields_of_action}
        self.fields["field_of_action"].choices = [
            (field.pk, field.shown.text) for field in fields_of_action
        ]

    def clean_field_of_action(self):
        return self.fields_of_action[self.cleaned_data["field_of_action"]]


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lead = forms.CharField(label=_("Lead"), max_length=200, required=False)
    partners = forms.CharField(
        label=_("Partners"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    end = forms.DateField(label=_("End"), required=False, widget=DateInput())
    budget = forms.DecimalField(
        label=_("Budget (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=100, initial=1)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due = forms.DateField(label=_("Due"), widget=DateInput())
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    better = forms.ChoiceField(label=_("Direction"), choices=GoalIndicator.Better.choices)
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=18, decimal_places=4
    )
    baseline_period = forms.CharField(
        label=_("Baseline date or period"), max_length=40, required=False
    )
    baseline_source = forms.CharField(label=_("Baseline source"), max_length=2_000, required=False)
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=18, decimal_places=4)
    target_year = forms.IntegerField(label=_("Target year"), **YEAR_FIELD)

    def __init__(self, *args, catalogue_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue_key = catalogue_key

    def clean(self):
        cleaned = super().clean()
        if not self.catalogue_key and not cleaned.get("name"):
            self.add_error("name", _("An indicator of your own needs a name."))
        return cleaned


class IndicatorCreateForm(IndicatorForm):
    catalogue_key = forms.ChoiceField(
        label=_("Indicator"),
        required=False,
        help_text=_(
            "One of the catalogue takes its baseline from the imported statistics; or leave "
            "it empty and name one of your own."
        ),
    )
    field_order = ["catalogue_key"]

    def __init__(self, *args, **kwargs):
        from cohesion.indicators.catalogue import INDICATORS

        super().__init__(*args, **kwargs)
        self.fields["catalogue_key"].choices = [("", _("An indicator of our own"))] + [
            (indicator.slug, str(indicator.title)) for indicator in INDICATORS
        ]
        self.fields["better"].required = False
        self.fields["better"].choices = [
            ("", _("As the catalogue says")),
            *self.fields["better"].choices,
        ]

    def clean(self):
        self.catalogue_key = self.data.get(self.add_prefix("catalogue_key"), "") or ""
        cleaned = super().clean()
        if not cleaned.get("catalogue_key") and not cleaned.get("better"):
            cleaned["better"] = GoalIndicator.Better.HIGHER
        return cleaned


class ActualForm(forms.Form):
    period = forms.CharField(
        label=_("Date or period"), max_length=40, help_text=_("For example 2026 or 2026-12-31.")
    )
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4)
    source = forms.CharField(label=_("Source"), max_length=2_000, required=False)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class CandidateMeasureForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = {goal.pk: goal for goal in goals}
        self.fields["goal"].choices = [(goal.pk, goal.shown.text) for goal in goals]

    def clean_goal(self):
        return self.goals[self.cleaned_data["goal"]]


# --- collaboration, versions, consultation and adoption ---


class VersionSaveForm(forms.Form):
    label = forms.CharField(
        label=_("Label (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: after the working group's second meeting."),
    )


class VersionCompareForm(forms.Form):
    before = forms.TypedChoiceField(label=_("Older version"), coerce=str)
    after = forms.TypedChoiceField(label=_("Newer version"), coerce=str)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("current", _("The strategy as it is now"))] + [
            (str(version.number), f"{version.number}: {version.get_kind_display()}")
            for version in versions
        ]
        self.fields["before"].choices = choices
        self.fields["after"].choices = choices


class CommentForm(forms.Form):
    about = forms.ChoiceField(label=_("About"))
    text = forms.CharField(
        label=_("Comment"), max_length=4_000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = parts

    def clean_about(self):
        about, _sep, object_id = self.cleaned_data["about"].partition("-")
        return (about, object_id or None)


class AssignmentForm(forms.Form):
    about = forms.ChoiceField(label=_("Goal or measure"))
    assignee = forms.TypedChoiceField(label=_("Who"), coerce=int)
    task = forms.CharField(label=_("What to do"), max_length=300)
    due = forms.DateField(label=_("Due"), widget=DateInput())

    def __init__(self, *args, parts, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [p for p in parts if p[0].startswith(("goal", "measure"))]
        self.people = {person.pk: person for person in people}
        self.fields["assignee"].choices = [
            (person.pk, person.get_full_name() or person.get_username()) for person in people
        ]

    def clean_about(self):
        about, _sep, object_id = self.cleaned_data["about"].partition("-")
        return (about, int(object_id))

    def clean_assignee(self):
        return self.people[self.cleaned_data["assignee"]]


class DoneForm(forms.Form):
    done = forms.BooleanField(required=False)


class ConsultationOpenForm(forms.Form):
    label = forms.CharField(label=_("Label (optional)"), max_length=200, required=False)
    with_opinion_map = forms.BooleanField(
        label=_("Also an opinion map with one statement per goal"), required=False
    )


class ModerateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("published", "published"), ("rejected", "rejected"), ("pending", "pending")]
    )


class AdoptForm(forms.Form):
    decided_on = forms.DateField(label=_("Date of the council decision"), widget=DateInput())
    reference = forms.CharField(
        label=_("Reference"),
        max_length=200,
        help_text=_("The number of the council's decision, e.g. its item of the agenda."),
    )
    document = forms.FileField(
        label=_("The decision (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    label = forms.CharField(
        label=_("Label of the version (optional)"), max_length=200, required=False
    )


class PublicCommentForm(forms.Form):
    about = forms.ChoiceField(label=_("About"))
    text = forms.CharField(
        label=_("Your comment"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    name = forms.CharField(
        label=_("Your name (optional, shown with the comment)"), max_length=80, required=False
    )

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = parts

    def clean_about(self):
        about, _sep, object_id = self.cleaned_data["about"].partition("-")
        return (about, object_id or None)
