from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.opinions.actions import ORGANISER_ACTIONS
from cohesion.opinions.services import (
    MAX_DESCRIPTION_LENGTH,
    MAX_STATEMENT_LENGTH,
    MAX_TITLE_LENGTH,
)

MAX_ARCHIVE_MB = 50


class ConversationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Question to the participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SeedForm(forms.Form):
    text = forms.CharField(
        label=_("New statement"),
        max_length=MAX_STATEMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    archive = forms.FileField(
        label=_(
            "ZIP archive of the Pol.is export (comments.csv, participants-votes.csv, votes.csv)"
        )
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ARCHIVE_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_ARCHIVE_MB}
            )
        return archive


class OrganiserActionForm(forms.Form):
    """A button on the conversation's page: which action, on which statement, with which text
    (cohesion.opinions.actions carries it out)."""

    action = forms.ChoiceField(choices=[(action, action) for action in ORGANISER_ACTIONS])
    statement = forms.CharField(required=False, max_length=20)
    text = forms.CharField(required=False, max_length=MAX_STATEMENT_LENGTH * 2)
    # A translation: its language, and for the conversation's title and question their texts.
    language = forms.CharField(required=False, max_length=10)
    title = forms.CharField(required=False, max_length=MAX_TITLE_LENGTH * 2)
    description = forms.CharField(required=False, max_length=MAX_DESCRIPTION_LENGTH * 2)
