from django_tasks import task

from cohesion.statistics.services import statistics_import_run_execute


@task()
def statistics_import_run(run_id: int) -> int | None:
    """Import an uploaded file in the background; queued by statistics_import_request. Returns
    the id of the import it made (kept with the task's result), None when it failed."""
    return statistics_import_run_execute(run_id=run_id)
