"""The participant's pages at /c/w/<code>/: join (language, optional nickname and group), the
room (the current item, live over the websocket; every form also works without script), and the
answer form's fallback. No account: the device token (cohesion.participation.devices)."""

import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.core.translations import translation_pick
from cohesion.participation.devices import device_hash, device_hash_of, device_token_ensure
from cohesion.participation.limits import newcomers_limit
from cohesion.workshops.forms import JoinForm
from cohesion.workshops.kinds import AnswerError
from cohesion.workshops.messages import (
    answer_error_message,
    card_error_message,
    card_receipt_message,
    upvote_receipt_message,
)
from cohesion.workshops.selectors import item_of, participant_of, workshop_find_by_code
from cohesion.workshops.services import (
    CardError,
    answer_submit,
    card_submit,
    card_upvote,
    participant_join,
)
from cohesion.workshops.views.rendering import phone_context


def _title(workshop, language):
    return translation_pick(
        workshop.title, language=language, original_language=workshop.source_language
    )


def _limit_newcomers(request) -> None:
    newcomers_limit(
        request, group="workshops.newcomer", rates=settings.WORKSHOP_NEW_PARTICIPANTS_PER_ADDRESS
    )


def join(request, code: str):
    workshop = found_or_404(workshop_find_by_code(code=code))
    device = device_hash_of(request)
    participant = participant_of(workshop=workshop, device_hash=device)
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            if participant is None and workshop.is_open:
                _limit_newcomers(request)
            data = form.cleaned_data
            try:
                participant = participant_join(
                    workshop=workshop,
                    device_hash=device_hash(device_token_ensure(request)),
                    language=data["language"],
                    nickname=data["nickname"],
                    group=data["group"],
                    group_consent=data["group_consent"],
                    attributes=form.attributes(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                response = redirect("participate:workshop", workshop.code)
                # The interface follows the language chosen for the workshop.
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    participant.language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                    secure=settings.SESSION_COOKIE_SECURE,
                )
                return response
    else:
        initial = {"language": request.LANGUAGE_CODE}
        if participant is not None:
            initial = {
                "language": participant.language,
                "nickname": participant.nickname,
                "group": participant.group,
                "group_consent": bool(participant.group),
                **dict(
                    zip(
                        ("attribute", "attribute_2", "attribute_3"),
                        participant.attributes or [],
                        strict=False,
                    )
                ),
            }
        form = JoinForm(initial=initial)
    return render(
        request,
        "workshops/phone/join.html",
        {"workshop": workshop, "form": form, "title": _title(workshop, request.LANGUAGE_CODE)},
        status=400 if request.method == "POST" else 200,
    )


def room(request, code: str):
    workshop = found_or_404(workshop_find_by_code(code=code))
    participant = participant_of(workshop=workshop, device_hash=device_hash_of(request))
    if participant is None and workshop.is_open:
        return redirect("participate:workshop_join", workshop.code)
    language = participant.language if participant else request.LANGUAGE_CODE
    with translation.override(language):
        context = phone_context(workshop=workshop, language=language)
        context.update(
            {
                "participant": participant,
                "title": _title(workshop, language),
                "socket_path": f"/ws/w/{workshop.code}/",
                # The fallback form's answer key: a form sent twice is counted once.
                "answer_key": secrets.token_urlsafe(16),
                "answer_sequence": time.time_ns() // 1000,
            }
        )
        return render(request, "workshops/phone/room.html", context)


def _answer_value(kind: str, post) -> object:
    """The answer as the websocket sends it, read from the fallback form's fields."""
    if kind == "scale":
        value = post.get("value", "")
        return int(value) if value.isdigit() and len(value) < 4 else None
    if kind == "single":
        value = post.get("value", "")
        return int(value) if value.isdigit() and len(value) < 4 else None
    if kind == "multiple":
        values = post.getlist("value")[:50]
        return [int(v) for v in values if v.isdigit() and len(v) < 4] or None
    if kind == "dots":
        return {
            name[5:]: int(value)
            for name, value in list(post.items())[:60]
            if name.startswith("dots-") and value.isdigit() and len(value) < 4 and int(value)
        }
    if kind == "ranking":
        places = {
            int(name[6:]): int(value)
            for name, value in list(post.items())[:60]
            if name.startswith("place-")
            and name[6:].isdigit()
            and value.isdigit()
            and len(value) < 4
        }
        return [option for option, _place in sorted(places.items(), key=lambda pair: pair[1])]
    if kind == "rating":
        return {
            name[5:]: int(value)
            for name, value in list(post.items())[:60]
            if name.startswith("rate-") and value.isdigit() and len(value) < 3
        }
    return None


@require_POST
def answer(request, code: str):
    workshop = found_or_404(workshop_find_by_code(code=code))
    participant = participant_of(workshop=workshop, device_hash=device_hash_of(request))
    if participant is None:
        return redirect("participate:workshop_join", workshop.code)
    item = item_of(workshop=workshop, pk=request.POST.get("item", ""))
    try:
        if item is None:
            raise AnswerError("no_such_item")
        sequence = request.POST.get("sequence", "")
        receipt = answer_submit(
            participant=participant,
            item_id=item.pk,
            value=_answer_value(item.kind, request.POST),
            client_key=request.POST.get("key") or secrets.token_urlsafe(16),
            sequence=int(sequence)
            if sequence.isdigit() and len(sequence) < 20
            else time.time_ns() // 1000,
        )
    except AnswerError as error:
        with translation.override(participant.language):
            messages.error(request, answer_error_message(error.code))
    else:
        with translation.override(participant.language):
            messages.success(request, _receipt_message(receipt.status))
    return redirect("participate:workshop", workshop.code)


def _receipt_message(status: str) -> str:
    if status == "changed":
        return _("Your answer was changed.")
    if status == "outdated":
        return _("A newer answer of yours is counted already.")
    return _("Thank you, your answer is counted.")


# --- cards ---


def _card_category(value: str):
    return int(value) if value.isdigit() and len(value) < 4 else None


@require_POST
def card(request, code: str):
    """The card form's fallback (no script): stored once per key, as over the websocket."""
    workshop = found_or_404(workshop_find_by_code(code=code))
    participant = participant_of(workshop=workshop, device_hash=device_hash_of(request))
    if participant is None:
        return redirect("participate:workshop_join", workshop.code)
    item = item_of(workshop=workshop, pk=request.POST.get("item", ""))
    with translation.override(participant.language):
        try:
            if item is None:
                raise CardError("no_such_item")
            receipt = card_submit(
                participant=participant,
                item_id=item.pk,
                text=request.POST.get("text", "")[:2000],
                category=_card_category(request.POST.get("category", "")),
                client_key=request.POST.get("key") or secrets.token_urlsafe(16),
            )
        except AnswerError as error:
            messages.error(request, card_error_message(error.code))
        else:
            messages.success(request, card_receipt_message(receipt.status, receipt.moderation))
    return redirect("participate:workshop", workshop.code)


@require_POST
def upvote(request, code: str):
    workshop = found_or_404(workshop_find_by_code(code=code))
    participant = participant_of(workshop=workshop, device_hash=device_hash_of(request))
    if participant is None:
        return redirect("participate:workshop_join", workshop.code)
    card_id = request.POST.get("card", "")
    with translation.override(participant.language):
        try:
            receipt = card_upvote(
                participant=participant,
                card_id=int(card_id) if card_id.isdigit() and len(card_id) < 19 else None,
            )
        except AnswerError as error:
            messages.error(request, card_error_message(error.code))
        else:
            messages.success(request, upvote_receipt_message(receipt.status))
    return redirect("participate:workshop", workshop.code)
