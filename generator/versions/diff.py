"""Old name of `generator.versions.changes`, kept only while tests/test_revision.py imports it;
the diff lives in `matching`, `changes` and `effects`. Delete this module once nothing imports it."""

from generator.versions.changes import Change, Diff, compare

__all__ = ["Change", "Diff", "compare"]
