from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.invitations.models import Invitation, QuotaAttribute
from cohesion.invitations.services import AUTO_CHANNEL, MAX_ROOM_SIZE, MAX_VALUE


class QuotaForm(forms.Form):
    attribute = forms.ChoiceField(
        label=_("Attribute"),
        choices=QuotaAttribute.choices,
        error_messages={
            "invalid_choice": _("Unknown attribute “%(value)s”: choose one of the list.")
        },
    )
    value = forms.CharField(label=_("Value"), max_length=MAX_VALUE)
    minimum = forms.IntegerField(label=_("Minimum"), min_value=0, max_value=MAX_ROOM_SIZE)
    maximum = forms.IntegerField(label=_("Maximum"), min_value=0, max_value=MAX_ROOM_SIZE)

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum"), data.get("maximum")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(
                _("The minimum (%(minimum)s) is above the maximum (%(maximum)s)."),
                params={"minimum": low, "maximum": high},
            )
        return data


class RoomSizeForm(forms.Form):
    room_size = forms.IntegerField(
        label=_("Planned room size (people)"), min_value=1, max_value=MAX_ROOM_SIZE
    )


CHANNEL_CHOICES = [
    (AUTO_CHANNEL, _("E-mail where there is an address, else a letter")),
    (Invitation.Channel.EMAIL, _("E-mail")),
    (Invitation.Channel.LETTER, _("Printed letter")),
]


class InviteForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=CHANNEL_CHOICES, initial=AUTO_CHANNEL, widget=forms.RadioSelect
    )

    def __init__(self, *args, stakeholders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"] = forms.ModelMultipleChoiceField(
            label=_("People to invite"),
            queryset=stakeholders,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose the people to invite.")},
        )
