"""Django's database cache with an increment that concurrent requests cannot lose.

Without Redis the rate limits count in the database every server worker shares. Django's
``DatabaseCache.incr`` reads, adds and writes in separate statements, so two requests at once
could both write the same count (django-ratelimit's checks say so). Here the row is read and
written inside one transaction that holds it: ``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite
the transaction begins IMMEDIATE (settings), which takes the database's write lock first."""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as BaseDatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class DatabaseCache(BaseDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        table = quote(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "  # noqa: S608 - names quoted by the backend
                f"WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found.")
            stored = base64.b64decode(connection.ops.process_clob(row[0]).encode())
            new_value = pickle.loads(stored) + delta  # noqa: S301 - written by this cache only
            pickled = pickle.dumps(new_value, self.pickle_protocol)
            encoded = base64.b64encode(pickled).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s "  # noqa: S608 - names quoted by the backend
                f"WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return new_value

    @staticmethod
    def _expired(connection, expires) -> bool:
        # As Django's get_many: the backend's converters make the value an aware datetime.
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            expires = converter(expires, expression, connection)
        return expires < now()
