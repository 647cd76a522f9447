import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cohesion.core.shortcuts import found_or_404
from cohesion.statistics.forms import MappingForm, UploadForm
from cohesion.statistics.layout_forms import SPECIAL_LABELS, ImportForm, LayoutForm
from cohesion.statistics.messages import error_message
from cohesion.statistics.models import ImportRun, StatisticsImport
from cohesion.statistics.readers.base import AMBIGUOUS_SKIP, ReadChoices, StatisticsFileError
from cohesion.statistics.readers.sniff import detect_format
from cohesion.statistics.readers.tidy import TidyMapping, tidy_columns
from cohesion.statistics.selectors import (
    import_revisions,
    import_run_get,
    import_runs_open,
    pending_import_differences,
    pending_import_get,
    pending_imports_for,
    statistics_import_get,
    statistics_imports,
)
from cohesion.statistics.services import (
    PREVIEW_HEAD_ROWS,
    choices_from_dict,
    choices_to_dict,
    max_upload_bytes,
    statistics_import_approve,
    statistics_import_refuse,
    statistics_import_request,
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
            "runs": import_runs_open(user=request.user),
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
            pending[token] = {"filename": uploaded.name, "mapping": None, "choices": None}
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


def _entry_save(request, token: str, entry: dict) -> None:
    request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), token: entry}


def _entry_choices(entry: dict) -> ReadChoices | None:
    try:
        return choices_from_dict(entry.get("choices"))
    except (TypeError, ValueError):  # not what this code stored: start again without
        return None


def _preview_page(request, *, token, entry, result, layout_form=None, import_form=None, status=200):
    layout = result.layout
    if layout_form is None and layout is not None and layout.columns:
        layout_form = LayoutForm(layout=layout)
    if import_form is None:
        import_form = ImportForm(needs_decision=bool(result.ambiguous))
    return render(
        request,
        "statistics/preview.html",
        {
            "preview": result,
            "token": token,
            "sample": result.sample,
            "layout": layout,
            "layout_form": layout_form,
            "import_form": import_form,
            "specials": [
                (sign, SPECIAL_LABELS.get(meaning, meaning), count)
                for sign, (meaning, count) in (layout.specials.items() if layout else ())
            ],
            "corrected": bool(entry.get("choices")),
            "head_rows": PREVIEW_HEAD_ROWS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("statistics.import_statistics", raise_exception=True)
def preview(request, token: str):
    """What the file holds and how it was read; the user corrects the reader's guesses (the
    file is read again), decides on ambiguous rows, and starts the import in the background."""
    entry, data = _pending(request, token)
    tidy = TidyMapping(**entry["mapping"]) if entry.get("mapping") else None
    choices = _entry_choices(entry)
    try:
        result = statistics_preview(
            data=data, filename=entry["filename"], mapping=tidy, choices=choices
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        if choices is not None:  # the corrections made it unreadable: back to the guesses
            entry["choices"] = None
            _entry_save(request, token, entry)
            return redirect("statistics:preview", token=token)
        upload_discard(token=token)
        return redirect("statistics:upload")
    action = request.POST.get("action", "import") if request.method == "POST" else None
    if action == "reset":
        entry["choices"] = None
        _entry_save(request, token, entry)
        return redirect("statistics:preview", token=token)
    if action == "reread":
        if result.layout is None or not result.layout.columns:
            return HttpResponseBadRequest()
        form = LayoutForm(request.POST, layout=result.layout)
        if not form.is_valid():
            return _preview_page(
                request, token=token, entry=entry, result=result, layout_form=form, status=400
            )
        earlier = choices or ReadChoices()
        entry["choices"] = choices_to_dict(
            dataclasses.replace(
                earlier,
                roles=form.corrections(earlier.roles),
                header_rows=form.header_rows_choice(earlier.header_rows),
            )
        )
        _entry_save(request, token, entry)
        messages.info(request, _("The file was read again with your corrections."))
        return redirect("statistics:preview", token=token)
    if action == "import":
        form = ImportForm(request.POST, needs_decision=bool(result.ambiguous))
        if not form.is_valid():
            return _preview_page(
                request, token=token, entry=entry, result=result, import_form=form, status=400
            )
        chosen = dataclasses.replace(
            choices or ReadChoices(), ambiguous=form.cleaned_data["ambiguous"] or AMBIGUOUS_SKIP
        )
        run = statistics_import_request(
            actor=request.user,
            token=token,
            filename=entry["filename"],
            mapping=entry.get("mapping"),
            choices=chosen if (chosen.roles or chosen.header_rows or result.ambiguous) else None,
            expected_rows=result.row_count if result.complete else None,
        )
        pending = request.session.get(SESSION_KEY, {})
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
        if run.finished:  # run at once (no worker): say how it went, as a request would
            return _run_outcome(request, run)
        return redirect("statistics:run", pk=run.pk)
    if request.method == "POST":
        return HttpResponseBadRequest()
    return _preview_page(request, token=token, entry=entry, result=result)


def _run_outcome(request, run: ImportRun):
    """Where a finished run leads, with a message saying what it did."""
    if run.state == ImportRun.State.FAILED:
        messages.error(request, run.message)
        return redirect("statistics:upload")
    record = run.result
    if record is None:  # deleted since
        return redirect("statistics:list")
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
    if run.result_is_new:
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


def _run_text(run: ImportRun) -> str:
    """The run's state in words, for the page and for screen readers."""
    if run.state == ImportRun.State.QUEUED:
        return _("Waiting for the import to start…")
    if run.state == ImportRun.State.WRITING:
        return _("All %(rows)s rows read; writing the values…") % {"rows": run.rows_read}
    if run.state == ImportRun.State.READING:
        if run.percent is None:
            return _("%(rows)s rows read…") % {"rows": run.rows_read}
        return _("%(rows)s rows read (%(percent)s %%)…") % {
            "rows": run.rows_read,
            "percent": run.percent,
        }
    if run.state == ImportRun.State.FAILED:
        return _("The import failed: %(reason)s") % {"reason": run.message}
    return _("The import is finished.")


@require_GET
@login_required
def run_detail(request, pk: int):
    """An import running in the background: a progress bar that the page's script updates, and
    the result once it is done. The person who started it may leave and come back."""
    run = found_or_404(import_run_get(user=request.user, pk=pk))
    return render(request, "statistics/run_detail.html", {"run": run, "text": _run_text(run)})


@require_GET
@login_required
def run_status(request, pk: int):
    """The run's progress for the page's script."""
    run = found_or_404(import_run_get(user=request.user, pk=pk))
    return JsonResponse(
        {
            "state": run.state,
            "finished": run.finished,
            "percent": run.percent,
            "rows": run.rows_read,
            "text": _run_text(run),
        },
        headers={"Cache-Control": "no-store"},
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
