"""The layers of generator/, enforced: what each package may import, of taskdoc and of the libraries.

Every import statement of every module is read (including imports inside functions and under
TYPE_CHECKING: a type-only import still ties two layers together). A module that is in no layer,
an import of a higher layer, or a library imported outside the layer that owns it fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

BASE = {"generator.errors", "generator.text"}

# layer (package or module) -> the parts of taskdoc it may import besides itself, lowest first. A
# module listed on its own is held to its own line, stricter than its package's.
LAYERS: dict[str, set[str]] = {
    "generator.text": set(),
    "generator.errors": set(),
    "generator.atomic": set(),
    "generator.memory": set(),
    "generator.progress": set(),
    "generator.model": {"generator.text"},
    "generator.snapshot": {"generator.model"},
    "generator.workspace": {"generator.text"},
    "generator.workbook": BASE | {"generator.model", "generator.atomic"},
    "generator.versions": BASE | {"generator.model", "generator.snapshot", "generator.atomic", "generator.workspace",
                                  "generator.workbook.schema"},
    "generator.docx": set(),
    "generator.docx.parameters": set(),  # plain values: importable without python-docx
    "generator.documents": BASE | {"generator.model", "generator.docx", "generator.versions.changes",
                                   "generator.versions.matching"},
    "generator.documents.layout": {"generator.docx.parameters"},  # read at start-up: no python-docx
    "generator.documents.typeset": set(),
    "generator.reporting": BASE | {"generator.model", "generator.snapshot", "generator.atomic", "generator.workbook",
                                   "generator.docx", "generator.documents"},
    # collecting is pure: it matches plain data and imports returns for its types only
    "generator.reporting.collect": BASE | {"generator.model", "generator.snapshot", "generator.reporting.forms",
                                           "generator.reporting.returns"},
    "generator.pdf": {"generator.errors", "generator.atomic", "generator.workspace"},
    "generator.render": BASE | {"generator.model", "generator.atomic", "generator.memory", "generator.progress",
                                "generator.workspace",
                                "generator.workbook", "generator.versions", "generator.docx", "generator.documents",
                                "generator.reporting"},
    "generator.api": {"generator.errors", "generator.model", "generator.snapshot", "generator.workspace",
                      "generator.workbook", "generator.versions", "generator.documents", "generator.reporting",
                      "generator.render", "generator.pdf"},
    # the web page: the same api functions as the command line, the check report's text, the upload limits
    "generator.web": BASE | {"generator.api", "generator.model", "generator.workspace", "generator.cli.console",
                             "generator.reporting.returns"},
    "generator.cli": {"generator"},  # the top: anything
    "generator.__main__": {"generator.cli"},
    "generator": set(),  # __init__.py: the version number only
}
ROOT_IMPORTERS = {"generator.api", "generator.cli"}  # `from generator import __version__`

# library -> the only modules (or packages) that may import it
LIBRARIES: dict[str, set[str]] = {
    "openpyxl": {"generator.workbook.reader", "generator.workbook.writer", "generator.workbook.matrix",
                 "generator.workbook.xlsx", "generator.reporting.form_xlsx", "generator.reporting.returns",
                 "generator.reporting.summary"},
    "defusedxml": {"generator.reporting.returns"},
    "docx": {"generator.docx.ooxml"},
    "lxml": {"generator.docx.ooxml", "generator.docx.join", "generator.pdf"},
    "jinja2": {"generator.documents.wording"},
    "click": {"generator.cli"},
    "flask": {"generator.web"},
    "werkzeug": {"generator.web"},
    "waitress": {"generator.web.server"},
    "pypdfium2": {"generator.web"},
}


def _within(name: str, scopes: set[str]) -> bool:
    return any(name == s or name.startswith(s + ".") for s in scopes)


def layer_of(module: str) -> str | None:
    """The most specific layer a module belongs to."""
    matches = [layer for layer in LAYERS
               if module == layer or (layer != "generator" and module.startswith(layer + "."))]
    return max(matches, key=len) if matches else None


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(module: str, source: str) -> list[tuple[int, str]]:
    """(line, imported module) of every import; relative imports resolved, `from a import b` read
    as a.b when b is a module of taskdoc."""
    package = module if (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists() \
        else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                is_module = (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists() \
                    or (PACKAGE.parent / sub.replace(".", "/") / "__init__.py").exists()
                found.append((node.lineno, sub if base.startswith("generator") and is_module else base))
    return found


def violations(module: str, source: str) -> list[str]:
    """Every import of `module` that its layer does not allow, worded for the test report."""
    layer = layer_of(module)
    if layer is None:
        return [f"{module}: belongs to no layer (add it to LAYERS in tests/test_layers.py)"]
    found = []
    for line, target in imports(module, source):
        top = target.split(".")[0]
        if top == "generator":
            if target == "generator" and layer not in ROOT_IMPORTERS:
                found.append(f"{module}:{line} imports the package root")
            elif target != "generator" and not _within(target, {layer} | LAYERS[layer]):
                found.append(f"{module}:{line} ({layer}) imports {target}, which its layer may not")
        elif top in LIBRARIES and not _within(module, LIBRARIES[top]):
            found.append(f"{module}:{line} imports {top}, owned by {', '.join(sorted(LIBRARIES[top]))}")
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_stay_in_their_layer(path):
    assert violations(module_name(path), path.read_text(encoding="utf-8")) == []


def test_every_subpackage_says_what_it_may_import():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc or "may import" in doc, init


@pytest.mark.parametrize("module, source, expected", [
    ("generator.workbook.reader", "import click", "imports click"),
    ("generator.documents.notice", "from docx import Document", "imports docx"),
    ("generator.reporting.collect", "def f():\n    import openpyxl", "imports openpyxl"),
    ("generator.docx.ooxml", "from generator.documents import layout", "imports generator.documents.layout"),
    ("generator.model", "from generator.workbook.schema import TABLE_SHEET", "imports generator.workbook.schema"),
    ("generator.workbook.reader", "from ..reporting import forms", "imports generator.reporting.forms"),
    ("generator.newthing", "", "belongs to no layer"),
    ("generator.docx.join", "from docx import Document", "imports docx"),
    ("generator.workbook.schema", "import openpyxl", "imports openpyxl"),
    ("generator.documents.layout", "from generator.docx import ooxml", "imports generator.docx.ooxml"),
    ("generator.reporting.collect", "from generator.documents.letters import LetterRenderer",
     "imports generator.documents.letters"),
    ("generator.web.app", "from generator.render import Job", "imports generator.render"),
    ("generator.web.app", "from generator.documents import notice", "imports generator.documents.notice"),
    ("generator.api", "import flask", "imports flask"),
    ("generator.web.app", "from waitress import serve", "imports waitress"),
])
def test_the_check_catches_what_it_forbids(module, source, expected):
    found = violations(module, source)
    assert len(found) == 1 and expected in found[0], found


def test_the_check_allows_what_each_layer_may_import():
    assert violations("generator.reporting.form_xlsx", "import openpyxl\nfrom generator.workbook import xlsx") == []
    source = "from .schema import COLUMNS\nfrom generator.model import Part"
    assert violations("generator.workbook.reader", source) == []
