from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
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


class LoginForm(AuthenticationForm):
    """Django's log-in form, with the user name's length checked: Django only sets the input's
    maxlength, so an overlong name would reach the lockout's records (a database error on
    PostgreSQL) instead of getting the usual answer."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(
            MaxLengthValidator(self.fields["username"].max_length)
        )

    def clean(self):
        if self.errors.get("username"):
            # Said as for any wrong log-in: the answer does not tell which names may exist.
            raise self.get_invalid_login_error()
        return super().clean()
