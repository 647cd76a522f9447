"""What each app offers in which phase, declared by the app (as adhocracy4's phase contents or
Wagtail's hooks): its card on the phase page, its entry on the process page, and its guards on
a phase change. The processes app knows no other app: the phase page and ``process_advance``
only ask this registry.

Each app registers from its own ``phases.py``, imported in its ``AppConfig.ready``.

- A **card** is shown on the page of the phases it names, to whom ``shown_to`` admits; its link
  is built from the process and phase (``url``).
- An **overview entry** is a link on the process page, for every phase the process is in.
- A **guard** is asked before the process leaves a phase (``leaving``) or enters one
  (``entering``); it returns None when the change may go ahead, or a translatable reason why
  not. The mayor's commitment gate plugs in here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from cohesion.processes.phases import PHASES_BY_SLUG, Phase


def _everyone(user, process_phase) -> bool:
    return True


@dataclass(frozen=True)
class PhaseCard:
    key: str  # "<app>.<thing>", unique
    phases: frozenset[str]
    title: Promise
    text: Promise
    url: Callable  # (process, phase) -> str
    shown_to: Callable = _everyone  # (user, process_phase) -> bool
    order: int = 100


@dataclass(frozen=True)
class OverviewEntry:
    key: str
    title: Promise
    url: Callable  # (process) -> str
    shown_to: Callable = _everyone  # (user, process) -> bool
    order: int = 100


@dataclass(frozen=True)
class PhaseGuard:
    key: str
    label: Promise  # what is checked, shown on the confirmation page
    check: Callable  # (process, from_phase, to_phase) -> Promise | str | None
    leaving: frozenset[str] = frozenset()
    entering: frozenset[str] = frozenset()


@dataclass(frozen=True)
class GuardVerdict:
    key: str
    label: str
    reason: str | None  # None: the change may go ahead

    @property
    def allows(self) -> bool:
        return self.reason is None


_CARDS: dict[str, PhaseCard] = {}
_ENTRIES: dict[str, OverviewEntry] = {}
_GUARDS: dict[str, PhaseGuard] = {}


def _check_phases(slugs) -> frozenset[str]:
    slugs = frozenset(slugs)
    unknown = slugs - set(PHASES_BY_SLUG)
    if unknown:
        raise ValueError(f"unknown phases {sorted(unknown)}")
    return slugs


def _register(registry: dict, item) -> None:
    known = registry.get(item.key)
    if known is not None and known != item:
        raise ValueError(f"{item.key!r} is registered twice")
    registry[item.key] = item


def phase_card_register(
    *, key: str, phases, title, text, url, shown_to=_everyone, order: int = 100
) -> None:
    _register(
        _CARDS,
        PhaseCard(
            key=key,
            phases=_check_phases(phases),
            title=title,
            text=text,
            url=url,
            shown_to=shown_to,
            order=order,
        ),
    )


def overview_entry_register(*, key: str, title, url, shown_to=_everyone, order: int = 100) -> None:
    _register(
        _ENTRIES, OverviewEntry(key=key, title=title, url=url, shown_to=shown_to, order=order)
    )


def phase_guard_register(*, key: str, label, check, leaving=(), entering=()) -> None:
    _register(
        _GUARDS,
        PhaseGuard(
            key=key,
            label=label,
            check=check,
            leaving=_check_phases(leaving),
            entering=_check_phases(entering),
        ),
    )


def phase_guard_unregister(*, key: str) -> None:
    """For tests that register a guard of their own."""
    _GUARDS.pop(key, None)


def phase_cards(*, user, process_phase) -> list[dict]:
    """The cards of the phase's page that this user may see, with their links."""
    slug = process_phase.phase.slug
    cards = sorted(
        (card for card in _CARDS.values() if slug in card.phases),
        key=lambda card: (card.order, card.key),
    )
    return [
        {
            "key": card.key,
            "title": card.title,
            "text": card.text,
            "url": card.url(process_phase.process, process_phase.phase),
        }
        for card in cards
        if card.shown_to(user, process_phase)
    ]


def overview_entries(*, user, process) -> list[dict]:
    entries = sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.key))
    return [
        {"key": entry.key, "title": entry.title, "url": entry.url(process)}
        for entry in entries
        if entry.shown_to(user, process)
    ]


def guard_verdicts(*, process, from_phase: Phase, to_phase: Phase) -> list[GuardVerdict]:
    """What every guard concerned says about moving from one phase to the other."""
    verdicts = []
    for guard in sorted(_GUARDS.values(), key=lambda guard: guard.key):
        if from_phase.slug in guard.leaving or to_phase.slug in guard.entering:
            reason = guard.check(process, from_phase, to_phase)
            verdicts.append(
                GuardVerdict(
                    key=guard.key,
                    label=str(guard.label),
                    reason=None if reason is None else str(reason),
                )
            )
    return verdicts
