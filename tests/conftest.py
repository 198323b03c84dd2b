"""Shared fixtures: the shipped workbook and a folder for small ones."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

SHIPPED = ROOT / "source" / "decomposition.xlsx"


@pytest.fixture(scope="session")
def shipped_table():
    """The model of source/decomposition.xlsx, read once."""
    from generator.workbook.reader import read_workbook

    result = read_workbook(SHIPPED)
    assert not result.errors, [str(p) for p in result.errors]
    return result.table
