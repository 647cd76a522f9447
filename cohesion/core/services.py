"""State changes that belong to no domain: the upkeep of the background queue."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# Finished tasks are kept this long for a look at what ran (and what failed, with its traceback).
KEEP_FINISHED_DAYS = 14
PRUNE_EVERY = timedelta(days=1)


def finished_tasks_prune_schedule(*, after: timedelta) -> bool:
    """Queue the next prune of finished tasks unless one waits already; False then. Several
    workers starting at once may each queue one; the first to run finds the other waiting and
    does not queue again, so the two become one."""
    from cohesion.core.tasks import finished_tasks_prune  # the task calls back into here

    with transaction.atomic():
        waiting = DBTaskResult.objects.filter(
            task_path=finished_tasks_prune.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return False
        finished_tasks_prune.using(run_after=timezone.now() + after).enqueue()
    return True
