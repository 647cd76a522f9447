"""SQLite whose connections are kept for the next request.

Under ASGI every request runs in a thread of its own, so Django's persistent connections
(CONN_MAX_AGE) are never reused and each request opened the database anew: SQLite then parses
the whole schema again before the first query, about 2 ms, more than a vote's own queries. Here
a closed connection goes back to a small pool of the process and the next request, in whichever
thread, takes it (Django opens SQLite connections with check_same_thread=False and lets one
thread at a time use a connection). A connection inside a transaction is never pooled.
"""

import queue

from django.db.backends.sqlite3 import base

POOL_SIZE = 32  # more than a worker process serves at once in practice; extra ones are closed


class DatabaseWrapper(base.DatabaseWrapper):
    _pools: dict[str, queue.SimpleQueue] = {}

    def _pool(self) -> queue.SimpleQueue:
        return self._pools.setdefault(str(self.settings_dict["NAME"]), queue.SimpleQueue())

    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            try:
                return self._pool().get_nowait()
            except queue.Empty:
                pass
        return super().get_new_connection(conn_params)

    def _close(self):
        connection = self.connection
        if (
            connection is not None
            and not self.is_in_memory_db()
            and not self.in_atomic_block
            and not connection.in_transaction
            and self._pool().qsize() < POOL_SIZE
        ):
            self._pool().put(connection)
            return
        super()._close()
