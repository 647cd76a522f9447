from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cohesion.core.shortcuts import found_or_404
from cohesion.indicators.catalogue import INDICATORS, Topic
from cohesion.indicators.charts import composition_chart, trend_chart
from cohesion.indicators.documents import fact_sheet_pdf
from cohesion.indicators.exports import profile_workbook
from cohesion.indicators.selectors import Profile, profile_of
from cohesion.municipalities.selectors import municipality_get

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def profile_context(profile: Profile) -> dict:
    """What the profile page and the fact sheet show: the profile and its charts."""
    charts = {}
    composition = None
    for section in profile.sections:
        if section.topic == Topic.ORIGIN:
            composition = composition_chart(
                section.available,
                description=_("Origin groups of foreign residents, per 100 foreign residents"),
            )
            continue
        for result in section.available:
            chart = trend_chart(result)
            if chart is not None:
                charts[result.indicator.slug] = chart
    return {
        "profile": profile,
        "municipality": profile.municipality,
        "charts": charts,
        "origin_chart": composition,
    }


@require_GET
@login_required
def profile(request, ags: str):
    """The municipality's facts and figures for the workshop (official data: any signed-in
    person may read them, as the registry)."""
    municipality = found_or_404(municipality_get(ags=ags))
    return render(
        request, "indicators/profile.html", profile_context(profile_of(municipality=municipality))
    )


def _filename(profile: Profile, suffix: str) -> str:
    return f"cohesion-{profile.municipality.ags}-{suffix}"


@require_GET
@login_required
def fact_sheet(request, ags: str):
    profile = profile_of(municipality=found_or_404(municipality_get(ags=ags)))
    html = render_to_string("indicators/fact_sheet.html", profile_context(profile), request)
    response = HttpResponse(fact_sheet_pdf(html=html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(profile, "fact-sheet.pdf")}"'
    return response


@require_GET
@login_required
def profile_data(request, ags: str):
    profile = profile_of(municipality=found_or_404(municipality_get(ags=ags)))
    response = HttpResponse(profile_workbook(profile=profile), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(profile, "data.xlsx")}"'
    return response


@require_GET
@login_required
def catalogue(request):
    return render(request, "indicators/catalogue.html", {"indicators": INDICATORS})
