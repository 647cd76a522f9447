from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.seating.models import SeatingPlan
from cohesion.seating.people import HEADER, MAX_BYTES, PeopleFileError, people_read
from cohesion.seating.services import MAX_ROUNDS, MAX_TABLES


class SeatingForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Whom to seat"),
        choices=SeatingPlan.Source.choices,
        initial=SeatingPlan.Source.EXPECTED,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("CSV file (only for a file)"),
        required=False,
        help_text=_("One line per person with the header %(header)s.")
        % {"header": ",".join(HEADER)},
    )
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=MAX_TABLES, initial=10)
    rounds = forms.IntegerField(label=_("Rounds"), min_value=1, max_value=MAX_ROUNDS, initial=3)
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text=_("The same seed seats the same people the same way; another one differently."),
    )

    def clean(self):
        data = super().clean()
        if data.get("source") == SeatingPlan.Source.UPLOAD:
            upload = data.get("file")
            if upload is None:
                self.add_error("file", _("Choose a CSV file."))
                return data
            if upload.size > MAX_BYTES:
                self.add_error(
                    "file",
                    _("The file is larger than %(limit)s MB.")
                    % {"limit": MAX_BYTES // (1024 * 1024)},
                )
                return data
            try:
                people = people_read(upload.read(MAX_BYTES + 1))
            except PeopleFileError as error:
                self.add_error("file", str(error))
                return data
            data["people"] = [{column: getattr(p, column) for column in HEADER} for p in people]
        return data
