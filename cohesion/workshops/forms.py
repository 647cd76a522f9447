from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cohesion.workshops.kinds import KIND_CHOICES, MAX_OPTIONS, SCALE_PRESET_LABELS
from cohesion.workshops.models import Item, StakeholderGroup


class JoinForm(forms.Form):
    language = forms.ChoiceField(label=_("Your language"), choices=settings.LANGUAGES)
    nickname = forms.CharField(
        label=_("Nickname (optional)"),
        max_length=40,
        required=False,
        help_text=_("Shown to nobody but the moderator's list of who is here. Not your name."),
    )
    group = forms.ChoiceField(
        label=_("Which group do you belong to? (optional)"),
        choices=[("", _("I would rather not say"))] + list(StakeholderGroup.choices),
        required=False,
        help_text=_(
            "Used only to show how each group voted, and never for fewer than five people."
        ),
    )
    group_consent = forms.BooleanField(
        label=_("I agree that my answers are counted with my group."), required=False
    )
    attribute = forms.CharField(
        label=_("Something about you (optional)"),
        max_length=60,
        required=False,
        help_text=_('For example "in Kerpen for 3 years". Counted, never shown with your answers.'),
    )
    attribute_2 = forms.CharField(
        label=_("Something else about you (optional)"), max_length=60, required=False
    )
    attribute_3 = forms.CharField(
        label=_("And one more thing (optional)"), max_length=60, required=False
    )

    def attributes(self) -> list[str]:
        names = ("attribute", "attribute_2", "attribute_3")
        return [self.cleaned_data[name] for name in names if self.cleaned_data.get(name)]


class DayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    room = forms.CharField(label=_("Room"), max_length=200, required=False)


def _language_fields(prefix: str, label, *, widget=None, max_length: int) -> dict:
    fields = {}
    for code, name in settings.LANGUAGES:
        fields[f"{prefix}_{code}"] = forms.CharField(
            label=f"{label} ({name})",
            required=False,
            max_length=max_length,
            widget=widget() if widget else None,
        )
    return fields


class ItemForm(forms.Form):
    """An item's texts in every language, and its options one per line per language."""

    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    pacing = forms.ChoiceField(label=_("Pacing"), choices=Item.Pacing.choices)
    starts_at = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=600)
    scale = forms.ChoiceField(
        label=_("Scale (Likert statements)"),
        choices=list(SCALE_PRESET_LABELS.items()),
        required=False,
    )
    max_choices = forms.IntegerField(
        label=_("At most this many choices (multiple choice)"),
        required=False,
        min_value=1,
        max_value=MAX_OPTIONS,
    )
    budget = forms.IntegerField(
        label=_("Dots per person (dot voting)"), required=False, min_value=1, max_value=100
    )
    premoderate = forms.BooleanField(
        label=_("Show cards and questions only after the moderator accepted them"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_language_fields("title", _("Title"), max_length=200))
        self.fields.update(
            _language_fields("prompt", _("Question"), widget=forms.Textarea, max_length=1000)
        )
        self.fields.update(
            _language_fields(
                "options", _("Options, one per line"), widget=forms.Textarea, max_length=6000
            )
        )
        self.fields.update(
            _language_fields(
                "criteria",
                _("Criteria of a rating, one per line"),
                widget=forms.Textarea,
                max_length=6000,
            )
        )
        self.fields.update(
            _language_fields(
                "categories",
                _("Fields of action of a brainstorm, one per line"),
                widget=forms.Textarea,
                max_length=6000,
            )
        )

    def texts(self, prefix: str) -> dict:
        return {
            code: self.cleaned_data.get(f"{prefix}_{code}", "")
            for code, _name in settings.LANGUAGES
        }

    def options(self, prefix: str = "options") -> list[dict]:
        """Texts given one per line in each language: the n-th lines belong together."""
        lines = {
            code: [
                line.strip()
                for line in (self.cleaned_data.get(f"{prefix}_{code}") or "").splitlines()
            ]
            for code, _name in settings.LANGUAGES
        }
        count = max((len([x for x in values if x]) for values in lines.values()), default=0)
        return [
            {code: values[i] for code, values in lines.items() if i < len(values) and values[i]}
            for i in range(count)
        ]

    def setup(self) -> dict:
        """What the kind lets the moderator choose (services.item_save checks it)."""
        data = self.cleaned_data
        return {
            "scale": data.get("scale") or None,
            "max_choices": data.get("max_choices"),
            "budget": data.get("budget"),
            "premoderate": bool(data.get("premoderate")),
            "criteria": self.options("criteria") or None,
            "categories": self.options("categories") or None,
        }

    @staticmethod
    def initial_of(item: Item) -> dict:
        config = item.config or {}
        initial = {
            "kind": item.kind,
            "pacing": item.pacing,
            "starts_at": item.starts_at,
            "minutes": item.minutes,
            "scale": config.get("scale", ""),
            "max_choices": config.get("max_choices"),
            "budget": config.get("budget"),
            "premoderate": bool(config.get("premoderate")),
        }
        for code, _name in settings.LANGUAGES:
            initial[f"title_{code}"] = item.title.get(code, "")
            initial[f"prompt_{code}"] = (item.prompt or {}).get(code, "")
            for key in ("options", "criteria", "categories"):
                initial[f"{key}_{code}"] = "\n".join(
                    text.get(code, "") for text in config.get(key, [])
                )
        return initial
