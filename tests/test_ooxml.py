"""Every kind of .docx and .xlsx taskdoc writes is valid Office Open XML (ISO/IEC 29500), as an
independent validator (openxml-audit) reads it: .docx without any finding; .xlsx with exactly two
kinds of finding filtered, each for the reason written beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import SHIPPED, sheets, write

audit = pytest.importorskip("openxml_audit")


def _tolerated(path: Path, finding) -> bool:
    """The findings that are the validator's, not ours."""
    if path.suffix != ".xlsx":
        return False
    # openpyxl writes <font>'s children in its own order; the validator expects the sequence of
    # CT_RPrElt, but ISO/IEC 29500-4 declares CT_Font an xsd:choice (any order, any number).
    if finding.part_uri == "/xl/styles.xml" and re.fullmatch(r"Unexpected element '\w+' found", finding.description) \
            and "/fonts[1]/font[" in finding.path:
        return True
    # openpyxl writes text as inline strings, which the standard allows (CT_Cell t="inlineStr");
    # Excel moves them to a shared-strings table when it next saves: a warning about Excel, not an error.
    return finding.id == "Excel_InlineStrCells" and str(finding.severity.value) == "warning"


def _findings(paths: list[Path]) -> list[str]:
    validator = audit.OpenXmlValidator()
    out = []
    for path in paths:
        for finding in validator.validate(str(path)).errors:
            if not _tolerated(path, finding):
                out.append(f"{path.name}: {finding.severity.value} {finding.description} "
                           f"{finding.part_uri} {finding.path}")
    return out


def _one_of_each(written: list[Path]) -> list[Path]:
    """A document of every kind a build writes: the notice, a letter, the print-all file, the
    matrix, a form in .xlsx and .docx, the cover note."""
    chosen: dict[str, Path] = {}
    for path in sorted(written):
        kind = (path.parent.name, path.suffix, path.name.startswith("00_"))
        chosen.setdefault(str(kind), path)
    return list(chosen.values())


def test_the_shipped_workbooks_documents_are_valid_ooxml(tmp_path):
    from generator import api

    written = api.build(SHIPPED, tmp_path / "out").written
    paths = _one_of_each(written)
    assert {p.suffix for p in paths} == {".docx", ".xlsx"} and len(paths) >= 6
    assert _findings(paths) == []


def test_documents_of_a_four_level_table_with_a_responsible_column_are_valid_ooxml(tmp_path):
    from generator import api

    data = sheets()
    data["任务分解"] = [["序号", "工作任务", "责任单位", "完成时限"], ["一", "总体要求"],
                        ["1", "推进实验室建设", "市科技局、市财政局", "2024年底"], ["1.1", "建设实验室。"],
                        ["1.2", "引进人才。"], ["二", "保障措施"], ["2", "加强组织领导。", "市统计局"]]
    written = api.build(write(tmp_path / "t.xlsx", data), tmp_path / "out").written
    assert _findings(_one_of_each(written)) == []


def test_the_settings_part_has_the_zoom_percent_the_schema_requires(tmp_path):
    import zipfile

    from generator import api

    notice = next(p for p in api.notice(SHIPPED, tmp_path / "out").written if p.suffix == ".docx")
    settings = zipfile.ZipFile(notice).read("word/settings.xml").decode("utf-8")
    assert re.search(r'<w:zoom [^>]*w:percent="100"', settings), settings[:400]
