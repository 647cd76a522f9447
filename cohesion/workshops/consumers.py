"""The workshop's websockets.

Phones (``PhoneConsumer``, by join code and device cookie) hear the room's state changes only and
send answers; each answer is stored by ``services.answer_submit`` before the phone hears "ack",
so an acknowledged answer survives anything that happens to this process. A phone that
reconnects gets the full current state.

The console and the presenter screen (``ScreenConsumer``, for whoever runs the workshop) hear the
state changes and, for every stored answer, ``workshop.answered``; each screen gathers those and
reads the item's count at most every RESULTS_PUSH_SECONDS.

The item a phone shows is rendered once per process, state version and language, whichever
connection asks first; the other phones of that language wait for the same rendering."""

import asyncio

from channels.db import database_sync_to_async
from django.utils import translation

from cohesion.core.consumers import LiveConsumer
from cohesion.participation.devices import COOKIE_NAME, device_hash
from cohesion.workshops.kinds import AnswerError
from cohesion.workshops.messages import answer_error_message, card_error_message
from cohesion.workshops.realtime import (
    RESULTS_PUSH_SECONDS,
    WORKSHOP_ANSWERED,
    WORKSHOP_CARDED,
    WORKSHOP_CHANGED,
    answered_signal,
    room_group_name,
    screens_group_name,
)
from cohesion.workshops.selectors import (
    item_of,
    item_results,
    participant_of,
    workshop_find_by_code,
    workshop_for_runner,
)
from cohesion.workshops.services import answer_submit, card_submit, card_upvote
from cohesion.workshops.views.rendering import phone_items_html, results_html


class _Renderings:
    """The phones' item fragment per (workshop, version, language), kept for the latest few."""

    KEEP = 64

    def __init__(self):
        self._done: dict[tuple, asyncio.Future] = {}

    async def get(self, workshop_id: int, version: int, language: str) -> str:
        key = (id(asyncio.get_running_loop()), workshop_id, version, language)
        future = self._done.get(key)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._done[key] = future
            while len(self._done) > self.KEEP:
                self._done.pop(next(iter(self._done)))
            try:
                future.set_result(
                    await database_sync_to_async(phone_items_html)(workshop_id, language)
                )
            except Exception as error:  # every waiter hears it; the next change renders anew
                self._done.pop(key, None)
                future.set_exception(error)
                raise
        return await asyncio.shield(future)


renderings = _Renderings()


@database_sync_to_async
def _phone_authorise(code: str, token: str | None):
    workshop = workshop_find_by_code(code=code)
    if workshop is None or not token:
        return None, None
    return workshop, participant_of(workshop=workshop, device_hash=device_hash(token))


@database_sync_to_async
def _version(workshop_id: int) -> int:
    from cohesion.workshops.models import Workshop

    return Workshop.objects.filter(pk=workshop_id).values_list("version", flat=True).first() or 0


class PhoneConsumer(LiveConsumer):
    handlers = {"answer": "receive_answer", "card": "receive_card", "upvote": "receive_upvote"}

    async def authorise(self) -> str | None:
        answered_signal.bind(asyncio.get_running_loop())
        token = self.scope.get("cookies", {}).get(COOKIE_NAME)
        self.workshop, self.participant = await _phone_authorise(
            self.scope["url_route"]["kwargs"]["code"], token
        )
        if self.participant is None:
            return None
        return room_group_name(self.workshop.pk)

    def _language(self) -> str:
        return self.participant.language

    async def snapshot(self) -> dict:
        version = await _version(self.workshop.pk)
        html = await renderings.get(self.workshop.pk, version, self.participant.language)
        return {"version": version, "html": html}

    async def realtime_event(self, message):
        event = message["event"]
        if event["type"] == WORKSHOP_CHANGED.name:
            html = await renderings.get(self.workshop.pk, event["version"], self._language())
            await self.send_json({**event, "html": html})

    async def receive_answer(self, content: dict) -> None:
        key = content.get("key")
        try:
            receipt = await database_sync_to_async(answer_submit)(
                participant=self.participant,
                item_id=content.get("item"),
                value=content.get("value"),
                client_key=key,
                sequence=content.get("sequence"),
            )
        except AnswerError as error:
            with translation.override(self._language()):
                message = answer_error_message(error.code)
            await self.send_json(
                {
                    "type": "refused",
                    "key": key if isinstance(key, str) else "",
                    "code": error.code,
                    "message": message,
                }
            )
            return
        await self.send_json({"type": "ack", "key": receipt.client_key, "status": receipt.status})

    # --- cards ---

    async def _refuse_card(self, error: AnswerError, **fields) -> None:
        with translation.override(self._language()):
            message = card_error_message(error.code)
        await self.send_json({"type": "refused", **fields, "code": error.code, "message": message})

    async def receive_card(self, content: dict) -> None:
        key = content.get("key")
        try:
            receipt = await database_sync_to_async(card_submit)(
                participant=self.participant,
                item_id=content.get("item"),
                text=content.get("text"),
                category=content.get("category"),
                client_key=key,
            )
        except AnswerError as error:
            await self._refuse_card(error, key=key if isinstance(key, str) else "")
            return
        await self.send_json(
            {
                "type": "ack",
                "key": receipt.client_key,
                "status": receipt.status,
                "moderation": receipt.moderation,
            }
        )

    async def receive_upvote(self, content: dict) -> None:
        card = content.get("card")
        readable = isinstance(card, int) and not isinstance(card, bool) and 0 < card < 2**63
        shown = card if readable else 0
        try:
            receipt = await database_sync_to_async(card_upvote)(
                participant=self.participant, card_id=card
            )
        except AnswerError as error:
            await self._refuse_card(error, card=shown)
            return
        await self.send_json(
            {
                "type": "upvoted",
                "card": receipt.card_id,
                "status": receipt.status,
                "upvotes": receipt.upvotes,
            }
        )


@database_sync_to_async
def _screen_authorise(user, pk: int):
    return workshop_for_runner(user=user, pk=pk)


@database_sync_to_async
def _results(workshop, item_id: int, screen: str, language: str):
    item = item_of(workshop=workshop, pk=item_id)
    if item is None:
        return None
    return results_html(
        item=item, results=item_results(item=item), screen=screen, language=language
    )


class ScreenConsumer(LiveConsumer):
    """The console (``screen`` "console": counts always) or the presenter ("presenter": counts
    once revealed)."""

    async def authorise(self) -> str | None:
        answered_signal.bind(asyncio.get_running_loop())
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        kwargs = self.scope["url_route"]["kwargs"]
        self.screen = "presenter" if kwargs.get("screen") == "presenter" else "console"
        self.workshop = await _screen_authorise(user, kwargs["pk"])
        if self.workshop is None:
            return None
        self._waiting: set[int] = set()
        self._flush: asyncio.Task | None = None
        await self.channel_layer.group_add(screens_group_name(self.workshop.pk), self.channel_name)
        return room_group_name(self.workshop.pk)

    async def disconnect(self, code):
        if getattr(self, "workshop", None) is not None:
            await self.channel_layer.group_discard(
                screens_group_name(self.workshop.pk), self.channel_name
            )
        if getattr(self, "_flush", None) is not None:
            self._flush.cancel()
        await super().disconnect(code)

    async def snapshot(self) -> dict:
        return {"version": await _version(self.workshop.pk)}

    async def realtime_event(self, message):
        event = message["event"]
        if event["type"] in {WORKSHOP_ANSWERED.name, WORKSHOP_CARDED.name}:
            self._waiting.add(event["item"])
            if self._flush is None or self._flush.done():
                self._flush = asyncio.ensure_future(self._send_results_later())
            return
        await self.send_json(event)
        if event["type"] == WORKSHOP_CHANGED.name and event["item"]:
            await self._send_results(event["item"])

    async def _send_results_later(self) -> None:
        await asyncio.sleep(RESULTS_PUSH_SECONDS)
        items, self._waiting = self._waiting, set()
        for item_id in sorted(items):
            await self._send_results(item_id)

    async def _send_results(self, item_id: int) -> None:
        language = self.workshop.room_language if self.screen == "presenter" else self._language()
        rendered = await _results(self.workshop, item_id, self.screen, language)
        if rendered is not None:
            html, answers = rendered
            await self.send_json(
                {"type": "results", "item": item_id, "answers": answers, "html": html}
            )
