from django.conf import settings
from django.core.management.base import BaseCommand

from cohesion.participation.services import participants_purge


class Command(BaseCommand):
    help = (
        "Erase the pseudonymous participants of conversations closed more than "
        "PARTICIPANT_RETENTION_DAYS ago (the background worker does it daily)."
    )

    def handle(self, *args, **options) -> None:
        purged = participants_purge()
        total = sum(purged.values())
        self.stdout.write(
            f"{total} participants erased "
            f"(retention {settings.PARTICIPANT_RETENTION_DAYS} days): "
            + (", ".join(f"{name} {count}" for name, count in purged.items()) or "none")
        )
