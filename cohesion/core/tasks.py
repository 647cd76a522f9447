from django.apps import apps
from django.core.management import call_command
from django_tasks import task

from cohesion.core.services import KEEP_FINISHED_DAYS, PRUNE_EVERY, finished_tasks_prune_schedule


@task()
def finished_tasks_prune() -> None:
    """Remove the finished tasks older than KEEP_FINISHED_DAYS, let every app do its daily
    upkeep (an AppConfig may define daily_upkeep(): core knows no app), then come back in a day."""
    call_command("prune_db_task_results", min_age_days=KEEP_FINISHED_DAYS, verbosity=0)
    for config in apps.get_app_configs():
        if hasattr(config, "daily_upkeep"):
            config.daily_upkeep()
    finished_tasks_prune_schedule(after=PRUNE_EVERY)
