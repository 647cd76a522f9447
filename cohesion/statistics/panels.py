"""The official figures on a municipality's page (registered with the registry's page panels)."""

from django.template.loader import render_to_string

from cohesion.municipalities.selectors import municipality_district
from cohesion.statistics.selectors import figures_of_region


def figures_panel(*, request, municipality) -> str:
    district = municipality_district(municipality=municipality)
    figures = figures_of_region(municipality=municipality)
    district_figures = figures_of_region(municipality=district) if district else []
    if not figures and not district_figures:
        return ""
    return render_to_string(
        "statistics/_figures_panel.html",
        {"figures": figures, "district": district, "district_figures": district_figures},
        request=request,
    )
