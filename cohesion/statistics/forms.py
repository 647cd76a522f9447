from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.statistics.readers.tidy import TidyMapping


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statistics file"),
        help_text=_(
            "A table from GENESIS-Online or the Regionaldatenbank (CSV or XLSX), a flat file "
            "(ffcsv, also as ZIP), or a tidy CSV with one column per field."
        ),
        error_messages={
            "required": _("Choose a file."),
            "empty": _("The file is empty."),
        },
    )


class MappingForm(forms.Form):
    """Which column of a tidy file holds what."""

    region_key = forms.ChoiceField(label=_("Column with the regional key (AGS)"))
    period = forms.ChoiceField(label=_("Column with the period"), required=False)
    fixed_period = forms.CharField(
        label=_("or the period of every row (date or year)"), required=False, max_length=10
    )
    value_columns = forms.MultipleChoiceField(
        label=_("Columns with values"), widget=forms.CheckboxSelectMultiple
    )
    table_code = forms.CharField(label=_("Table or data set"), max_length=40, required=False)
    source = forms.CharField(label=_("Source line"), max_length=500, required=False)
    licence = forms.CharField(label=_("Licence"), max_length=100, required=False)

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(column, column) for column in columns]
        self.fields["region_key"].choices = choices
        self.fields["period"].choices = [("", "–"), *choices]
        self.fields["value_columns"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("period") and not cleaned.get("fixed_period"):
            raise forms.ValidationError(
                _("Name the column with the period, or give the period of every row.")
            )
        return cleaned

    def mapping(self) -> TidyMapping:
        data = self.cleaned_data
        return TidyMapping(
            region_key=data["region_key"],
            period=data["period"] or "",
            fixed_period=data["fixed_period"],
            value_columns=tuple(data["value_columns"]),
            table_code=data["table_code"],
            source=data["source"],
            licence=data["licence"],
        )
