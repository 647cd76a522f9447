from django_tasks import task

from cohesion.participation.services import (
    PURGE_EVERY,
    participants_purge,
    participants_purge_schedule,
)


@task()
def participants_purge_daily() -> None:
    """Erase the participants whose retention period has ended, then come back in a day."""
    participants_purge()
    participants_purge_schedule(after=PURGE_EVERY)
