"""Measure the rendered documents against GB/T 9704-2012 and print a table (issue 14).

    python scripts/measure_positions.py                 # build the five kinds into a temporary folder
    python scripts/measure_positions.py OUTPUT          # the documents of an existing output folder
    python scripts/measure_positions.py --markdown      # the table as Markdown, for closing notes

The five kinds: the notice, the 情况通报, a 交办函, the 报送通知 and a 催报. Without OUTPUT they are
built from the shipped workbook and `collect` on four returned forms (as tests/test_positions.py
does); with OUTPUT (after `taskdoc build` and `taskdoc collect`) they are copied from it into a
temporary folder, so no PDF of the output folder is touched. Either way they are converted with
`generator.pdf.convert`, as `taskdoc pdf` converts them, and measured with tests/positions.py,
where each measurement is defined; the targets are those of tests/test_positions.py. Needs the
test extra (pdfplumber, pytest) and LibreOffice.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import positions as P  # noqa: E402
from tests import test_positions as T  # noqa: E402

Pages = list[P.Page]
Measure = Callable[[Pages], str]


def mm(value: float) -> str:
    return f"{value:.1f}"


def _continuation(pages: Pages) -> str:
    return mm(P.first_body_line_top(pages[1])) if len(pages) > 1 and not pages[1].landscape else ""


def _right_edge(pages: Pages) -> str:
    right, char, page = P.max_right_edge_of_text(pages)
    return f"{right:.1f} ({right - P.TEXT_RIGHT:+.1f}, {char} p{page})"


def _record_page_number(pages: Pages) -> str:
    last = pages[-1]
    if not P.has_record(last):
        return ""
    number = P.page_number(last)
    before = "blank page before" if pages[-2].blank() else "no blank page before"
    return f"{f'— {number} —' if number else 'none'} ({before})"


def _numbers(pages: Pages, landscape: bool, measure: Callable[[P.Page], float]) -> str:
    values = [measure(p) for p in pages if p.landscape == landscape and P.page_number(p) is not None]
    if not values:
        return ""
    low, high = min(values), max(values)
    return mm(low) if round(low, 1) == round(high, 1) else f"{low:.1f}–{high:.1f}"


def _numbering(pages: Pages) -> str:
    """Each page's number or – (none), in page order."""
    return " ".join(str(n) if (n := P.page_number(p)) is not None else "–" for p in pages)


def _letter_rules(pages: Pages) -> str:
    (thick, thin), (low_thin, low_thick) = P.letter_rules(pages[0])
    return (f"{thick.length:.1f}; {thick.thickness:.2f}/{thin.thickness:.2f}, "
            f"{low_thin.thickness:.2f}/{low_thick.thickness:.2f}")


def _only(kinds: tuple[str, ...], measure: Measure) -> Callable[[str, Pages], str]:
    return lambda kind, pages: measure(pages) if kind in kinds else ""


# (row, target, measure(kind, pages) -> the value shown, "" where the row does not apply)
ROWS: list[tuple[str, str, Callable[[str, Pages], str]]] = [
    ("mark top, ink (§7.2.4 / §10.1)", f"{T.MARK_TOP_7_2_4:.1f} / 信函 {T.LETTER_MARK_TOP_10_1:.1f}",
     lambda kind, pages: mm(P.mark_top(pages[0]))),
    ("信函: mark ink bottom → upper double rule (§10.1)", mm(T.LETTER_RULE_BELOW_MARK_10_1),
     _only(T.LETTERS, lambda pages: mm(P.mark_to_rule(pages[0])))),
    ("信函: double rules' length; thickness upper, lower (§10.1)",
     f"{T.LETTER_RULE_LENGTH_10_1:.1f}; 上粗下细, 上细下粗",
     _only(T.LETTERS, _letter_rules)),
    ("信函: lower double rule above page bottom (§10.1)", mm(T.LETTER_LOWER_RULE_10_1),
     _only(T.LETTERS, lambda pages: mm(P.PAGE_HEIGHT - P.letter_rules(pages[0])[1][1].bottom))),
    ("文号 baseline under mark baseline (§7.2.5)", mm(T.DOCNUMBER_BELOW_MARK_7_2_5),
     _only(T.OFFICIAL, lambda pages: mm(P.docnumber_below_mark(pages[0])))),
    ("文号 body bottom → red rule top (§7.2.7)", mm(T.RED_RULE_BELOW_DOCNUMBER_7_2_7),
     _only(T.OFFICIAL, lambda pages: mm(P.rule_below_docnumber(pages[0])))),
    ("red rule length (§7.2.7)", mm(T.RED_RULE_LENGTH_7_2_7),
     _only(T.OFFICIAL, lambda pages: mm(P.red_rule(pages[0]).length))),
    ("rule bottom → title body top (§7.3.1)", mm(T.TITLE_BELOW_RULE_7_3_1),
     lambda kind, pages: mm(P.rule_to_title(pages[0]))),
    ("title line pitch, pt (§7.3.1)", f"{T.TITLE_PITCH_7_3_1:.2f}",
     lambda kind, pages: " ".join(f"{v:.1f}" for v in P.title_pitch(pages[0])) or "(one line)"),
    ("title body bottom → 主送 body top (§7.3.2)", mm(T.SALUTATION_BELOW_TITLE_7_3_2),
     lambda kind, pages: mm(P.title_to_salutation(pages[0]))),
    ("正文 begins on page (§7.3.2)", str(T.BODY_PAGE_7_3_2), lambda kind, pages: str(P.body_start_page(pages))),
    ("page 2: first line body top (§5.2.1)", mm(T.TEXT_TOP_5_2_1), lambda kind, pages: _continuation(pages)),
    ("rightmost glyph ink, portrait pages (§5.2.1)", f"≤ {T.TEXT_RIGHT_5_2_1:.1f}",
     lambda kind, pages: _right_edge(pages)),
    ("成文日期 right indent, 字 (§7.3.5.1)", str(T.DATE_RIGHT_INDENT_7_3_5_1),
     lambda kind, pages: f"{P.date_right_indent(pages):.2f}"),
    ("署名 centre − date centre (§7.3.5.1)", mm(T.SIGNATURE_CENTRED_7_3_5_1),
     lambda kind, pages: mm(P.signature_centre_offset(pages))),
    ("附件 label body top (§7.3.7)", mm(T.ATTACHMENT_LABEL_TOP_7_3_7),
     _only(T.WITH_ATTACHMENT, lambda pages: mm(P.attachment_label_top(P.attachment_page(pages))))),
    ("附件 title body top (§7.3.7)", mm(T.ATTACHMENT_TITLE_TOP_7_3_7),
     _only(T.WITH_ATTACHMENT, lambda pages: mm(P.attachment_title_top(P.attachment_page(pages))))),
    ("版记 rules thickness (§7.4.1)",
     f"{T.RECORD_THICK_7_4_1:.2f}/{T.RECORD_THIN_7_4_1:.2f}…/{T.RECORD_THICK_7_4_1:.2f}",
     _only(T.OFFICIAL, lambda pages: "/".join(f"{r.thickness:.2f}" for r in P.record_rules(pages[-1])))),
    ("版记 last rule centre (§7.4.1)", mm(T.RECORD_LAST_RULE_7_4_1),
     _only(T.OFFICIAL, lambda pages: mm(P.record_rules(pages[-1])[-1].centre))),
    ("抄送 / 印发机关 left edge (§7.4.2, §7.4.3)", mm(T.IMPRINT_LEFT_7_4_2),
     _only(T.OFFICIAL, lambda pages: " / ".join(mm(v) for v in P.imprint_left_indent(pages[-1]).values()))),
    ("印发日期 right edge (§7.4.3)", mm(T.IMPRINT_DATE_RIGHT_7_4_3),
     _only(T.OFFICIAL, lambda pages: mm(P.imprint_date_right_edge(pages[-1])))),
    ("版记 page number (§7.5)", "numbered unless a blank page precedes",
     _only(T.OFFICIAL, _record_page_number)),
    ("page numbers, page by page (§7.5, §10.1)", "all but 信函 p1 and blank pages",
     lambda kind, pages: _numbering(pages)),
    ("page number dash ink top, portrait (§7.5)", mm(T.PAGE_NUMBER_DASH_TOP_7_5),
     lambda kind, pages: _numbers(pages, False, P.page_number_dash_top)),
    ("page number dash ink top, landscape on the sheet (§8)", mm(T.PAGE_NUMBER_DASH_TOP_7_5),
     lambda kind, pages: _numbers(pages, True, P.page_number_dash_top)),
    ("page number indent, portrait (§7.5)", mm(T.PAGE_NUMBER_INDENT_7_5),
     lambda kind, pages: _numbers(pages, False, P.page_number_indent)),
    ("page number indent, landscape on the sheet (§8)", mm(T.PAGE_NUMBER_INDENT_7_5),
     lambda kind, pages: _numbers(pages, True, P.page_number_indent)),
]


def measure(pdfs: dict[str, Path]) -> list[list[str]]:
    """The table: a header, then a row per measurement (its name, target, a value per kind)."""
    docs = {kind: P.Document(path) for kind, path in pdfs.items()}
    try:
        table = [["row", "target", *docs]]
        for name, target, value in ROWS:
            cells = []
            for kind, doc in docs.items():
                try:
                    cells.append(value(kind, doc.pages) or "—")
                except (AssertionError, StopIteration, ValueError, IndexError) as err:
                    cells.append(f"not found ({type(err).__name__})")
            table.append([name, target, *cells])
        return table
    finally:
        for doc in docs.values():
            doc.close()


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters and full-width forms two."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def show(table: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
        lines += ["| " + " | ".join(row) + " |" for row in table[1:]]
        return "\n".join(lines)
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip()
                     for row in table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", type=Path, help="an output folder (default: build into a temporary one)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="taskdoc-positions-") as tmp:
        folder = Path(tmp)
        if args.output is None:
            documents = P.build_documents(folder)
        else:
            found = P.find_documents(args.output)
            missing = [k for k in P.KINDS if k not in found]
            if missing:
                print(f"not in {args.output}: {'、'.join(missing)}", file=sys.stderr)
            documents = {}
            for kind, path in found.items():  # each in a folder of its own: two kinds may share a name
                (folder / kind).mkdir()
                documents[kind] = Path(shutil.copy2(path, folder / kind / path.name))
        for kind, path in documents.items():
            print(f"{kind}: {path.name}", file=sys.stderr)
        print(show(measure(P.convert(documents)), args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
