"""The board of an item with cards (clusters as columns, a card moved by a form or by drag and
drop) and the candidate goals and measures the workshop hands to the strategy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.core.translations import translation_pick
from cohesion.workshops import services
from cohesion.workshops.models import Candidate, Card, Cluster
from cohesion.workshops.selectors import (
    board_item_for_editor,
    board_of,
    candidates_of,
    item_of,
    voted_items_of,
    workshop_for_editor,
)

CLUSTER_ACTIONS = ("rename", "accept", "delete", "candidate")


def _workshop(request, pk: int):
    return found_or_404(workshop_for_editor(user=request.user, pk=pk))


def _board_item(request, workshop, item_pk):
    return found_or_404(board_item_for_editor(user=request.user, workshop=workshop, pk=item_pk))


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _int_or_none(value: str):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _title(request) -> dict:
    """A title typed on the board: in the reader's language."""
    return {request.LANGUAGE_CODE: request.POST.get("title", "")}


@login_required
def board(request, pk: int, item_pk: int):
    workshop = _workshop(request, pk)
    item = _board_item(request, workshop, item_pk)
    language = request.LANGUAGE_CODE
    source = workshop.source_language
    context = board_of(item=item, language=language)
    context.update(
        {
            "workshop": workshop,
            "item": item,
            "item_title": translation_pick(item.title, language=language, original_language=source),
            "has_suggestions": any(cluster.suggested for cluster in context["clusters"]),
        }
    )
    return render(request, "workshops/board.html", context)


def _back(workshop, item):
    return redirect("workshops:board", workshop.pk, item.pk)


@login_required
@require_POST
def board_suggest(request, pk: int, item_pk: int):
    workshop = _workshop(request, pk)
    item = _board_item(request, workshop, item_pk)
    try:
        clusters = services.clusters_suggest(actor=request.user, item=item)
    except ValidationError as error:
        _errors(request, error)
    else:
        if clusters:
            messages.success(request, _("Groupings are suggested: accept, rename or change them."))
        else:
            messages.info(request, _("No cards are alike enough to suggest a grouping."))
    return _back(workshop, item)


@login_required
@require_POST
def cluster_add(request, pk: int, item_pk: int):
    workshop = _workshop(request, pk)
    item = _board_item(request, workshop, item_pk)
    try:
        services.cluster_create(
            actor=request.user,
            item=item,
            title=_title(request),
            category=_int_or_none(request.POST.get("category", "")),
        )
    except ValidationError as error:
        _errors(request, error)
    return _back(workshop, item)


def _cluster(request, workshop, cluster_pk):
    cluster = found_or_404(
        Cluster.objects.filter(pk=cluster_pk, item__workshop=workshop).first()
        if cluster_pk < 2**63
        else None
    )
    cluster.item = _board_item(request, workshop, cluster.item_id)
    return cluster


@login_required
@require_POST
def cluster_action(request, pk: int, cluster_pk: int, action: str):
    workshop = _workshop(request, pk)
    cluster = _cluster(request, workshop, cluster_pk)
    if action not in CLUSTER_ACTIONS:
        return _back(workshop, cluster.item)
    try:
        if action == "rename":
            services.cluster_rename(
                actor=request.user,
                cluster=cluster,
                title=_title(request),
                category=_int_or_none(request.POST.get("category", "")),
            )
        elif action == "accept":
            services.cluster_accept(actor=request.user, cluster=cluster)
        elif action == "delete":
            services.cluster_delete(actor=request.user, cluster=cluster)
        else:
            services.candidate_from_cluster(actor=request.user, cluster=cluster)
            messages.success(request, _("The cluster is a candidate goal now."))
    except ValidationError as error:
        _errors(request, error)
    return _back(workshop, cluster.item)


@login_required
@require_POST
def card_move(request, pk: int, card_pk: int):
    workshop = _workshop(request, pk)
    card = found_or_404(
        Card.objects.filter(pk=card_pk, item__workshop=workshop).first()
        if card_pk < 2**63
        else None
    )
    item = _board_item(request, workshop, card.item_id)
    card.item = item
    target = _int_or_none(request.POST.get("cluster", ""))
    cluster = None
    if target is not None:
        cluster = Cluster.objects.filter(pk=target, item=item).first()
        if cluster is None:
            messages.error(request, _("This cluster belongs to another board."))
            return _back(workshop, item)
    try:
        services.card_cluster_set(actor=request.user, card=card, cluster=cluster)
    except ValidationError as error:
        _errors(request, error)
    return _back(workshop, item)


@login_required
def candidates(request, pk: int):
    workshop = _workshop(request, pk)
    language = request.LANGUAGE_CODE
    return render(
        request,
        "workshops/candidates.html",
        {
            "workshop": workshop,
            "title": translation_pick(
                workshop.title, language=language, original_language=workshop.source_language
            ),
            "fields": candidates_of(workshop=workshop, language=language),
            "voted": voted_items_of(workshop=workshop, language=language),
        },
    )


@login_required
@require_POST
def candidate_measure(request, pk: int):
    workshop = _workshop(request, pk)
    item = item_of(workshop=workshop, pk=request.POST.get("item", ""))
    option = _int_or_none(request.POST.get("option", ""))
    if item is None or option is None:
        messages.error(request, _("Choose an idea of a dot voting or ranking."))
        return redirect("workshops:candidates", workshop.pk)
    try:
        services.candidate_from_option(actor=request.user, item=item, option=option)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The idea is a candidate measure now."))
    return redirect("workshops:candidates", workshop.pk)


@login_required
@require_POST
def candidate_delete(request, pk: int, candidate_pk: int):
    workshop = _workshop(request, pk)
    candidate = found_or_404(
        Candidate.objects.filter(pk=candidate_pk, workshop=workshop)
        .select_related("voted_item__day", "cluster__item__day")
        .first()
        if candidate_pk < 2**63
        else None
    )
    candidate.workshop = workshop
    services.candidate_delete(actor=request.user, candidate=candidate)
    messages.success(request, _("The candidate was deleted."))
    return redirect("workshops:candidates", workshop.pk)
