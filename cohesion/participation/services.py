"""State changes of anonymous participation: consent, a participant's own data (GDPR Art. 15,
17, 20) and the retention of pseudonymous participants.

The participant has no account: the holder of a device token is the only one who may see or
erase what was contributed under it, so these services take the hash of the token the request
carries and never a hash chosen by the caller from outside (the views pass
``device_hash_of(request)``)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.services import task_schedule_unless_waiting
from cohesion.participation.models import DeviceConsent
from cohesion.participation.registry import contribution_sources
from cohesion.participation.selectors import consent_of, contributions_of

# Raise when the privacy notice (participation/notice.html) changes in substance: consents
# keep the version they were given to.
PRIVACY_NOTICE_VERSION = 1
PURGE_EVERY = timedelta(days=1)

PARTICIPANT_DATA_ERASE = audit_action(
    "participation.participant_data_erase", _("A participant erased their contributions")
)
PARTICIPANTS_PURGE = audit_action(
    "participation.participants_purge",
    _("Participants of closed conversations erased after the retention period"),
)


def consent_record(*, device_hash: str) -> DeviceConsent:
    """The device agrees to the current privacy notice with its first contribution; a device
    that agreed before keeps its first consent."""
    consent, _created = DeviceConsent.objects.get_or_create(
        device_hash=device_hash, defaults={"notice_version": PRIVACY_NOTICE_VERSION}
    )
    return consent


def participant_data_collect(*, device_hash: str | None) -> dict:
    """Everything stored under the device, as one JSON-able document (the download): the
    consent and, per tool, the contributions in their original words."""
    consent = consent_of(device_hash=device_hash)
    return {
        "format": "cohesion-participant-data/1",
        "exported_at": timezone.now().isoformat(),
        "consent": {
            "privacy_notice_version": consent.notice_version,
            "given_at": consent.given_at.isoformat(),
        }
        if consent
        else None,
        "contributions": {
            found.source.name: found.records for found in contributions_of(device_hash=device_hash)
        },
    }


def participant_data_erase(*, device_hash: str | None) -> dict[str, int]:
    """Erase everything the device contributed, in every tool, and its consent, in one
    transaction; the audit event says how much went, never whose. Without a token, nothing."""
    if not device_hash:
        return {}
    with transaction.atomic():
        erased = {source.name: source.erase(device_hash) for source in contribution_sources()}
        erased = {name: count for name, count in erased.items() if count}
        consents = DeviceConsent.objects.filter(device_hash=device_hash).delete()[0]
        if erased or consents:
            audit_record(
                action=PARTICIPANT_DATA_ERASE,
                actor_label="participant",
                after={"erased": erased},
            )
    return erased


def participants_purge(*, now=None) -> dict[str, int]:
    """Erase the pseudonymous participants of whatever closed more than
    PARTICIPANT_RETENTION_DAYS ago, in every tool, and the consents no contribution needs any
    more; audited with the numbers only."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PARTICIPANT_RETENTION_DAYS)
    with transaction.atomic():
        purged = {
            source.name: source.purge(cutoff)
            for source in contribution_sources()
            if source.purge is not None
        }
        purged = {name: count for name, count in purged.items() if count}
        orphans = _orphan_consents_delete(before=cutoff)
        if purged or orphans:
            audit_record(
                action=PARTICIPANTS_PURGE,
                after={
                    "retention_days": settings.PARTICIPANT_RETENTION_DAYS,
                    "participants": purged,
                    "consents": orphans,
                },
            )
    return purged


def _orphan_consents_delete(*, before) -> int:
    """Consents older than the cutoff of devices that no longer contribute anywhere."""
    stale = DeviceConsent.objects.filter(given_at__lt=before)
    orphans = [
        consent.pk
        for consent in stale.only("pk", "device_hash").iterator()
        if not contributions_of(device_hash=consent.device_hash)
    ]
    return DeviceConsent.objects.filter(pk__in=orphans).delete()[0] if orphans else 0


def participants_purge_schedule(*, after: timedelta) -> bool:
    """Queue the next retention purge unless one waits already; False then."""
    from cohesion.participation.tasks import participants_purge_daily  # it calls back here

    return task_schedule_unless_waiting(task=participants_purge_daily, after=after)
