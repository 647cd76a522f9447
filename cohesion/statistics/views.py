from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cohesion.core.shortcuts import found_or_404
from cohesion.statistics.forms import MappingForm, UploadForm
from cohesion.statistics.messages import error_message
from cohesion.statistics.models import StatisticsImport
from cohesion.statistics.readers.base import StatisticsFileError
from cohesion.statistics.readers.sniff import detect_format
from cohesion.statistics.readers.tidy import TidyMapping, tidy_columns
from cohesion.statistics.selectors import (
    import_revisions,
    pending_import_differences,
    pending_import_get,
    pending_imports_for,
    statistics_import_get,
    statistics_imports,
)
from cohesion.statistics.services import (
    max_upload_bytes,
    statistics_import,
    statistics_import_approve,
    statistics_import_refuse,
    statistics_import_undo,
    statistics_preview,
    upload_discard,
    upload_read,
    upload_store,
)

SESSION_KEY = "statistics_uploads"


@require_GET
@login_required
def import_list(request):
    return render(
        request,
        "statistics/import_list.html",
        {
            "imports": list(statistics_imports()[:100]),
            "can_import": request.user.has_perm("statistics.import_statistics"),
            "can_review": request.user.has_perm("statistics.review_imports"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("statistics.import_statistics", raise_exception=True)
def upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > max_upload_bytes():
            form.add_error(
                "file",
                _("The file is larger than %(limit_mb)s MB.")
                % {"limit_mb": max_upload_bytes() // (1024 * 1024)},
            )
        else:
            data = uploaded.read()
            token = upload_store(data=data)
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {"filename": uploaded.name, "mapping": None}
            request.session[SESSION_KEY] = pending
            if detect_format(data, uploaded.name) == "tidy":
                return redirect("statistics:mapping", token=token)
            return redirect("statistics:preview", token=token)
    return render(request, "statistics/upload.html", {"form": form})


def _pending(request, token: str) -> tuple[dict, bytes]:
    """An upload of this session, or 404: nobody previews or imports another person's file."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    data = upload_read(token=token) if entry else None
    if data is None:
        raise Http404
    return entry, data


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("statistics.import_statistics", raise_exception=True)
def mapping(request, token: str):
    """Which column holds what: the guess (or the user's earlier choice) to start from; a
    mapping the reader refuses comes back with the reason and every choice kept."""
    from cohesion.statistics.forms import ROLE_LABELS
    from cohesion.statistics.readers.tidy import guess_columns, mapping_check

    entry, data = _pending(request, token)
    try:
        columns = tidy_columns(data)
    except StatisticsFileError as error:
        messages.error(request, error_message(error))
        return redirect("statistics:upload")
    try:
        guess = guess_columns(data, filename=entry["filename"], max_bytes=max_upload_bytes())
    except StatisticsFileError:
        guess = None
    chosen = TidyMapping(**entry["mapping"]) if entry.get("mapping") else None
    initial = MappingForm.initial_for(chosen or (guess.mapping if guess else None))
    form = MappingForm(
        request.POST if request.method == "POST" else None, columns=columns, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        tidy = form.mapping()
        try:
            mapping_check(data, mapping=tidy, max_bytes=max_upload_bytes())
        except StatisticsFileError as error:
            form.refused(error)  # the page again, with the reason and the user's choices
        else:
            entry["mapping"] = tidy.__dict__
            request.session[SESSION_KEY] = {**request.session[SESSION_KEY], token: entry}
            return redirect("statistics:preview", token=token)
    return render(
        request,
        "statistics/mapping.html",
        {
            "form": form,
            "filename": entry["filename"],
            "columns": columns,
            "guess": guess if chosen is None else None,
            "guessed_columns": [
                (column.label, ROLE_LABELS.get(column.role, column.role), column.reason)
                for column in (guess.columns if guess else ())
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("statistics.import_statistics", raise_exception=True)
def preview(request, token: str):
    entry, data = _pending(request, token)
    tidy = TidyMapping(**entry["mapping"]) if entry.get("mapping") else None
    try:
        if request.method == "POST":
            record, created = statistics_import(
                data=data, filename=entry["filename"], actor=request.user, mapping=tidy
            )
        else:
            result = statistics_preview(data=data, filename=entry["filename"], mapping=tidy)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        upload_discard(token=token)
        return redirect("statistics:upload")
    if request.method == "POST":
        pending = request.session.get(SESSION_KEY, {})
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
        if record.state == StatisticsImport.State.PENDING:
            # The file stays until a programme manager decides.
            messages.warning(
                request,
                _(
                    "This file would change figures outside your municipality and its "
                    "district. It waits for the approval of a programme manager."
                ),
            )
            return redirect("statistics:list")
        upload_discard(token=token)
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s observation was imported.",
                    "%(count)s observations were imported.",
                    record.observation_count,
                )
                % {"count": record.observation_count}
                + " "
                + _("%(new)s new values, %(revised)s revised.")
                % {"new": record.new_count, "revised": record.revised_count},
            )
            return redirect("statistics:detail", pk=record.pk)
        messages.info(request, _("This file was already imported; nothing was changed."))
        return redirect("statistics:list")
    return render(
        request,
        "statistics/preview.html",
        {"preview": result, "token": token, "sample": result.parsed.observations[:20]},
    )


@require_GET
@login_required
def import_detail(request, pk: int):
    """An import: its provenance, what it brought, and the values it revised."""
    record = found_or_404(statistics_import_get(pk=pk))
    return render(
        request,
        "statistics/import_detail.html",
        {
            "record": record,
            "revisions": import_revisions(statistics_import=record),
            "can_undo": record.state == StatisticsImport.State.APPLIED
            and request.user.has_perm("statistics.undo_import", record),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_undo(request, pk: int):
    """Confirm, then take an import back."""
    record = found_or_404(statistics_import_get(pk=pk))
    if not request.user.has_perm("statistics.undo_import", record):
        raise PermissionDenied
    if request.method == "POST":
        try:
            statistics_import_undo(actor=request.user, statistics_import=record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The import was undone; the values it replaced are back."))
        return redirect("statistics:detail", pk=record.pk)
    return render(request, "statistics/import_undo.html", {"record": record})


@require_GET
@login_required
@permission_required("statistics.review_imports", raise_exception=True)
def pending_list(request):
    return render(
        request,
        "statistics/pending_list.html",
        {"pending": pending_imports_for(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def pending_detail(request, pk: int):
    """A pending import's differences, page by page, and the decision."""
    record = found_or_404(pending_import_get(user=request.user, pk=pk))
    if request.method == "POST":
        decide = {"approve": statistics_import_approve, "refuse": statistics_import_refuse}.get(
            request.POST.get("decision", "")
        )
        if decide is None:
            messages.error(request, _("Approve or refuse the import."))
            return redirect("statistics:pending_detail", pk=record.pk)
        try:
            decided = decide(actor=request.user, statistics_import=record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("statistics:pending")
        if decided.state == StatisticsImport.State.APPLIED:
            messages.success(request, _("The import was approved and applied."))
            return redirect("statistics:detail", pk=decided.pk)
        messages.success(request, _("The import was refused; nothing of it was applied."))
        return redirect("statistics:pending")
    try:
        page = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page = 1
    return render(
        request,
        "statistics/pending_detail.html",
        {
            "record": record,
            "differences": pending_import_differences(
                statistics_import=record, page=min(page, 10**6)
            ),
        },
    )
