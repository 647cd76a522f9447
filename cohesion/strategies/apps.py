from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "cohesion.strategies"
    label = "strategies"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        # Registers the phase card (rules.py is found by the rules app).
        from cohesion.strategies import capabilities  # noqa: F401
        from cohesion.strategies.models import CouncilDecision

        post_delete.connect(
            _decision_document_delete, sender=CouncilDecision, dispatch_uid="decision-document"
        )


def _decision_document_delete(sender, instance, **kwargs) -> None:
    """A council decision goes with its strategy (or its process) by cascade, where no service
    runs: its PDF leaves the disk once the deletion is committed, never before."""
    from django.db import transaction

    document = instance.document
    if document:
        storage, name = document.storage, document.name
        transaction.on_commit(lambda: storage.delete(name))
