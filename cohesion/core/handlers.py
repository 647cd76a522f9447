"""Django's HTTP side under the ASGI server: each request makes one trip to a thread.

Django's own ASGI handler runs a synchronous view in a thread made for that request, and every
middleware that is only synchronous (most are, Django's among them) costs further trips between
that thread and the event loop. A trip is cheap alone, but two hundred people voting at once
made a vote cost twice the processor time of its work, spent on threads being made, woken and
waiting for the interpreter lock (`cohesion bench votes`: 55 votes a second).

Here the event loop reads the request's body and sends the answer, and everything between, from
the `request_started` signal through the whole middleware chain and the view to
`request_finished`, runs in one go in a thread of a fixed pool of `CONCURRENT_REQUESTS`. The
pool is also the queue: further requests wait, first come first served, in the event loop and
hold no thread, so a room voting at once never becomes hundreds of threads taking turns on one
interpreter lock and on SQLite's one write lock. Websockets do not come here (Channels).

A response with its content in hand is closed in the thread before it is sent, which returns the
database connection at once; a streaming one (a static file, a download) after it was sent.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import FileResponse
from django.urls import set_script_prefix


class ThreadedASGIHandler(ASGIHandler):
    def __init__(self, *, threads: int):
        super().__init__()
        self.executor = ThreadPoolExecutor(max(1, threads), thread_name_prefix="django-request")

    def load_middleware(self, is_async=False):
        # The chain runs inside the thread: synchronous throughout, no trips to the event loop.
        super().load_middleware(is_async=False)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            response = await self._in_thread(self._respond)(scope, body_file)
            try:
                await self.send_response(response, send)
            except asyncio.CancelledError:
                pass  # the client went away while the answer was being sent
            finally:
                if response.streaming:
                    await self._in_thread(response.close)()
        finally:
            body_file.close()

    def _in_thread(self, function):
        # asgiref's wrapper, not the bare executor: it carries the context variables, and lets
        # the thread reach back into the event loop (async_to_sync, as a broadcast does).
        return sync_to_async(function, thread_sensitive=False, executor=self.executor)

    def _respond(self, scope, body_file):
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size  # the server chunks; fewer, larger reads
        if not response.streaming:
            response.close()  # request_finished: the connections go back before the bytes go out
        return response
