from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.audit.registry import audit_actions


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("What"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Everything"))] + [
            (action.name, action.label) for action in audit_actions()
        ]
