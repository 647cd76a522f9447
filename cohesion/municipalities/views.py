from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohesion.municipalities.selectors import municipalities_visible_to, municipality_get_visible
from cohesion.processes.selectors import processes_of_municipality


@require_GET
@login_required
def municipality_list(request):
    return render(
        request,
        "municipalities/municipality_list.html",
        {"municipalities": list(municipalities_visible_to(user=request.user))},
    )


@require_GET
@login_required
def municipality_detail(request, ags: str):
    municipality = municipality_get_visible(user=request.user, ags=ags)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "processes": list(
                processes_of_municipality(user=request.user, municipality=municipality)
            ),
        },
    )
