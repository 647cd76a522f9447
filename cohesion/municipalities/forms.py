from django import forms
from django.utils.translation import gettext_lazy as _


class RegistrySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or official key"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Please enter at most %(limit_value)d characters.")},
    )
    former = forms.BooleanField(label=_("Include former municipalities"), required=False)
