"""At most a few requests inside Django at once in each worker process; the others wait, cheaply,
in the event loop.

Under ASGI Django runs every request in a thread of its own. Two hundred participants voting at
once became two hundred threads taking turns on one interpreter lock and on SQLite's one write
lock, whose waiters poll in sleeps of up to 100 ms: each vote cost twice the processor time it
needs, and an unlucky one waited until the lock's timeout ("database is locked"). A queue in
front of Django is first come, first served, and the threads that run keep their processor.
Websockets are not counted: they are long-lived and hold no thread.
"""

import asyncio


class RequestLimit:
    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit
        self._semaphore: asyncio.Semaphore | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.limit <= 0:
            return await self.app(scope, receive, send)
        if self._semaphore is None:  # made inside the server's event loop
            self._semaphore = asyncio.Semaphore(self.limit)
        async with self._semaphore:
            return await self.app(scope, receive, send)
