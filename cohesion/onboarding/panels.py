"""A panel on a registry municipality's page: programme managers add the municipality to their
programme from there (the programme page's "add municipality", with the search filled in)."""

from django.template.loader import render_to_string

from cohesion.processes.selectors import processes_visible_to, programmes_managed_by


def add_to_programme_panel(*, request, municipality) -> str:
    if not request.user.is_authenticated:
        return ""
    programmes = list(programmes_managed_by(user=request.user))
    if not programmes:
        return ""
    taking_part = set(
        processes_visible_to(user=request.user)
        .filter(municipality=municipality)
        .values_list("programme_id", flat=True)
    )
    open_to = [programme for programme in programmes if programme.pk not in taking_part]
    if not open_to:
        return ""
    return render_to_string(
        "onboarding/_municipality_panel.html",
        {"municipality": municipality, "programmes": open_to},
        request=request,
    )
