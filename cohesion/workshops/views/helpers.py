"""The helpers of a workshop: naming them on the agenda page, the list of workshops one helps
with, and the interpreters' page that translates the room's cards."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.core.translations import language_codes, translation_pick
from cohesion.workshops import services, translating
from cohesion.workshops.selectors import (
    card_of,
    cards_to_translate,
    helper_of,
    workshop_for_editor,
    workshop_for_runner,
    workshops_helped_by,
)

# Suggestions asked of the provider per page: each may take its timeout.
MAX_SUGGESTIONS = 10


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def helper_add(request, pk: int):
    workshop = found_or_404(workshop_for_editor(user=request.user, pk=pk))
    try:
        user = services.workshop_helper_add(
            actor=request.user, workshop=workshop, username=request.POST.get("username", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("%(name)s helps with this workshop now.") % {"name": user.get_username()},
        )
    return redirect(reverse("workshops:agenda", args=[workshop.pk]) + "#helpers")


@login_required
@require_POST
def helper_remove(request, pk: int, user_pk: int):
    workshop = found_or_404(workshop_for_editor(user=request.user, pk=pk))
    helper = found_or_404(helper_of(workshop=workshop, pk=user_pk))
    services.workshop_helper_remove(actor=request.user, workshop=workshop, user=helper)
    messages.success(
        request, _("%(name)s no longer helps with this workshop.") % {"name": helper.get_username()}
    )
    return redirect(reverse("workshops:agenda", args=[workshop.pk]) + "#helpers")


@login_required
def helping(request):
    """The workshops the user helps with, each linked to its console and interpreters' page."""
    entries = [
        (
            workshop,
            translation_pick(
                workshop.title,
                language=request.LANGUAGE_CODE,
                original_language=workshop.source_language,
            ),
        )
        for workshop in workshops_helped_by(user=request.user)
    ]
    return render(request, "workshops/helping.html", {"entries": entries})


@login_required
def translate(request, pk: int):
    """The accepted cards not yet in the chosen language, each with a form; with a provider,
    its suggestion pre-fills the form (stored only once a helper saves it)."""
    workshop = found_or_404(workshop_for_runner(user=request.user, pk=pk))
    codes = language_codes()
    language = request.POST.get("language") or request.GET.get("language")
    if language not in codes:
        language = workshop.room_language if workshop.room_language in codes else codes[0]
    page = reverse("workshops:translate", args=[workshop.pk]) + f"?language={language}"
    if request.method == "POST":
        card = found_or_404(card_of(workshop=workshop, pk=request.POST.get("card", "")))
        try:
            services.card_translate(
                actor=request.user, card=card, language=language, text=request.POST.get("text", "")
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The translation was saved."))
        return redirect(page)
    cards = cards_to_translate(workshop=workshop, language=language)
    asked = 0
    for card in cards:
        card.source = services.card_language(card)
        card.suggestion = None
        if translating.is_configured() and asked < MAX_SUGGESTIONS:
            asked += 1
            card.suggestion = translating.suggest(card.text, card.source, language)
            if card.suggestion is None:
                asked = MAX_SUGGESTIONS  # the provider failed: do not wait on it again
    return render(
        request,
        "workshops/translate.html",
        {
            "workshop": workshop,
            "title": translation_pick(
                workshop.title,
                language=request.LANGUAGE_CODE,
                original_language=workshop.source_language,
            ),
            "language": language,
            "languages": settings.LANGUAGES,  # each named in itself
            "cards": cards,
            "machine": translating.is_configured(),
            "may_edit": request.user.has_perm("workshops.change_workshop", workshop),
        },
    )
