from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.lottery.services import MAX_POOL, MAX_SEED


class DrawForm(forms.Form):
    pool = forms.FileField(
        label=_("Volunteer pool (CSV or XLSX)"),
        help_text=_("First column id, then one column per attribute, one row per volunteer."),
    )
    quotas = forms.FileField(
        label=_("Quota table (CSV or XLSX, optional)"),
        required=False,
        help_text=_(
            "Columns attribute, value, min, max. Without it, the process's quota table is used."
        ),
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=MAX_POOL)
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        help_text=_("The same seed draws the same panel from the same pool and quotas."),
    )
