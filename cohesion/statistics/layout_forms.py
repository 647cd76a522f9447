"""The preview's forms: the user corrects the reader's guesses (what each column holds, how many
header rows), and decides what becomes of ambiguous rows. Every value is checked against the
contract's lists, so a forged form never reaches a reader."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.statistics.readers.base import AMBIGUOUS_ORDER, AMBIGUOUS_SKIP, ROLES, Layout

ROLE_LABELS = {
    "period": _("period (date or year)"),
    "key": _("regional key"),
    "name": _("region name"),
    "key_name": _("key and name in one cell"),
    "breakdown_code": _("breakdown code"),
    "breakdown": _("breakdown"),
    "unit": _("unit"),
    "measure": _("values of a measure"),
    "flag": _("quality flag"),
    "ignored": _("nothing to import"),
}
assert set(ROLE_LABELS) == set(ROLES)  # noqa: S101 - a new role needs a label

SPECIAL_LABELS = {
    "zero": _("zero"),
    "suppressed": _("secret or unknown (no value)"),
    "unavailable": _("not yet available (no value)"),
    "unreliable": _("not reliable enough (no value)"),
    "not_applicable": _("no sensible statement (no value)"),
    "restricted": _("value of limited reliability"),
    "not_shown": _("shown with another region (no value)"),
    "empty": _("empty (no value)"),
    "ok": _("a number"),
}


def role_field_name(index: int) -> str:
    return f"role_{index}"


class LayoutForm(forms.Form):
    """One role per column of the layout, and the number of header rows."""

    header_rows = forms.IntegerField(
        label=_("Rows of the column header"), min_value=1, max_value=50, required=False
    )

    def __init__(self, *args, layout: Layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.initial.setdefault("header_rows", len(layout.header_lines) or None)
        for column in layout.columns:
            name = role_field_name(column.index)
            self.fields[name] = forms.ChoiceField(
                label=column.label or _("Column %(number)s") % {"number": column.index + 1},
                choices=[(role, ROLE_LABELS[role]) for role in ROLES],
                initial=column.role,
            )

    def rows(self):
        """(column guess, bound field) for the template's table."""
        return [(column, self[role_field_name(column.index)]) for column in self.layout.columns]

    def corrections(self, earlier: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
        """The earlier corrections, updated with every column whose role was changed now."""
        roles = dict(earlier)
        for column in self.layout.columns:
            chosen = self.cleaned_data[role_field_name(column.index)]
            if chosen != column.role:
                roles[column.index] = chosen
        return tuple(sorted(roles.items()))

    def header_rows_choice(self, earlier: int | None) -> int | None:
        chosen = self.cleaned_data.get("header_rows")
        if chosen is None or chosen == len(self.layout.header_lines):
            return earlier
        return chosen


class ImportForm(forms.Form):
    """The decision on ambiguous rows, required when the file has them."""

    ambiguous = forms.ChoiceField(
        label=_("Rows that differ only by their order"),
        choices=[
            (AMBIGUOUS_ORDER, _("Keep them as distinct measures, numbered by their order")),
            (AMBIGUOUS_SKIP, _("Leave them out and import the rest")),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the two ways.")},
    )

    def __init__(self, *args, needs_decision: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_decision = needs_decision
        self.fields["ambiguous"].required = needs_decision
        self.fields["ambiguous"].error_messages["required"] = _(
            "Choose what becomes of the rows that differ only by their order."
        )
