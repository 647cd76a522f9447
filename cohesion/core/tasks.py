from django.core.management import call_command
from django_tasks import task

from cohesion.core.services import KEEP_FINISHED_DAYS, PRUNE_EVERY, finished_tasks_prune_schedule
from cohesion.statistics.services import statistics_uploads_prune


@task()
def finished_tasks_prune() -> None:
    """Remove the finished tasks older than KEEP_FINISHED_DAYS, then come back in a day."""
    call_command("prune_db_task_results", min_age_days=KEEP_FINISHED_DAYS, verbosity=0)
    statistics_uploads_prune()  # abandoned statistics uploads
    finished_tasks_prune_schedule(after=PRUNE_EVERY)
