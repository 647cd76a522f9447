from django import forms
from django.conf import settings
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Role, User
from cohesion.onboarding.models import Commitment


class RegistrySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or official key (AGS)"), max_length=100, required=False)


class MunicipalityAddForm(forms.Form):
    ags = forms.RegexField(
        label=_("Municipality"),
        regex=r"^\d{2,12}$",
        error_messages={"required": _("Choose a municipality from the registry.")},
    )
    coordinator_email = forms.EmailField(label=_("The coordinator's e-mail address"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="de"
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=())
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="de"
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value in roles
        ]


class CommitmentForm(forms.Form):
    signatory_name = forms.CharField(label=_("Name of the mayor or deputy mayor"), max_length=200)
    office = forms.ChoiceField(label=_("Office"), choices=Commitment.Office.choices)
    given_on = forms.DateField(
        label=_("Date given"), widget=forms.DateInput(attrs={"type": "date"})
    )
    given_as = forms.ChoiceField(label=_("How it was given"), choices=Commitment.Form.choices)
    letter = forms.FileField(
        label=_("Signed letter (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the process may go on without the commitment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class AccountCreateForm(forms.Form):
    """A new account for the invited person: their own user name and password."""

    username = UsernameField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        User.username_validator(username)
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class AccountLoginForm(forms.Form):
    """An existing account logs in to accept."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
