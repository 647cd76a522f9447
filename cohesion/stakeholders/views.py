"""The stakeholder map's pages: the map (lists, the power/interest grid, the network), the forms
to add and change organisations, people and relations, a person's own data, and the import with
its preview and the export."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.stakeholders import exporting, layout, reading, services
from cohesion.stakeholders.forms import (
    ConsentForm,
    FilterForm,
    OrganisationForm,
    RelationForm,
    StakeholderForm,
    UploadForm,
)
from cohesion.stakeholders.messages import problem_message
from cohesion.stakeholders.models import OrganisationRelation
from cohesion.stakeholders.selectors import (
    group_legend,
    map_process,
    organisation_network,
    organisation_visible,
    power_interest_grid,
    relation_visible,
    stakeholder_for_editor,
    stakeholder_map,
    upload_for_editor,
)

RELATION_DASHES = {
    OrganisationRelation.Kind.COOPERATES: "",
    OrganisationRelation.Kind.FUNDS: "10 6",
    OrganisationRelation.Kind.MEMBER_OF: "3 4",
}


def _editable_process(request, pk: int):
    """The process whose map the user changes: 404 if they do not see it, 403 if they only see
    it."""
    process = found_or_404(map_process(user=request.user, pk=pk))
    if not request.user.has_perm("stakeholders.change_map", process):
        raise PermissionDenied
    return process


def _status(request) -> int:
    """A form shown again after a post was refused: 400, with its messages."""
    return 400 if request.method == "POST" else 200


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
@login_required
def map_page(request, process_pk: int):
    process = found_or_404(map_process(user=request.user, pk=process_pk))
    filters = FilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    the_map = found_or_404(
        stakeholder_map(
            user=request.user,
            process=process,
            target_group=chosen.get("target_group", ""),
            kind=chosen.get("kind", ""),
        )
    )
    grid = power_interest_grid(the_map)
    network = organisation_network(the_map)
    return render(
        request,
        "stakeholders/map.html",
        {
            "process": process,
            "map": the_map,
            "filters": filters,
            "grid": grid,
            "network": network,
            "relation_dashes": RELATION_DASHES,
            "relation_kinds": [
                {"value": value, "label": label, "dash": RELATION_DASHES[value]}
                for value, label in OrganisationRelation.Kind.choices
            ],
            "relation_form": RelationForm(process=process, prefix="relation")
            if the_map.can_edit
            else None,
            "group_legend": group_legend(),
            "frame": {
                "width": layout.GRID_WIDTH,
                "height": layout.GRID_HEIGHT,
                "ticks_y": layout.GRID_BOTTOM + 24,
                "axis_y": layout.GRID_BOTTOM + 76,
                "centre_x": layout.GRID_LEFT + layout.GRID_SIZE / 2,
                "centre_y": layout.GRID_TOP + layout.GRID_SIZE / 2,
            },
            "network_size": layout.NETWORK_SIZE,
            "x_ticks": [
                (score, layout.GRID_LEFT + (score - 0.5) * layout.CELL) for score in range(1, 6)
            ],
            "y_ticks": [
                (score, layout.GRID_TOP + (5.5 - score) * layout.CELL) for score in range(1, 6)
            ],
        },
    )


# --- organisations ---


@require_http_methods(["GET", "POST"])
@login_required
def organisation_add(request, process_pk: int):
    process = _editable_process(request, process_pk)
    form = OrganisationForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_create(
                actor=request.user,
                process=process,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation is on the map."))
            return redirect("stakeholders:map", process.pk)
    return render(
        request,
        "stakeholders/organisation_form.html",
        {"form": form, "process": process, "organisation": None},
        status=_status(request),
    )


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request, pk: int):
    organisation = found_or_404(organisation_visible(user=request.user, pk=pk))
    if not request.user.has_perm("stakeholders.change_map", organisation):
        raise PermissionDenied
    process = organisation.process
    form = OrganisationForm(request.POST or None, instance=organisation, process=process)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        organisation.refresh_from_db()  # the form wrote into the instance; the service compares
        try:
            services.organisation_update(actor=request.user, organisation=organisation, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("stakeholders:map", process.pk)
    return render(
        request,
        "stakeholders/organisation_form.html",
        {"form": form, "process": process, "organisation": organisation},
        status=_status(request),
    )


@require_POST
@login_required
def organisation_delete(request, pk: int):
    organisation = found_or_404(organisation_visible(user=request.user, pk=pk))
    process = organisation.process
    services.organisation_delete(actor=request.user, organisation=organisation)
    messages.success(request, _("The organisation was removed from the map."))
    return redirect("stakeholders:map", process.pk)


# --- relations ---


@require_POST
@login_required
def relation_add(request, process_pk: int):
    process = _editable_process(request, process_pk)
    form = RelationForm(request.POST, process=process, prefix="relation")
    if form.is_valid():
        try:
            services.relation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The relation is on the map."))
    else:
        messages.error(request, _("Choose two organisations and the kind of relation."))
    return redirect("stakeholders:map", process.pk)


@require_POST
@login_required
def relation_delete(request, pk: int):
    relation = found_or_404(relation_visible(user=request.user, pk=pk))
    process = relation.source.process
    services.relation_delete(actor=request.user, relation=relation)
    messages.success(request, _("The relation was removed."))
    return redirect("stakeholders:map", process.pk)


# --- people ---


@require_http_methods(["GET", "POST"])
@login_required
def stakeholder_add(request, process_pk: int):
    process = _editable_process(request, process_pk)
    form = StakeholderForm(request.POST or None, process=process)
    consent_form = ConsentForm(request.POST or None, prefix="consent")
    if request.method == "POST" and form.is_valid() and consent_form.is_valid():
        consent = consent_form.cleaned_data
        try:
            person = services.stakeholder_create(
                actor=request.user,
                process=process,
                consent_to_contact=consent["consent"],
                consent_given_on=consent["given_on"],
                consent_purpose=consent["purpose"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person is on the map."))
            return redirect("stakeholders:person", person.pk)
    return render(
        request,
        "stakeholders/person_form.html",
        {"form": form, "consent_form": consent_form, "process": process, "person": None},
        status=_status(request),
    )


def _person(request, pk: int):
    return found_or_404(stakeholder_for_editor(user=request.user, pk=pk))


@require_GET
@login_required
def person(request, pk: int):
    stakeholder = _person(request, pk)
    consent_form = ConsentForm(
        initial={
            "consent": stakeholder.consent_to_contact,
            "given_on": stakeholder.consent_given_on,
            "purpose": stakeholder.consent_purpose,
        }
    )
    return render(
        request,
        "stakeholders/person.html",
        {"person": stakeholder, "process": stakeholder.process, "consent_form": consent_form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request, pk: int):
    stakeholder = _person(request, pk)
    process = stakeholder.process
    form = StakeholderForm(request.POST or None, instance=stakeholder, process=process)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        stakeholder.refresh_from_db()
        try:
            services.stakeholder_update(actor=request.user, stakeholder=stakeholder, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person's data was saved."))
            return redirect("stakeholders:person", stakeholder.pk)
    return render(
        request,
        "stakeholders/person_form.html",
        {"form": form, "process": process, "person": stakeholder},
        status=_status(request),
    )


@require_POST
@login_required
def person_consent(request, pk: int):
    stakeholder = _person(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.stakeholder_consent_record(
                actor=request.user,
                stakeholder=stakeholder,
                consent=form.cleaned_data["consent"],
                given_on=form.cleaned_data["given_on"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("stakeholders:person", stakeholder.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("stakeholders:person", stakeholder.pk)


@require_GET
@login_required
def person_data(request, pk: int, file_format: str):
    """Everything the map holds about the person, to hand to them (JSON or CSV)."""
    stakeholder = _person(request, pk)
    if file_format not in ("json", "csv"):
        raise Http404
    data = services.stakeholder_data_export(actor=request.user, stakeholder=stakeholder)
    filename = f"stakeholder-{stakeholder.pk}"
    if file_format == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
    else:
        columns = list(data)
        response = HttpResponse(
            exporting.csv_bytes(columns, [data]), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def person_erase(request, pk: int):
    stakeholder = _person(request, pk)
    process = stakeholder.process
    if request.method == "POST":
        services.stakeholder_erase(stakeholder=stakeholder, actor=request.user)
        messages.success(request, _("The person and their data were erased."))
        return redirect("stakeholders:map", process.pk)
    return render(
        request, "stakeholders/person_erase.html", {"person": stakeholder, "process": process}
    )


# --- import and export ---


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request, process_pk: int):
    process = _editable_process(request, process_pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > reading.MAX_BYTES:
            form.add_error(
                "file",
                problem_message(reading.StakeholderFileError("too_large", limit_mb=2)),
            )
        else:
            upload = services.stakeholder_upload_store(
                actor=request.user,
                process=process,
                filename=uploaded.name,
                data=uploaded.read(),
            )
            return redirect("stakeholders:import_preview", process.pk, upload.token)
    status = 400 if form.errors else 200
    return render(
        request,
        "stakeholders/import_upload.html",
        {"form": form, "process": process, "columns": reading.HEADER},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_preview(request, process_pk: int, token: str):
    process = _editable_process(request, process_pk)
    upload = found_or_404(upload_for_editor(user=request.user, process=process, token=token))
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.stakeholder_upload_discard(actor=request.user, upload=upload)
            messages.info(request, _("The file was discarded; nothing was imported."))
            return redirect("stakeholders:map", process.pk)
        try:
            counts = services.stakeholder_import(actor=request.user, upload=upload)
        except services.ImportRefused as refused:
            return render(
                request,
                "stakeholders/import_preview.html",
                {"process": process, "upload": upload, "errors": refused.messages},
                status=400,
            )
        messages.success(
            request,
            _(
                "Imported: %(organisations)s organisations and %(people)s people new, "
                "%(updated)s updated, %(skipped)s duplicates skipped."
            )
            % {
                "organisations": counts["organisations_new"],
                "people": counts["people_new"],
                "updated": counts["organisations_updated"] + counts["people_updated"],
                "skipped": counts["duplicates_skipped"],
            },
        )
        return redirect("stakeholders:map", process.pk)
    try:
        plan = services.import_plan_of(process=process, data=bytes(upload.data))
    except reading.StakeholderFileError as error:
        return render(
            request,
            "stakeholders/import_preview.html",
            {"process": process, "upload": upload, "errors": [problem_message(error)]},
            status=400,
        )
    return render(
        request,
        "stakeholders/import_preview.html",
        {
            "process": process,
            "upload": upload,
            "plan": plan,
            "errors": [problem_message(problem) for problem in plan.problems],
            "counts": {
                action: plan.count(action)
                for action in (reading.NEW, reading.UPDATE, reading.UNCHANGED, reading.DUPLICATE)
            },
        },
        status=400 if plan.problems else 200,
    )


TEMPLATE_EXAMPLES = [
    {
        "kind": "immigrant_organisation",
        "name": "Türkischer Elternverein (example)",
        "target_group": "immigrant",
        "origin": "Türkei",
        "influence": 2,
        "interest": 5,
    },
    {
        "kind": "person",
        "name": "Ayşe Demir (example)",
        "organisation": "Türkischer Elternverein (example)",
        "role": "Vorsitzende",
        "target_group": "immigrant",
        "origin": "Türkei",
        "gender": "female",
        "age_band": "40-49",
        "languages": ["tr", "de"],
        "email": "ayse.demir@example.org",
        "influence": 2,
        "interest": 5,
        "consent": True,
        "consent_date": "2025-03-01",
        "consent_purpose": "Einladung zum Integrationsworkshop",
    },
]


@require_GET
@login_required
def import_template(request, file_format: str):
    """An empty list in the import's layout, with one example organisation and person."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    columns = list(reading.HEADER)
    if file_format == "xlsx":
        data = exporting.xlsx_bytes(columns, TEMPLATE_EXAMPLES)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = exporting.csv_bytes(columns, TEMPLATE_EXAMPLES)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="stakeholders-template.{file_format}"'
    return response


@require_GET
@login_required
def export(request, process_pk: int, file_format: str):
    process = found_or_404(map_process(user=request.user, pk=process_pk))
    if file_format not in ("csv", "xlsx"):
        raise Http404
    data, content_type = services.stakeholder_map_export(
        actor=request.user, process=process, file_format=file_format
    )
    response = HttpResponse(data, content_type=content_type)
    name = slugify(process.municipality.name) or "map"
    response["Content-Disposition"] = f'attachment; filename="stakeholders-{name}.{file_format}"'
    return response
