"""Transitional alias: the diff now lives in `changes`, `matching` and `effects`."""

from generator.versions.changes import Change, Diff, compare

__all__ = ["Change", "Diff", "compare"]
