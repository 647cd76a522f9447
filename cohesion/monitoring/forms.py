"""Forms of monitoring: they validate what a person typed; the services change the strategy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.monitoring.models import STATUS_CHOICES
from cohesion.strategies.bulk import MAX_BYTES
from cohesion.strategies.forms import ActualForm, DateInput

__all__ = ["ActualForm", "ApplyForm", "MilestoneDoneForm", "ReportForm", "UploadForm", "YearForm"]


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Left empty: planned is 0 %, completed 100 %, otherwise it stays."),
    )
    reported_on = forms.DateField(label=_("Reported on"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(
        label=_("Done on"),
        widget=DateInput(),
        required=False,
        help_text=_("Left empty: not done."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(mb)d MB: the template with its id column filled in."
        ) % {"mb": MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class ApplyForm(forms.Form):
    valid_only = forms.BooleanField(required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
