import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohesion.audit.forms import AuditFilterForm
from cohesion.audit.selectors import AUDIT_PAGE_SIZE, audit_entries, audit_events_visible_to


@require_GET
@login_required
def trail(request):
    """Who changed what, when: the coordinator's municipalities, the manager's programmes."""
    if not rules.has_perm("audit.view_trail", request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    action = form.cleaned_data["action"] if form.is_valid() else ""
    events = audit_events_visible_to(user=request.user)
    if action:
        events = events.filter(action=action)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/trail.html",
        {"form": form, "page": page, "entries": audit_entries(page.object_list)},
    )
