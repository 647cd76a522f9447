"""What a device contributed, across the participatory tools: each app registers a source that
collects (for the participant's own page and JSON download) and erases (GDPR Art. 15, 17) the
contributions made under one device hash. The participation app never imports the tools."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class ContributionSource:
    name: str  # "opinions"
    label: Promise  # "Opinion maps"
    # device hash -> JSON-able records of what this device contributed, in their original words
    collect: Callable[[str], list[dict]]
    # device hash -> how many records were erased; runs inside the caller's transaction
    erase: Callable[[str], int]
    # The template that shows this source's records on the participant's own page (it gets
    # them as ``records``); without one, the page lists them as they are downloaded.
    template: str = ""
    # Retention: erase the pseudonymous participants of everything that closed before the
    # given moment; returns how many participants went. Runs inside the caller's transaction.
    purge: Callable[[datetime], int] | None = None


_SOURCES: dict[str, ContributionSource] = {}


def contribution_source_register(source: ContributionSource) -> None:
    _SOURCES[source.name] = source


def contribution_sources() -> list[ContributionSource]:
    return [_SOURCES[name] for name in sorted(_SOURCES)]
