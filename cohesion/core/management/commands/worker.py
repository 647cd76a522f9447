from django.apps import apps
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from cohesion.core.services import KEEP_FINISHED_DAYS, PRUNE_EVERY, finished_tasks_prune_schedule


class Command(DatabaseWorker):
    help = "Run a background worker: it runs the queued tasks, such as the opinion map recompute."

    def configure_logging(self, verbosity: int) -> None:
        # Failed tasks and warnings reach the log through its usual handlers; a line for every
        # recompute only with -v 2.
        if verbosity > 1:
            super().configure_logging(verbosity)

    def handle(self, *args, **options) -> None:
        # Old finished tasks go now and then once a day, so the queue's table stays small.
        call_command("prune_db_task_results", min_age_days=KEEP_FINISHED_DAYS, verbosity=0)
        finished_tasks_prune_schedule(after=PRUNE_EVERY)
        # Each app's own upkeep (the participation app's retention purge) starts here too,
        # without core knowing the apps: an AppConfig may define worker_started().
        for config in apps.get_app_configs():
            if hasattr(config, "worker_started"):
                config.worker_started()
        super().handle(*args, **options)
