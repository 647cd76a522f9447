from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.statistics.messages import error_message
from cohesion.statistics.readers.base import StatisticsFileError
from cohesion.statistics.readers.cells import is_region_key
from cohesion.statistics.readers.tidy import TidyMapping, tidy_period


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


# Why the reader refused a mapping (``params["reason"]`` of its ``bad_mapping`` error), in the
# user's language; the reader's English message is the fallback.
MAPPING_REFUSALS = {
    "shape": _("Choose the columns with values."),
    "variable_in_wide": _("With several value columns, each column is a measure of its own."),
    "variable_twice": _("Name either a column with the measure or the measure, not both."),
    "period": _("Name the column with the period, or give the period of every row."),
    "fixed_period": _("The period of every row is neither a date nor a year."),
    "region_key": _("Choose the column with the regional key, or give the region of every row."),
    "fixed_region": _("The region of every row is not an official regional key."),
    "mapped_twice": _("The column “%(column)s” is chosen for two things."),
    "not_in_file": _("The file has no column “%(column)s”."),
    "two_columns": _("The file has two columns named “%(column)s”."),
    "no_column": _("The file has no column %(column)s."),
}

NONE = [("", "–")]

# What a column holds (``readers.base.ROLES``), for the table of the guess.
ROLE_LABELS = {
    "period": _("period"),
    "key": _("regional key"),
    "name": _("region name"),
    "key_name": _("regional key and name"),
    "breakdown_code": _("breakdown (code)"),
    "breakdown": _("breakdown"),
    "unit": _("unit"),
    "measure": _("values"),
    "flag": _("quality flag"),
    "ignored": _("not imported"),
}


class MappingForm(forms.Form):
    """Which column of a plain table holds what. Starts from the guess, or from the mapping the
    user chose before; every choice survives a refused mapping."""

    region_key = forms.ChoiceField(label=_("Column with the regional key (AGS)"), required=False)
    fixed_region = forms.CharField(
        label=_("or the region of every row (official key)"),
        help_text=_("For a file of one region without a key column, e.g. 03 for Niedersachsen."),
        required=False,
        max_length=12,
    )
    region_key_prefix_strip = forms.CharField(
        label=_("Letters before every key to drop"),
        help_text=_("For keys like “K03101”, enter K."),
        required=False,
        max_length=5,
    )
    region_name = forms.ChoiceField(label=_("Column with the region's name"), required=False)
    period = forms.ChoiceField(label=_("Column with the period"), required=False)
    fixed_period = forms.CharField(
        label=_("or the period of every row (date or year)"), required=False, max_length=20
    )
    value_columns = forms.MultipleChoiceField(
        label=_("Columns with values"), widget=forms.CheckboxSelectMultiple
    )
    fixed_variable = forms.CharField(
        label=_("Name of the measure"),
        help_text=_("With one value column: what its values are, e.g. “Ausländer”."),
        required=False,
        max_length=200,
    )
    dimension_columns = forms.MultipleChoiceField(
        label=_("Breakdown columns"),
        help_text=_(
            "Columns that tell rows of the same region and period apart, e.g. sex or nationality."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    unit_column = forms.ChoiceField(label=_("Column with the unit"), required=False)
    unit = forms.CharField(label=_("or the unit of every value"), required=False, max_length=40)
    table_code = forms.CharField(label=_("Table or data set"), max_length=40, required=False)
    source = forms.CharField(label=_("Source line"), max_length=500, required=False)
    licence = forms.CharField(label=_("Licence"), max_length=100, required=False)

    # The fields that name one column each, and those that name several.
    SINGLE = ("region_key", "region_name", "period", "unit_column")
    MULTIPLE = ("value_columns", "dimension_columns")

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(column, column) for column in columns]
        for name in ("region_key", "region_name", "period", "unit_column"):
            self.fields[name].choices = NONE + choices
        for name in self.MULTIPLE:
            self.fields[name].choices = choices

    @classmethod
    def initial_for(cls, mapping: TidyMapping | None) -> dict:
        """The form's values for a mapping (the guess, or the user's earlier choice)."""
        if mapping is None:
            return {}
        values = [mapping.value] if mapping.value else list(mapping.value_columns)
        return {
            "region_key": mapping.region_key,
            "fixed_region": mapping.fixed_region,
            "region_key_prefix_strip": mapping.region_key_prefix_strip,
            "region_name": mapping.region_name or "",
            "period": mapping.period,
            "fixed_period": mapping.fixed_period,
            "value_columns": values,
            "fixed_variable": mapping.fixed_variable,
            "dimension_columns": list(mapping.dimension_columns),
            "unit_column": mapping.unit_column or "",
            "unit": mapping.unit,
            "table_code": mapping.table_code,
            "source": mapping.source,
            "licence": mapping.licence,
        }

    def clean(self):
        cleaned = super().clean()
        region_key, fixed_region = cleaned.get("region_key"), cleaned.get("fixed_region", "")
        if not region_key and not fixed_region:
            self.add_error(
                "region_key",
                _("Choose the column with the regional key, or give the region of every row."),
            )
        if region_key and fixed_region:
            self.add_error(
                "fixed_region",
                _("Give either a column with the regional key or one region, not both."),
            )
        if fixed_region and not is_region_key(fixed_region):
            self.add_error(
                "fixed_region",
                _("This is not an official regional key (2, 3, 5, 8, 9 or 12 digits)."),
            )
        period, fixed_period = cleaned.get("period"), cleaned.get("fixed_period")
        if not period and not fixed_period:
            raise forms.ValidationError(
                _("Name the column with the period, or give the period of every row.")
            )
        if period and fixed_period:
            self.add_error(
                "fixed_period", _("Give either a column with the period or one period, not both.")
            )
        if fixed_period and tidy_period(fixed_period) is None:
            self.add_error("fixed_period", _("This is neither a date nor a year."))
        if cleaned.get("fixed_variable") and len(cleaned.get("value_columns") or ()) > 1:
            self.add_error(
                "fixed_variable",
                _("With several value columns, each column is a measure of its own."),
            )
        used: dict[str, str] = {}
        for name in self.SINGLE + self.MULTIPLE:
            chosen = cleaned.get(name) or []
            for column in [chosen] if isinstance(chosen, str) else chosen:
                if not column:
                    continue
                if column in used:
                    self.add_error(
                        name,
                        _("The column “%(column)s” is already chosen as “%(field)s”.")
                        % {"column": column, "field": self.fields[used[column]].label},
                    )
                else:
                    used[column] = name
        return cleaned

    def mapping(self) -> TidyMapping:
        data = self.cleaned_data
        values = tuple(data["value_columns"])
        one = len(values) == 1
        return TidyMapping(
            region_key=data["region_key"] or "",
            fixed_region=data["fixed_region"],
            region_key_prefix_strip=data["region_key_prefix_strip"].strip(),
            region_name=data["region_name"] or None,
            period=data["period"] or "",
            fixed_period=data["fixed_period"].strip(),
            value=values[0] if one else None,
            value_columns=() if one else values,
            fixed_variable=data["fixed_variable"].strip() if one else "",
            dimension_columns=tuple(data["dimension_columns"]),
            unit_column=data["unit_column"] or None,
            unit=data["unit"].strip(),
            table_code=data["table_code"],
            source=data["source"],
            licence=data["licence"],
        )

    def refused(self, error: StatisticsFileError) -> None:
        """Show why the reader refused the mapping, in the user's language, beside the choices."""
        reason = MAPPING_REFUSALS.get(error.params.get("reason", ""))
        if error.code == "bad_mapping" and reason is not None:
            self.add_error(None, str(reason) % {"column": error.params.get("column", "")})
        else:
            self.add_error(None, error_message(error))
