"""The moderator's pages: start the workshop, edit the agenda, run it from the console, and the
presenter screen for the projector."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.core.translations import translation_pick
from cohesion.indicators.charts import trend_chart
from cohesion.indicators.selectors import profile_of
from cohesion.processes.selectors import process_visible
from cohesion.workshops import services
from cohesion.workshops.forms import DayForm, ItemForm
from cohesion.workshops.kinds import KINDS
from cohesion.workshops.models import Card, Item
from cohesion.workshops.selectors import (
    card_of,
    helpers_of,
    item_of,
    item_results,
    items_of,
    participant_count,
    room_balance,
    workshop_for_editor,
    workshop_for_runner,
    workshop_of_process,
)
from cohesion.workshops.views.rendering import results_html


def _title(workshop, language):
    return translation_pick(
        workshop.title, language=language, original_language=workshop.source_language
    )


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def start(request, process_pk: int):
    """The workshop of a process, or the button that makes it from the template."""
    process = found_or_404(process_visible(user=request.user, pk=process_pk))
    workshop = workshop_of_process(process=process)
    if workshop is not None:
        return redirect("workshops:agenda", workshop.pk)
    if request.method == "POST":
        try:
            workshop = services.workshop_create(
                actor=request.user, process=process, language=request.LANGUAGE_CODE
            )
        except PermissionDenied:
            raise
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The workshop was made from the two-day template."))
            return redirect("workshops:agenda", workshop.pk)
    return render(request, "workshops/start.html", {"process": process})


def _workshop(request, pk: int):
    """The workshop whose agenda the user changes (its editors), else 404."""
    return found_or_404(workshop_for_editor(user=request.user, pk=pk))


def _running(request, pk: int):
    """The workshop the user runs (its editors and its helpers), else 404."""
    return found_or_404(workshop_for_runner(user=request.user, pk=pk))


@login_required
def agenda(request, pk: int):
    workshop = _workshop(request, pk)
    items = items_of(workshop=workshop)
    days = list(workshop.days.all())
    for day in days:
        day.entries = [
            (item, _item_title(item, request.LANGUAGE_CODE))
            for item in items
            if item.day_id == day.pk
        ]
        day.form = DayForm(initial={"date": day.date, "room": day.room}, prefix=f"day{day.pk}")
    return render(
        request,
        "workshops/agenda.html",
        {
            "workshop": workshop,
            "title": _title(workshop, request.LANGUAGE_CODE),
            "days": days,
            "helpers": helpers_of(workshop=workshop),
        },
    )


def _item_title(item, language):
    from cohesion.workshops.selectors import item_text

    return item_text(item=item, language=language)


@login_required
@require_POST
def day_update(request, pk: int, day_pk: int):
    workshop = _workshop(request, pk)
    day = found_or_404(workshop.days.filter(pk=day_pk).first())
    day.workshop = workshop
    form = DayForm(request.POST, prefix=f"day{day.pk}")
    if form.is_valid():
        services.workshop_day_update(
            actor=request.user,
            day=day,
            date=form.cleaned_data["date"],
            room=form.cleaned_data["room"],
        )
        messages.success(request, _("The day was saved."))
    else:
        messages.error(request, _("Please check the date."))
    return redirect("workshops:agenda", workshop.pk)


@login_required
def item_edit(request, pk: int, item_pk: int | None = None, day_pk: int | None = None):
    workshop = _workshop(request, pk)
    item = None
    if item_pk is not None:
        item = found_or_404(item_of(workshop=workshop, pk=item_pk))
        day = item.day
    else:
        day = found_or_404(workshop.days.filter(pk=day_pk).first())
    day.workshop = workshop
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                services.item_save(
                    actor=request.user,
                    day=day,
                    item=item,
                    kind=form.cleaned_data["kind"],
                    title=form.texts("title"),
                    prompt=form.texts("prompt"),
                    options=form.options(),
                    setup=form.setup(),
                    starts_at=form.cleaned_data["starts_at"],
                    minutes=form.cleaned_data["minutes"],
                    pacing=form.cleaned_data["pacing"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The item was saved."))
                return redirect("workshops:agenda", workshop.pk)
    else:
        form = ItemForm(initial=ItemForm.initial_of(item) if item else {"kind": "scale"})
    missing = _item_title(item, request.LANGUAGE_CODE).missing if item else []
    return render(
        request,
        "workshops/item_edit.html",
        {"workshop": workshop, "item": item, "day": day, "form": form, "missing": missing},
    )


ITEM_ACTIONS = {"up", "down", "duplicate", "delete", *services.RUN_ACTIONS}


@login_required
@require_POST
def item_action(request, pk: int, item_pk: int, action: str):
    # Running an item is the helpers' too; changing the agenda only its editors'.
    running = action in services.RUN_ACTIONS
    workshop = _running(request, pk) if running else _workshop(request, pk)
    item = found_or_404(item_of(workshop=workshop, pk=item_pk))
    if action not in ITEM_ACTIONS:
        return redirect("workshops:agenda", workshop.pk)
    try:
        if action in {"up", "down"}:
            services.item_move(actor=request.user, item=item, by=-1 if action == "up" else 1)
        elif action == "duplicate":
            services.item_duplicate(actor=request.user, item=item)
        elif action == "delete":
            services.item_delete(actor=request.user, item=item)
        else:
            minutes = request.POST.get("minutes", "")
            services.item_run(
                actor=request.user,
                item=item,
                action=action,
                minutes=int(minutes) if minutes.isdigit() and len(minutes) < 4 else None,
            )
    except ValidationError as error:
        _errors(request, error)
    to_console = request.POST.get("back") == "console" or not request.user.has_perm(
        "workshops.change_workshop", workshop
    )
    return redirect("workshops:console" if to_console else "workshops:agenda", workshop.pk)


@login_required
@require_POST
def next_item(request, pk: int):
    workshop = _running(request, pk)
    if services.item_next(actor=request.user, workshop=workshop) is None:
        messages.info(request, _("That was the last item of the agenda."))
    return redirect("workshops:console", workshop.pk)


def _screen(request, pk: int, screen: str):
    workshop = _running(request, pk)
    items = items_of(workshop=workshop)
    current = next((item for item in items if item.pk == workshop.current_item_id), None)
    language = workshop.room_language if screen == "presenter" else request.LANGUAGE_CODE
    results = None
    if current is not None:
        results, _answers = results_html(
            item=current,
            results=item_results(item=current),
            screen=screen,
            language=language,
            csrf_token=get_token(request) if screen == "console" else "",
        )
    join_url = request.build_absolute_uri(reverse("participate:workshop", args=[workshop.code]))
    return {
        "workshop": workshop,
        "title": _title(workshop, language),
        "items": [(item, _item_title(item, language)) for item in items],
        "current": current,
        "current_text": _item_title(current, language) if current else None,
        "results": results,
        "people": participant_count(workshop=workshop),
        "join_url": join_url,
        "socket_path": f"/ws/workshops/{workshop.pk}/{screen}/",
        "may_edit": request.user.has_perm("workshops.change_workshop", workshop),
        "profile_figures": _profile_figures(workshop, current) if screen == "presenter" else [],
    }


# "What the local figures imply": the presenter shows the municipality's own facts and figures.
PROFILE_FIGURES = 4


def _profile_figures(workshop, item) -> list[tuple[str, str]]:
    """(title, chart) of the first indicators of the municipality's profile that have a
    chart, for an information item that asks for the profile (config ``show: profile``)."""
    if item is None or item.kind != "info" or (item.config or {}).get("show") != "profile":
        return []
    figures = []
    for section in profile_of(municipality=workshop.process.municipality).sections:
        for result in section.available:
            chart = trend_chart(result)
            if chart is not None:
                figures.append((result.indicator.title, chart))
            if len(figures) == PROFILE_FIGURES:
                return figures
    return figures


@login_required
def console(request, pk: int):
    context = _screen(request, pk, "console")
    context["balance"] = room_balance(workshop=context["workshop"])
    context["states"] = Item.State
    context.update(_card_form_context(context["current"], request.LANGUAGE_CODE))
    return render(request, "workshops/console.html", context)


@login_required
def presenter(request, pk: int):
    return render(request, "workshops/presenter.html", _screen(request, pk, "presenter"))


# --- cards ---


def _card_form_context(current, language: str) -> dict:
    """The console's form for typing in paper cards, when the current item takes cards."""
    if current is None or not KINDS[current.kind].takes_cards:
        return {"card_form": False}
    source = current.workshop.source_language
    categories = [
        translation_pick(category, language=language, original_language=source)
        for category in (current.config or {}).get("categories", [])
    ]
    return {
        "card_form": True,
        "card_languages": settings.LANGUAGES,
        "card_language": current.workshop.room_language,
        "card_categories": categories if current.kind == "cards" else [],
    }


CARD_ACTIONS = {
    "accept": Card.Moderation.ACCEPTED,
    "reject": Card.Moderation.REJECTED,
    "pending": Card.Moderation.PENDING,
}


@login_required
@require_POST
def card_add(request, pk: int, item_pk: int):
    """A card the moderator types in from paper."""
    workshop = _running(request, pk)
    item = found_or_404(item_of(workshop=workshop, pk=item_pk))
    category = request.POST.get("category", "")
    try:
        services.card_type_in(
            actor=request.user,
            item=item,
            text=request.POST.get("text", "")[:2000],
            language=request.POST.get("language", ""),
            category=int(category) if category.isdigit() and len(category) < 4 else None,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The card was added."))
    return redirect("workshops:console", workshop.pk)


@login_required
@require_POST
def card_action(request, pk: int, card_pk: int, action: str):
    """Accept, reject or delete a card, from the console's moderation queue and card list."""
    workshop = _running(request, pk)
    card = found_or_404(card_of(workshop=workshop, pk=card_pk))
    try:
        if action == "delete":
            services.card_delete(actor=request.user, card=card)
        elif action in CARD_ACTIONS:
            services.card_moderate(actor=request.user, card=card, moderation=CARD_ACTIONS[action])
    except ValidationError as error:
        _errors(request, error)
    return redirect("workshops:console", workshop.pk)
