"""Cohesion: local integration strategies developed with migrants, not for migrants."""
