from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a language Cohesion offers."),
            "required": _("Choose a language."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
