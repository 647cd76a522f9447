from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def cache_table_create(sender, using, **kwargs):
    """`migrate` also creates the database cache's table (a no-op when the cache is Redis), so
    that a fresh set-up needs no separate `createcachetable` step. The signal comes once per app
    with models (core has none); creating a table that exists does nothing."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "cohesion.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(cache_table_create, dispatch_uid="core.cache_table")
