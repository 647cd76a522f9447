"""State changes that belong to no domain: the upkeep of the background queue."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# Finished tasks are kept this long for a look at what ran (and what failed, with its traceback).
KEEP_FINISHED_DAYS = 14
PRUNE_EVERY = timedelta(days=1)


def task_schedule_unless_waiting(*, task, after: timedelta) -> bool:
    """Queue ``task`` to run ``after`` from now unless one of it waits already; False then.
    Several workers starting at once may each queue one; the first to run finds the other
    waiting and does not queue again, so the two become one. Self-scheduling daily tasks (the
    prune of finished tasks, an app's retention purge) share this."""
    with transaction.atomic():
        waiting = DBTaskResult.objects.filter(
            task_path=task.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return False
        task.using(run_after=timezone.now() + after).enqueue()
    return True


def finished_tasks_prune_schedule(*, after: timedelta) -> bool:
    """Queue the next prune of finished tasks unless one waits already; False then."""
    from cohesion.core.tasks import finished_tasks_prune  # the task calls back into here

    return task_schedule_unless_waiting(task=finished_tasks_prune, after=after)
