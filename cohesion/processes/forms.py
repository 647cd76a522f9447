from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.processes.phases import PHASE_CHOICES


class ProcessAdvanceForm(forms.Form):
    # The phase the person saw when they pressed the button; see services.process_advance.
    expected_phase = forms.ChoiceField(
        choices=PHASE_CHOICES,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("The form was changed on the way. Nothing was changed; try again."),
            "required": _("The form was changed on the way. Nothing was changed; try again."),
        },
    )
