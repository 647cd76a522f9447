"""The workshop's live events.

Phones hear ``workshop.changed`` only: the item on the screen, its state, the timer. Votes never
reach them. The console and the presenter screen also hear ``workshop.answered`` for every stored
answer, and each of those screens coalesces them into at most RESULTS_PUSH_SECONDS-spaced
counts, read from the database (consumers.py): a room of a thousand voting at once costs each
screen a few counts a second, not a thousand messages."""

from cohesion.core.realtime import event_type

WORKSHOP_CHANGED = event_type("workshop.changed", "item", "state")
WORKSHOP_ANSWERED = event_type("workshop.answered", "item")
# --- cards ---
# A card written, moderated, typed in or deleted, or an upvote: screens only, coalesced as answers.
WORKSHOP_CARDED = event_type("workshop.carded", "item")

RESULTS_PUSH_SECONDS = 0.25


def room_group_name(workshop_id: int) -> str:
    """Every phone, the presenter and the console."""
    return f"workshop.{workshop_id}"


def screens_group_name(workshop_id: int) -> str:
    """The presenter screen and the console: they show counts."""
    return f"workshop.{workshop_id}.screens"
