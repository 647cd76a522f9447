"""The project inventory's pages: the list, a project with its evaluation, the forms to add,
change, remove and rate a project, its rating in the workshop, the gap view and the export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.core.spreadsheets import csv_bytes, xlsx_bytes
from cohesion.projects import services
from cohesion.projects.forms import FilterForm, ProjectForm, RatingForm, RatingItemForm
from cohesion.projects.selectors import (
    description_shown,
    export_table,
    gap_table,
    inventory_of,
    inventory_process,
    project_evaluation,
    project_visible,
    provider_choices,
    rating_items_free,
    workshop_exists,
)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _status(request) -> int:
    """A form shown again after a post was refused: 400, with its messages."""
    return 400 if request.method == "POST" else 200


def _editable_process(request, pk):
    process = found_or_404(inventory_process(user=request.user, pk=pk))
    if not request.user.has_perm("projects.change_inventory", process):
        raise PermissionDenied
    return process


def _project(request, pk, perm: str | None = None):
    project = found_or_404(project_visible(user=request.user, pk=pk))
    if perm and not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project


@require_GET
@login_required
def project_list(request, process_pk):
    process = found_or_404(inventory_process(user=request.user, pk=process_pk))
    filters = FilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    inventory = found_or_404(
        inventory_of(user=request.user, process=process, status=chosen.get("status", ""))
    )
    return render(
        request,
        "projects/list.html",
        {"process": process, "inventory": inventory, "filters": filters},
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_add(request, process_pk):
    process = _editable_process(request, process_pk)
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        providers=provider_choices(process=process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                process=process,
                source_language=request.LANGUAGE_CODE,
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project is in the inventory."))
            return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/form.html",
        {"form": form, "process": process, "project": None},
        status=_status(request),
    )


@require_GET
@login_required
def project_detail(request, pk):
    project = _project(request, pk)
    can_rate = request.user.has_perm("projects.rate_project", project)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "process": project.process,
            "description": description_shown(project),
            "evaluation": project_evaluation(project=project),
            "can_edit": request.user.has_perm("projects.change_inventory", project),
            "can_rate": can_rate,
            "has_workshop": can_rate and workshop_exists(process=project.process),
            "item_form": RatingItemForm(items=rating_items_free(project=project))
            if can_rate and project.rating_item_id is None
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_edit(request, pk):
    project = _project(request, pk, "projects.change_inventory")
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        initial=ProjectForm.initial_of(project),
        providers=provider_choices(process=project.process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/form.html",
        {"form": form, "process": project.process, "project": project},
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_delete(request, pk):
    project = _project(request, pk, "projects.change_inventory")
    if request.method == "POST":
        process = project.process
        services.project_delete(actor=request.user, project=project)
        messages.success(request, _("The project was removed from the inventory."))
        return redirect("projects:list", process.pk)
    return render(request, "projects/delete.html", {"project": project, "process": project.process})


@require_http_methods(["GET", "POST"])
@login_required
def project_rate(request, pk):
    project = _project(request, pk, "projects.rate_project")
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_rate(
                actor=request.user,
                project=project,
                scores=form.scores(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your rating was saved."))
            return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/rate.html",
        {"form": form, "project": project, "process": project.process},
        status=_status(request),
    )


@require_POST
@login_required
def project_rating_item(request, pk):
    """Put the project's rating on day 1's agenda (action "create"), link an item that is there
    ("link") or unlink it ("unlink")."""
    project = _project(request, pk, "projects.rate_project")
    action = request.POST.get("action", "")
    try:
        if action == "create":
            services.project_rating_item_create(actor=request.user, project=project)
            messages.success(
                request,
                _("The rating is on the agenda of workshop day 1, after the other ratings."),
            )
        elif action == "link":
            form = RatingItemForm(request.POST, items=rating_items_free(project=project))
            if not form.is_valid():
                raise ValidationError(_("Choose a rating item of this process's workshop day 1."))
            services.project_rating_item_link(
                actor=request.user, project=project, item_id=form.cleaned_data["item"]
            )
            messages.success(request, _("The workshop's rating is linked."))
        elif action == "unlink":
            services.project_rating_item_link(actor=request.user, project=project, item_id=None)
            messages.success(request, _("The workshop's rating is no longer linked."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("projects:detail", project.pk)


@require_GET
@login_required
def gaps(request, process_pk):
    process = found_or_404(inventory_process(user=request.user, pk=process_pk))
    table = found_or_404(gap_table(user=request.user, process=process))
    return render(
        request,
        "projects/gaps.html",
        {
            "process": process,
            "table": table,
            "can_edit": request.user.has_perm("projects.change_inventory", process),
        },
    )


@require_GET
@login_required
def export(request, process_pk, file_format: str):
    if file_format not in CONTENT_TYPES:
        raise Http404
    process = found_or_404(inventory_process(user=request.user, pk=process_pk))
    header, rows = export_table(process=process)
    if file_format == "csv":
        data = csv_bytes(header, rows)
    else:
        data = xlsx_bytes([(_("Projects"), header, rows)])
    name = slugify(f"projects {process.municipality.name}") or "projects"
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
