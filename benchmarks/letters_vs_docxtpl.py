"""Time per letter: taskdoc's renderer against docxtpl filling a template of the same letter.

The product target is at most half docxtpl's time per letter. docxtpl is not a dependency of taskdoc;
install it to run this:  pip install docxtpl  &&  python benchmarks/letters_vs_docxtpl.py

The docxtpl template is taskdoc's own letter to the unit with the most tasks, its varying parts
replaced by Jinja tags: the addressee, the body paragraphs (a paragraph loop), the task list (a
row loop) and the task list's title. docxtpl then does less than taskdoc (it merges no clause cells
and lays out nothing), so the comparison favours it.
"""

from __future__ import annotations

import copy
import statistics
import tempfile
import time
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate

from generator import api
from generator.documents.letters import LetterRenderer
from generator.documents.wording import Wording

ROUNDS = 5
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _set_text(paragraph, text: str) -> None:
    """Replace a paragraph's text, keeping its first run's formatting."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def _beside(paragraph, text: str, before: bool) -> None:
    """A copy of the paragraph holding only `text`, put before or after it (docxtpl's loop tags)."""
    new = copy.deepcopy(paragraph._p)
    (paragraph._p.addprevious if before else paragraph._p.addnext)(new)
    runs = new.findall(f"{W}r")
    for run in runs[1:]:
        new.remove(run)
    runs[0].find(f"{W}t").text = text


def make_template(letter: Path, addressee: str, target: Path) -> None:
    doc = Document(letter)
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == f"{addressee}：")
    end = next(i for i, p in enumerate(paragraphs) if p.text.startswith("附件："))
    _set_text(paragraphs[start], "{{ addressee }}：")
    body = [p for p in paragraphs[start + 1:end] if p.text]
    _set_text(body[0], "{{ para }}")
    _beside(body[0], "{%p for para in body %}", before=True)
    _beside(body[0], "{%p endfor %}", before=False)
    for p in body[1:]:
        p._p.getparent().remove(p._p)
    _set_text(paragraphs[end], "附件：{{ addressee }}任务清单")
    title = next(p for p in doc.paragraphs if p.text.endswith("任务清单") and not p.text.startswith("附件"))
    _set_text(title, "{{ addressee }}任务清单")

    table = doc.tables[-1]
    rows = table._tbl.tr_lst
    row = rows[1]
    for extra in rows[2:]:
        table._tbl.remove(extra)
    fields = ["serial", "clause", "measure", "role", "lead", "cooperating"]
    for tc, field in zip(row.tc_lst, fields):
        for v in tc.xpath(".//w:vMerge"):
            v.getparent().remove(v)
        texts = tc.xpath(".//w:t")
        if texts:
            texts[0].text = "{{ t." + field + " }}"
            for t in texts[1:]:
                t.text = ""
        else:
            p = tc.xpath(".//w:p")[0]
            r = copy.deepcopy(rows[0].tc_lst[0].xpath(".//w:r")[0])
            r.xpath(".//w:t")[0].text = "{{ t." + field + " }}"
            p.append(r)
    for marker, where in (("{%tr for t in tasks %}", row.addprevious), ("{%tr endfor %}", row.addnext)):
        tr = copy.deepcopy(row)
        for t in tr.xpath(".//w:t"):
            t.text = ""
        tr.xpath(".//w:t")[0].text = marker
        where(tr)
    doc.save(target)


def context(table, tasks, letter: Path) -> dict:
    """What the template needs for a unit, read from taskdoc's own letter to it."""
    paragraphs = [p.text for p in Document(letter).paragraphs]
    addressee = tasks.unit.addressee
    start = paragraphs.index(f"{addressee}：")
    end = next(i for i, t in enumerate(paragraphs) if t.startswith("附件："))
    rows = [dict(serial=i, clause=t.clause.heading, measure=t.measure.display, role=t.role.value,
                 lead=t.measure.field_value("lead"), cooperating=t.measure.field_value("cooperating"))
            for i, t in enumerate(tasks.tasks, 1)]
    return dict(addressee=addressee, body=[t for t in paragraphs[start + 1:end] if t], tasks=rows)


def main() -> None:
    table = api.check(api.DEFAULT_SOURCE).table
    units = table.letter_units()
    renderer = LetterRenderer(Wording(api.DEFAULT_TEMPLATES))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        letters = {}
        for tasks in units:
            letters[tasks.unit.name] = out / f"{tasks.unit.name}.docx"
            renderer.render(table, tasks).save(letters[tasks.unit.name])
        biggest = max(units, key=lambda t: len(t.tasks))
        template = out / "template.docx"
        make_template(letters[biggest.unit.name], biggest.unit.addressee, template)
        contexts = {t.unit.name: context(table, t, letters[t.unit.name]) for t in units}

        ours, theirs = [], []
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            for tasks in units:
                renderer.render(table, tasks).save(out / "ours.docx")
            ours.append((time.perf_counter() - t0) / len(units))
            t0 = time.perf_counter()
            for tasks in units:
                tpl = DocxTemplate(template)
                tpl.render(contexts[tasks.unit.name])
                tpl.save(out / "docxtpl.docx")
            theirs.append((time.perf_counter() - t0) / len(units))
        check = Document(out / "docxtpl.docx")
        assert any(p.text == f"{units[-1].unit.addressee}：" for p in check.paragraphs)
        assert len(check.tables[-1].rows) == 1 + len(units[-1].tasks)
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"per letter: taskdoc {a * 1000:.1f} ms, docxtpl {b * 1000:.1f} ms "
          f"(taskdoc takes {a / b:.0%} of docxtpl's time; target ≤ 50%)")


if __name__ == "__main__":
    main()
