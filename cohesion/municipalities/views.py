from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohesion.core.shortcuts import found_or_404
from cohesion.municipalities.forms import RegistrySearchForm
from cohesion.municipalities.panels import page_panels
from cohesion.municipalities.selectors import (
    municipalities_visible_to,
    municipality_get,
    municipality_population_history,
    registry_search,
)
from cohesion.processes.selectors import processes_of_municipality

RESULTS_PER_PAGE = 25


@require_GET
@login_required
def municipality_list(request):
    """The municipalities one works with, and a search through the whole registry."""
    form = RegistrySearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = Paginator(
            registry_search(
                query=form.cleaned_data["q"], include_former=form.cleaned_data["former"]
            ),
            RESULTS_PER_PAGE,
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "municipalities": list(municipalities_visible_to(user=request.user)),
            "form": form,
            "results": results,
        },
    )


@require_GET
@login_required
def municipality_detail(request, ags: str):
    municipality = found_or_404(municipality_get(ags=ags))
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "population_history": municipality_population_history(municipality=municipality),
            "processes": list(
                processes_of_municipality(user=request.user, municipality=municipality)
            ),
            # Panels of the apps above the registry (the official figures), without importing them.
            "panels": page_panels(request=request, municipality=municipality),
        },
    )
