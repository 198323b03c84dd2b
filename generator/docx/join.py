"""Join .docx files that taskdoc wrote into one, a file at a time (the print-all letters).

A print-all file of a provincial table's 300 letters held in python-docx at once took 1.5 GB. It is
instead written as a stream: the package of an empty document (styles, settings, properties), then
each letter's body and its headers and footers, read from the letter's own file and renumbered, so
that only one letter is in memory at a time. The joined file is the letters themselves, section by
section; the first section of each letter after the first starts on an odd page.

Only documents built on the same `ooxml.new_document` defaults can be joined: the first file's
styles are not merged with the others', they are the empty document's.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER_FOOTER = {f"{R}/header": "header", f"{R}/footer": "footer"}
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_DOC_PR_ID = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')
_NAMESPACE = re.compile(rb' xmlns:(\w+)="([^"]*)"')


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def join(empty: bytes, files: Iterable[Path], target: Path | IO[bytes], *, start: str = "oddPage") -> None:
    """Write to `target` (a path or binary file) the package `empty` (a saved empty document) with
    the bodies of `files` in order; each file's first section after the first file's starts on a
    `start` page ("oddPage" keeps double-sided print runs apart)."""
    paths = list(files)
    if not paths:
        raise ValueError("nothing to join")
    shape_ids = itertools.count(1001)
    relations: list[tuple[str, str, str]] = []  # (id, type, target) of the headers and footers
    headers: list[tuple[str, bytes]] = []  # their parts, written after the streamed body (a few KB each)
    with zipfile.ZipFile(io.BytesIO(empty)) as base, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        head, _, _ = base.read(DOCUMENT).partition(b"<w:body>")
        declared = set(_NAMESPACE.findall(head))  # the root's: a child need not repeat them
        taken = set(base.namelist())
        parts = (n for n in itertools.count(1) if not {f"word/header{n}.xml", f"word/footer{n}.xml"} & taken)
        with out.open(DOCUMENT, "w") as document:
            document.write(head + b"<w:body>")
            for i, path in enumerate(paths):
                with zipfile.ZipFile(path) as letter:
                    renamed = _copy_headers_and_footers(letter, headers, parts, shape_ids, relations)
                    body = etree.fromstring(letter.read(DOCUMENT), _PARSER).find(_w("body"))
                    if body is None:
                        raise ValueError(f"{path} has no document body")
                    _prepare_body(body, renamed, first=i == 0, last=i == len(paths) - 1, start=start)
                    for child in body:
                        xml = etree.tostring(child, encoding="UTF-8")
                        tag_end = xml.index(b">")
                        start_tag = _NAMESPACE.sub(lambda m: b"" if (m[1], m[2]) in declared else m[0], xml[:tag_end])
                        xml = _DOC_PR_ID.sub(lambda m: m[1] + str(next(shape_ids)).encode() + m[3],
                                             start_tag + xml[tag_end:])
                        document.write(xml)
            document.write(b"</w:body></w:document>")
        for name, data in headers:
            out.writestr(name, data)
        for info in base.infolist():
            if info.filename == DOCUMENT:
                continue
            data = base.read(info)
            if info.filename == DOCUMENT_RELS:
                data = _with_relations(data, relations)
            elif info.filename == "[Content_Types].xml":
                data = _with_content_types(data, relations)
            out.writestr(info.filename, data)


def _copy_headers_and_footers(letter: zipfile.ZipFile, headers: list[tuple[str, bytes]], parts: Iterator[int],
                              shape_ids: Iterator[int],
                              relations: list[tuple[str, str, str]]) -> dict[str, str]:
    """Copy a letter's header and footer parts under new names into `headers`; returns its
    relationship ids -> the new ones."""
    renamed = {}
    rels = etree.fromstring(letter.read(DOCUMENT_RELS), _PARSER)
    for rel in rels.iter(f"{{{RELS}}}Relationship"):
        rid, kind_uri, target = rel.get("Id", ""), rel.get("Type", ""), rel.get("Target", "")
        kind = HEADER_FOOTER.get(kind_uri)
        if kind is None:
            continue
        n = next(parts)
        name = f"{kind}{n}.xml"
        source = "word/" + target
        if f"word/_rels/{Path(source).name}.rels" in letter.namelist():
            raise ValueError(f"{source} has relationships of its own; joining does not carry them")
        data = _DOC_PR_ID.sub(lambda m: m[1] + str(next(shape_ids)).encode() + m[3], letter.read(source))
        headers.append((f"word/{name}", data))
        renamed[rid] = f"rIdJoin{n}"
        relations.append((f"rIdJoin{n}", kind_uri, name))
    return renamed


def _prepare_body(body: etree._Element, renamed: dict[str, str], *, first: bool, last: bool, start: str) -> None:
    """Point the body's header and footer references at the renamed parts; start its first section
    on a `start` page unless it is the first file's; end its last section with a paragraph unless it
    is the last file's (a section's properties sit in its last paragraph, the document's last in the
    body)."""
    references = {_w("headerReference"), _w("footerReference")}
    for element in body.iter():
        for name, value in element.attrib.items():
            if isinstance(name, str) and name.startswith(f"{{{R}}}"):
                if element.tag not in references:  # an image, a link: a part joining does not carry
                    raise ValueError(f"{etree.QName(element).localname} refers to another part ({value!s})")
                element.set(name, renamed[str(value)])
    found = body.xpath("w:p/w:pPr/w:sectPr | w:sectPr", namespaces={"w": W})  # in document order
    sections = [s for s in found if isinstance(s, etree._Element)] if isinstance(found, list) else []
    final = body.find(_w("sectPr"))
    if not sections or final is None:
        raise ValueError("a document body without its section properties")
    if not first:
        kind = sections[0].find(_w("type"))
        if kind is None:
            kind = etree.Element(_w("type"))
            sections[0].insert(_after_references(sections[0]), kind)
        kind.set(_w("val"), start)
    if not last:
        body.remove(final)
        p = etree.SubElement(body, _w("p"))
        etree.SubElement(p, _w("pPr")).append(final)


def _after_references(sectPr: etree._Element) -> int:
    """Where w:type goes in a sectPr: after its header and footer references (and footnote and
    endnote properties), before the page size."""
    leading = {_w("headerReference"), _w("footerReference"), _w("footnotePr"), _w("endnotePr")}
    return sum(1 for child in sectPr if child.tag in leading)


def _with_relations(data: bytes, relations: list[tuple[str, str, str]]) -> bytes:
    root = etree.fromstring(data, _PARSER)
    for rid, kind, target in relations:
        etree.SubElement(root, f"{{{RELS}}}Relationship", Id=rid, Type=kind, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_content_types(data: bytes, relations: list[tuple[str, str, str]]) -> bytes:
    root = etree.fromstring(data, _PARSER)
    for _, kind, target in relations:
        etree.SubElement(root, f"{{{TYPES}}}Override", PartName=f"/word/{target}",
                         ContentType=CONTENT_TYPE.format(HEADER_FOOTER[kind]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
