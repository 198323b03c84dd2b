"""Shared fixtures and the `render` and `browser` markers: the shipped workbook, LibreOffice where a
test renders documents, Debian's chromium driven by Playwright where a test uses the web page."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from .helpers import SHIPPED

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package (`apt-get install chromium`); never a downloaded build


def in_ci() -> bool:
    """CI=true (or 1, yes), as CI services set it; CI=false or unset is a developer's machine."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `render` need LibreOffice: skipped without it, except in CI, where CI installs
    it and a missing one must fail the run instead of hiding the rendering tests. Tests marked
    `browser` need Playwright and Debian's chromium, the same way."""
    if in_ci():
        return
    missing = {"render": "LibreOffice is not installed (CI installs it and never skips)"
               if shutil.which("soffice") is None else "",
               "browser": "Playwright or /usr/bin/chromium is not installed (CI installs both and never skips)"
               if importlib.util.find_spec("playwright") is None or not CHROMIUM.exists() else ""}
    for item in items:
        for marker, reason in missing.items():
            if reason and marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def shipped_table():
    """The model of source/decomposition.xlsx, read once."""
    from generator.workbook.reader import read_workbook

    result = read_workbook(SHIPPED)
    assert not result.errors, [str(p) for p in result.errors]
    return result.table
