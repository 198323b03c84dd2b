"""Joining .docx files into one: the letters themselves, section by section, nothing lost."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.documents import layout as L
from generator.docx import join as docjoin
from generator.docx import ooxml as X

DEFAULTS = L.document_defaults(L.DEFAULT_FONTS)


def _saved(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _letter(tmp_path, name: str, text: str):
    doc = X.new_document(DEFAULTS)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = f"{text}的函头"
    section.footer.paragraphs[0].text = f"{text}的页脚"
    doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(path)
    return path


def test_letters_keep_their_text_headers_and_start_on_odd_pages(tmp_path):
    files = [_letter(tmp_path, f"{i}.docx", f"第{i}封") for i in range(1, 4)]
    empty = X.new_document(DEFAULTS)
    empty.sections[0].header.paragraphs[0].text = "空文档自己的页眉"  # its parts must not clash with the letters'
    target = tmp_path / "all.docx"
    docjoin.join(_saved(empty), files, target)
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
    assert len(names) == len(set(names))
    doc = Document(target)
    assert [p.text for p in doc.paragraphs if p.text] == ["第1封", "第2封", "第3封"]
    heads = [s.first_page_header.paragraphs[0].text for s in doc.sections]
    assert heads == ["第1封的函头", "第2封的函头", "第3封的函头"]
    assert [s.footer.paragraphs[0].text for s in doc.sections] == ["第1封的页脚", "第2封的页脚", "第3封的页脚"]
    kinds = [s._sectPr.find(qn("w:type")) for s in doc.sections]
    assert kinds[0] is None and [k.get(qn("w:val")) for k in kinds[1:]] == ["oddPage", "oddPage"]


def test_one_file_joins_to_itself(tmp_path):
    target = tmp_path / "all.docx"
    docjoin.join(_saved(X.new_document(DEFAULTS)), [_letter(tmp_path, "1.docx", "唯一")], target)
    doc = Document(target)
    assert [p.text for p in doc.paragraphs if p.text] == ["唯一"] and len(doc.sections) == 1


def test_what_joining_cannot_carry_is_refused(tmp_path):
    empty = _saved(X.new_document(DEFAULTS))
    with pytest.raises(ValueError):
        docjoin.join(empty, [], tmp_path / "none.docx")
    doc = X.new_document(DEFAULTS)
    p = doc.add_paragraph()
    p._p.append(p._p.makeelement(qn("w:hyperlink"), {qn("r:id"): "rId99"}))  # refers to another part
    doc.save(tmp_path / "link.docx")
    with pytest.raises(ValueError, match="hyperlink"):
        docjoin.join(empty, [tmp_path / "link.docx"], tmp_path / "all.docx")
