"""Shared fixtures and the `render` marker: the shipped workbook, and LibreOffice where a test
renders documents."""

from __future__ import annotations

import os
import shutil

import pytest

from .helpers import SHIPPED


def in_ci() -> bool:
    """CI=true (or 1, yes), as CI services set it; CI=false or unset is a developer's machine."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `render` need LibreOffice: skipped without it, except in CI, where CI installs
    it and a missing one must fail the run instead of hiding the rendering tests."""
    if shutil.which("soffice") is not None or in_ci():
        return
    skip = pytest.mark.skip(reason="LibreOffice is not installed (CI installs it and never skips)")
    for item in items:
        if "render" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shipped_table():
    """The model of source/decomposition.xlsx, read once."""
    from generator.workbook.reader import read_workbook

    result = read_workbook(SHIPPED)
    assert not result.errors, [str(p) for p in result.errors]
    return result.table
