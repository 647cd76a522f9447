"""The organiser's pages (draw a panel, see every volunteer's chance, export, erase) and the
public page that explains the method."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.invitations.selectors import quota_rows
from cohesion.lottery import exports, services
from cohesion.lottery.engine import LotteryError, Quota
from cohesion.lottery.forms import DrawForm
from cohesion.lottery.messages import error_message
from cohesion.lottery.selectors import draw_for_organiser, draws_of, process_for_lottery
from cohesion.lottery.tables import MAX_BYTES, TableError, pool_read, quotas_read

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SORTS = {
    "probability": lambda row: (row["probability"], row["position"]),
    "-probability": lambda row: (-row["probability"], row["position"]),
    "id": lambda row: (row["id"], row["position"]),
}


def _process_quotas(process) -> list[Quota]:
    return [Quota(q.attribute, q.value, q.minimum, q.maximum) for q in quota_rows(process=process)]


def _upload(file) -> bytes:
    if file.size > MAX_BYTES:
        raise TableError("too_large", limit=MAX_BYTES // (1024 * 1024))
    return file.read(MAX_BYTES + 1)


@login_required
def process_page(request, process_pk: int):
    """The upload form, the quota table in use and the earlier draws of a process."""
    process = found_or_404(process_for_lottery(user=request.user, pk=process_pk))
    committed = _process_quotas(process)
    status = 200
    form = DrawForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                pool = pool_read(
                    _upload(data["pool"]),
                    max_rows=services.MAX_POOL,
                    filename=data["pool"].name,
                )
                quotas = committed
                if data["quotas"]:
                    quotas = quotas_read(_upload(data["quotas"]), filename=data["quotas"].name)
                seed = data["seed"]
                if seed is None:
                    seed = secrets.randbelow(10**9)
                draw = services.lottery_draw(
                    process=process,
                    pool_rows=pool.rows(),
                    quota_rows=quotas,
                    seats=data["seats"],
                    seed=seed,
                    actor=request.user,
                )
            except (LotteryError, TableError, services.LotteryInputError) as error:
                form.add_error(None, error_message(error))
            else:
                messages.success(request, _("The panel was drawn."))
                return redirect("lottery:draw", draw.pk)
        status = 400
    return render(
        request,
        "lottery/process.html",
        {
            "process": process,
            "form": form,
            "committed": committed,
            "draws": draws_of(process=process),
        },
        status=status,
    )


@login_required
def draw_page(request, pk: int):
    """The drawn panel and every volunteer's chance, sortable by probability."""
    draw = found_or_404(draw_for_organiser(user=request.user, pk=pk))
    sort = request.GET.get("sort", "-probability")
    if sort not in SORTS:
        sort = "-probability"
    columns = exports.draw_columns(draw)
    selected = set(draw.selected)
    rows = [
        {
            "position": position,
            "id": row["id"],
            "values": [row.get(name, "") for name in columns],
            "probability": float(draw.probabilities.get(row["id"], 0.0)),
            "selected": row["id"] in selected,
        }
        for position, row in enumerate(draw.pool)
    ]
    rows.sort(key=SORTS[sort])
    for row in rows:
        row["percent"] = row["probability"] * 100
    panel = [row for row in sorted(rows, key=lambda row: row["position"]) if row["selected"]]
    return render(
        request,
        "lottery/draw.html",
        {
            "draw": draw,
            "process": draw.process,
            "columns": columns,
            "rows": rows,
            "panel": panel,
            "sort": sort,
            "min_percent": draw.min_probability * 100,
            "volunteers": len(draw.pool),
        },
    )


@require_GET
@login_required
def draw_export(request, pk: int, format: str):  # noqa: A002
    draw = found_or_404(draw_for_organiser(user=request.user, pk=pk))
    services.lottery_draw_export_audit(draw=draw, actor=request.user, what=format)
    if format == "xlsx":
        content, content_type = exports.draw_xlsx(draw), XLSX
    else:
        content, content_type = exports.draw_csv(draw), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="cohesion-lottery-{draw.pk}.{format}"'
    return response


@require_POST
@login_required
def draw_delete(request, pk: int):
    draw = found_or_404(draw_for_organiser(user=request.user, pk=pk))
    process = draw.process
    services.lottery_draw_delete(draw=draw, actor=request.user)
    messages.success(request, _("The draw and its volunteers' data were erased."))
    return redirect("lottery:process", process.pk)


@require_GET
def method(request):
    """How the lottery chooses, in plain words; public."""
    return render(request, "lottery/method.html")
