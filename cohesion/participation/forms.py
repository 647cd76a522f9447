from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.participation.codes import CODE_MAX_TYPED, code_normalise


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX_TYPED,
        help_text=_("The code is shown in the room or in your invitation."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Enter the code."), code="empty")
        return code
