from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cohesion.core.charts import bars_chart
from cohesion.core.shortcuts import found_or_404
from cohesion.municipalities.forms import RegistrySearchForm
from cohesion.municipalities.selectors import municipality_get, registry_search
from cohesion.peers.engine import TOWN
from cohesion.peers.selectors import (
    municipality_type,
    peer_comparison,
    peer_group_of,
    peers_suggested,
)
from cohesion.peers.services import COMPARED_SUGGESTIONS, peer_group_change

SEARCH_RESULTS = 10


@require_http_methods(["GET"])
@login_required
def compare(request, ags: str):
    municipality = found_or_404(municipality_get(ags=ags))
    same_land = request.GET.get("land") == "1"
    suggested = peers_suggested(municipality=municipality, same_land=same_land)
    chosen = peer_group_of(municipality=municipality)
    compared = chosen or [peer.municipality for peer in suggested.peers[:COMPARED_SUGGESTIONS]]
    regions = [municipality, *compared]
    rows = [
        {
            "indicator": row.indicator,
            "cells": row.results,
            # The charts compare the regions' own figures only; a district's stays in the table.
            "chart": bars_chart(
                row.indicator,
                [
                    (region.name, cell.latest.value if cell.latest and not cell.level else None)
                    for cell, region in zip(row.results, regions, strict=True)
                ],
                description=str(row.indicator.title),
            ),
        }
        for row in peer_comparison(regions=regions)
    ]
    search = RegistrySearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = list(registry_search(query=search.cleaned_data["q"])[:SEARCH_RESULTS])
    return render(
        request,
        "peers/compare.html",
        {
            "municipality": municipality,
            "suggested": suggested,
            "chosen": chosen,
            "compared": compared,
            "regions": regions,
            "rows": rows,
            "search": search,
            "found": found,
            "same_land": same_land,
            "can_change": request.user.has_perm("peers.change_peer_group", municipality),
            "type": municipality_type(municipality=municipality),
            "town": TOWN,
        },
    )


@require_POST
@login_required
def change(request, ags: str):
    """Add, remove or reset the peers picked by hand."""
    municipality = found_or_404(municipality_get(ags=ags))
    try:
        peer_group_change(
            actor=request.user,
            municipality=municipality,
            change=request.POST.get("action", ""),
            peer_ags=request.POST.get("peer", "")[:12],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The peers have been saved."))
    return redirect("peers:compare", ags=ags)
