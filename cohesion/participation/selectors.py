"""Reads of the participation module: a device's consent and its contributions across tools."""

from dataclasses import dataclass

from cohesion.participation.models import DeviceConsent
from cohesion.participation.registry import ContributionSource, contribution_sources


def consent_of(*, device_hash: str | None) -> DeviceConsent | None:
    if not device_hash:
        return None
    return DeviceConsent.objects.filter(device_hash=device_hash).first()


@dataclass(frozen=True)
class Contributions:
    source: ContributionSource
    records: list[dict]


def contributions_of(*, device_hash: str | None) -> list[Contributions]:
    """What the device contributed, per tool, only the tools it contributed to. A request
    without a valid token (none, malformed) has a None hash and sees nothing."""
    if not device_hash:
        return []
    found = []
    for source in contribution_sources():
        records = source.collect(device_hash)
        if records:
            found.append(Contributions(source=source, records=records))
    return found
