from decimal import ROUND_HALF_UP, Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cohesion.indicators.catalogue import INDICATORS, INDICATORS_BY_SLUG, Indicator, missing_hint
from cohesion.indicators.exports import lagged_note, missing_reason
from cohesion.indicators.selectors import (
    IndicatorResult,
    IndicatorValue,
    indicator_results,
    level_note,
)
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.selectors import municipality_get


class Command(BaseCommand):
    help = (
        "Show one indicator of a municipality, district or Land: its definition and formula, "
        "then every value (or the one of --period) with its sources."
    )

    def add_arguments(self, parser):
        parser.add_argument("ags", help="official key (AGS) of the municipality, district or Land")
        parser.add_argument("indicator", help="slug of the indicator, e.g. foreign-share")
        parser.add_argument(
            "--period", help="only this period: a year (2024) or a reference date (2024-12-31)"
        )

    def handle(self, *args, ags: str, indicator: str, period: str | None, **options):
        municipality = self._municipality(ags.strip())
        entry = self._indicator(indicator.strip())
        result = indicator_results(regions=[municipality], indicators=[entry])[municipality.pk][0]
        self._print_definition(entry, municipality)
        values = result.values
        if period:
            values = _values_of_period(result.values, period.strip())
            if not values:
                raise CommandError(self._no_period(result, municipality, period.strip()))
        elif not values:
            raise CommandError(
                _(
                    "There are no figures for “%(title)s” for %(name)s, its district or its "
                    "Land yet. %(hint)s"
                )
                % {
                    "title": entry.title,
                    "name": municipality.name,
                    "hint": missing_hint(entry, municipality.ags),
                }
            )
        for value in values:
            self._print_value(result, value)
        if all(value.value is None for value in values):
            raise CommandError(
                _("There is no value of “%(title)s” for %(name)s (%(periods)s).")
                % {
                    "title": entry.title,
                    "name": municipality.name,
                    "periods": ", ".join(value.period_label for value in values),
                }
            )

    def _municipality(self, ags: str) -> Municipality:
        municipality = municipality_get(ags=ags)
        if municipality is None:
            message = _("There is no municipality, district or Land with the key %(ags)s.") % {
                "ags": ags
            }
            if not Municipality.objects.exists():
                message += " " + _("The registry is empty: run “cohesion import-gv100ad” first.")
            raise CommandError(message)
        return municipality

    def _indicator(self, slug: str) -> Indicator:
        if slug not in INDICATORS_BY_SLUG:
            raise CommandError(
                _("There is no indicator “%(slug)s”. The indicators are: %(slugs)s.")
                % {"slug": slug, "slugs": ", ".join(entry.slug for entry in INDICATORS)}
            )
        return INDICATORS_BY_SLUG[slug]

    def _print_definition(self, indicator: Indicator, municipality: Municipality) -> None:
        lines = [
            _("%(title)s (%(slug)s)") % {"title": indicator.title, "slug": indicator.slug},
            _("Region: %(name)s (%(ags)s)") % {"name": municipality.name, "ags": municipality.ags},
            _("Unit: %(unit)s") % {"unit": indicator.unit},
            _("Definition: %(definition)s") % {"definition": indicator.definition},
            _("Formula: %(formula)s") % {"formula": indicator.formula_text},
        ]
        for line in lines:
            self.stdout.write(line)

    def _print_value(self, result: IndicatorResult, value: IndicatorValue) -> None:
        indicator = result.indicator
        if value.value is None:
            shown = "– " + missing_reason(value.status)
        else:
            shown = f"{format_number(value.value, indicator.decimals)} {indicator.unit}"
        self.stdout.write(
            _("%(period)s: %(value)s") % {"period": value.period_label, "value": shown}
        )
        for source in value.sources:
            self.stdout.write("  " + _("Source: %(source)s") % {"source": source})
        if value.value is not None and (note := level_note(result)):
            self.stdout.write("  " + _("Note: %(note)s") % {"note": note})
        if value.lagged:
            self.stdout.write("  " + _("Note: %(note)s") % {"note": lagged_note(value.lagged)})

    def _no_period(self, result: IndicatorResult, municipality: Municipality, period: str) -> str:
        message = _("There is no value of “%(title)s” for %(name)s for %(period)s.") % {
            "title": result.indicator.title,
            "name": municipality.name,
            "period": period,
        }
        known = [value.period_label for value in result.values if value.value is not None]
        if known:
            message += " " + _("There are values for: %(periods)s.") % {"periods": ", ".join(known)}
        return message


def format_number(value: float, decimals: int) -> str:
    """The value rounded half up to the indicator's decimals, with the locale's separators.
    (Django's number_format cuts a float's digits off rather than rounding: 19.07 -> "19.0".)"""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _values_of_period(values: list[IndicatorValue], period: str) -> list[IndicatorValue]:
    """The values of a period given as in the data (2024-12-31, 2024) or as shown (2024,
    15.05.2022); a bare year also finds the reference dates of that year (2022: 15.05.2022)."""
    exact = [value for value in values if period in (value.period, value.period_label)]
    if exact or not (len(period) == 4 and period.isdigit()):
        return exact
    return [value for value in values if value.period[:4] == period]
