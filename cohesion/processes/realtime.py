"""The events a process's live view hears."""

from cohesion.core.realtime import event_type

PHASE_CHANGED = event_type("phase.changed", "phase")
