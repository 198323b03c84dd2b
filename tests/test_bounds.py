"""Time and size bounds (issue 13): title breaking polynomial and bounded, `&` in Excel footers
printed as written, long unit names making short and distinct file names, and a collect folder of
1,000 files printing a report of bounded size."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import math
import random
import shutil
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from generator import api
from generator.cli import console
from generator.cli.commands import cli
from generator.documents import typeset
from generator.documents.typeset import break_title, search_title, text_units
from generator.documents.wording import Wording
from generator.reporting import collect, forms
from generator.reporting import form_xlsx as R
from generator.reporting.returns import read_return
from generator.text.filenames import NAME_BYTES, safe_filename
from generator.workbook.reader import read_workbook
from generator.workbook.xlsx import HEADER_FOOTER_LIMIT, PAGE, PAGES, header_footer_text

from .helpers import sheets, write


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block takes longer than `seconds`; POSIX only,
    elsewhere the block just runs."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- title breaking --------------------------------------------------------------------------------

def exhaustive(title: str, max_units: float) -> tuple[str, ...]:
    """The search `break_title` replaced: every combination of breaks (exponential), for reference."""
    if "\n" in title or text_units(title) <= max_units:
        return break_title(title, max_units)
    n, depth, costs = len(title), 0, {}
    for i in range(1, n):
        depth += title[i - 1] in typeset.OPENERS
        depth -= title[i - 1] in typeset.CLOSERS and depth > 0
        cost = typeset._break_cost(title, i, depth)
        if cost is not None:
            costs[i] = cost
    prefix = [0.0]
    for i, ch in enumerate(title):
        prefix.append(prefix[-1] + typeset.char_units(ch) + (typeset._gap(title[i - 1], ch) if i else 0.0))
    fewest = math.ceil(prefix[-1] / max_units)
    best = None
    for k in (fewest, fewest + 1):
        for cut in itertools.combinations(sorted(costs), k - 1):
            bounds = (0, *cut, n)
            lengths = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
            shape = typeset._shape_cost(lengths) if max(lengths) <= max_units else None
            if shape is not None:
                score = sum(costs[c] for c in cut) + shape + typeset.EXTRA_LINE * (k - fewest)
                if best is None or score < best[0]:
                    best = (score, bounds)
    assert best is not None
    return tuple(title[a:b] for a, b in zip(best[1], best[1][1:]))


WORDS = [*typeset.WORDS, *typeset.GOOD_AFTER, *typeset.GOOD_BEFORE, "《", "》", "〈", "〉", "（", "）", "，", "、",
         "2024年", "第一季度", "第10批", "ABC", "5G", "“放管服”", "测试", "通知", "推进", "落实", "的", "甘肃省"]


def random_titles(count: int, seed: int) -> list[tuple[str, float]]:
    """Titles of two or three lines from the words the costs know, at the widths taskdoc uses and others."""
    rnd = random.Random(seed)
    titles = []
    while len(titles) < count:
        width = rnd.choice([20, 20, 16, 12, 14.5])
        title = ""
        while text_units(title) < rnd.uniform(width + 1, 2.6 * width):
            title += rnd.choice(WORDS)
        if text_units(title) > width:
            titles.append((title, width))
    return titles


SHIPPED_TITLES = [
    "嘉峪关市人民政府办公室关于印发《嘉峪关市贯彻落实省政府〈关于提升甘肃省科技创新综合实力若干措施〉任务分解表》的通知",
    "国务院办公厅关于印发全国深化“放管服”改革优化营商环境电视电话会议重点任务分工方案的通知",
    "关于做好2024年第一季度重点任务督办工作的通知",
    "关于催报2020年第四季度落实情况报表的通知",
]


@pytest.mark.parametrize("title, width", [(t, 20) for t in SHIPPED_TITLES] + [(t, 12) for t in SHIPPED_TITLES[2:]]
                         + random_titles(150, seed=13))
def test_the_search_finds_what_every_combination_would(title, width):
    assert search_title(title, width)[0] == exhaustive(title, width)


TITLE_92 = ("嘉峪关市人民政府办公室关于印发《嘉峪关市贯彻落实省政府〈关于进一步提升甘肃省科技创新综合实力推动经济社会"
            "高质量发展优化营商环境深化“放管服”改革若干措施〉任务分解表》的实施方案的通知。")


def test_a_92_character_title_takes_few_steps():
    """Every combination: 28 s on a 2-core machine (68 s in the issue); the search: a few ms."""
    assert len(TITLE_92) == 92
    lines, stats = search_title(TITLE_92, 20)
    assert lines == ("嘉峪关市人民政府办公室关于印发", "《嘉峪关市贯彻落实省政府〈关于进一",
                     "步提升甘肃省科技创新综合实力推动经济社会", "高质量发展优化营商环境深化“放管服”改革",
                     "若干措施〉任务分解表》的实施方案的通知。")  # what every combination gave
    assert not stats.filled and stats.steps < 20_000


def test_titles_up_to_the_limit_are_searched_in_bounded_steps():
    title = (TITLE_92 * 2)[:typeset.TITLE_SEARCH_LIMIT]
    for width in (8, 12, 20, 40):
        with within(10):
            lines, stats = search_title(title, width)
        assert not stats.filled and stats.steps < 500_000, (width, stats)
        assert "".join(lines) == title and all(text_units(line) <= width for line in lines)


def test_a_10000_character_title_returns_lines_that_fit():
    title = ("关于印发" + "测试任务分解表和实施方案的通知" * 700)[:10_000]
    with within(20):
        lines, stats = search_title(title, 20)
    assert stats.filled and stats.steps == 0  # over TITLE_SEARCH_LIMIT: filled, not searched
    assert "".join(lines) == title and all(text_units(line) <= 20 for line in lines)
    assert all(line[0] not in typeset.NO_LINE_START and line[-1] not in typeset.NO_LINE_END for line in lines)
    with within(20):  # no break allowed anywhere: cut at the width
        lines = search_title("a" * 10_000, 20)[0]
    assert "".join(lines) == "a" * 10_000 and all(text_units(line) <= 20 for line in lines)


def test_a_letter_title_with_a_300_character_name_does_not_hang():
    name = ("测试&P局" + "科学技术&局" * 60)[:300]
    with within(10):
        lines = break_title(f"{name}任务清单", 20)
    assert "".join(lines) == f"{name}任务清单"


# -- & in Excel headers and footers ----------------------------------------------------------------

def odd_footer(path: Path) -> str:
    """The form sheet's footer as stored in the file (XML entities decoded)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    found = root.find(".//{http://schemas.openxmlformats.org/spreadsheetml/2006/main}oddFooter")
    return "" if found is None else found.text


def form_for(unit_name: str, path: Path) -> Path:
    form = forms.ReportForm(identity=forms.FormIdentity("u", "2024Q1", "id", "hash"), unit_name=unit_name,
                            quarter=forms.Quarter(2024, 1, dt.date(2024, 4, 5)), table_name="测试任务分解表",
                            rows=(forms.FormRow(1, "1", "（一）条款", "1.措施", forms.Role.LEAD, "测试局", ""),),
                            statuses=("已完成",))
    R.write_form(form, path, Wording())
    return path


def test_an_ampersand_in_a_units_name_is_printed_as_written_in_the_footer(tmp_path):
    assert odd_footer(form_for("测试&P局", tmp_path / "f.xlsx")) == "&L测试&&P局　2024年第一季度&C第 &P 页，共 &N 页"
    # openpyxl alone would turn "&[Page]" into the code &P even after the & is doubled
    assert odd_footer(form_for("测&[Page]局", tmp_path / "g.xlsx")).startswith("&L测&&[Page]局　")


def test_header_footer_text_escapes_text_not_codes():
    assert header_footer_text("第 ", PAGE, " 页，共 ", PAGES, " 页") == "第 &P 页，共 &N 页"
    assert header_footer_text("A&B", "&&", PAGE) == "A&&B&&&&&P"


def test_a_300_character_name_with_ampersands_fits_excels_footer_limit(tmp_path):
    name = ("测试&P局" + "科学技术&局" * 60)[:300]
    with within(10):
        footer = odd_footer(form_for(name, tmp_path / "f.xlsx"))
    assert len(footer) <= HEADER_FOOTER_LIMIT
    left, centre = footer.removeprefix("&L").split("&C")
    assert left.endswith("…") and name.startswith(left[:-1].replace("&&", "&"))  # an && is never split
    assert centre == "第 &P 页，共 &N 页"


def test_every_footer_a_build_writes_holds_only_taskdocs_codes(tmp_path):
    data = sheets()
    data["单位"][1][1] = "测试&P市&N科学&B技术局&"
    with within(60):
        written = api.build(write(tmp_path / "t.xlsx", data), tmp_path / "out").written
    books = [p for p in written if p.suffix == ".xlsx"]
    assert len(books) >= 4  # the matrix and the forms
    seen = 0
    for book in books:
        with zipfile.ZipFile(book) as z:
            for part in (n for n in z.namelist() if n.startswith("xl/worksheets/sheet")):
                root = etree.fromstring(z.read(part))
                for element in root.iter("{*}oddHeader", "{*}oddFooter", "{*}evenHeader", "{*}evenFooter",
                                         "{*}firstHeader", "{*}firstFooter"):
                    text = element.text or ""
                    unescaped = text.replace("&&", "")
                    codes = {unescaped[i:i + 2] for i, ch in enumerate(unescaped) if ch == "&"}
                    assert codes <= {"&L", "&C", "&R", "&P", "&N"}, (book.name, text)
                    seen += "测试&&P市&&N科学&&B技术局&&" in text
    assert seen >= 1  # the unit's own form


# -- long names, short file names ---------------------------------------------------------------------

def test_long_names_alike_in_their_first_bytes_make_different_short_file_names():
    a, b = "市" + "科技" * 150, "市" + "科技" * 149 + "局"
    assert a.encode()[:NAME_BYTES] == b.encode()[:NAME_BYTES]
    names = {safe_filename(a), safe_filename(b)}
    assert len(names) == 2 and all(len(n.encode()) <= NAME_BYTES for n in names)
    assert safe_filename(a) == safe_filename(a)  # the same every run (no salted hash)
    assert safe_filename("x" * 200) != safe_filename("x" * 201)


def test_ordinary_names_are_kept(shipped_table):
    for name in [u.name for u in shipped_table.units] + ["通知_嘉政办发〔2020〕86号", "测" * 40]:
        assert safe_filename(name) == name


def test_a_very_long_name_is_cut_in_linear_time():
    with within(10):
        name = safe_filename("测" * 1_000_000)
    assert len(name.encode()) <= NAME_BYTES and name.startswith("测测")


def test_a_build_with_300_character_short_names(tmp_path):
    long1, long2 = "市" + "科技" * 150, "市" + "科技" * 149 + "局"
    data = sheets()
    for row in data["任务分解"]:
        row[:] = [v.replace("市科技局", long1).replace("市财政局", long2) if isinstance(v, str) else v for v in row]
    data["单位"][1][0], data["单位"][2][0] = long1, long2
    with within(60):
        written = api.build(write(tmp_path / "t.xlsx", data), tmp_path / "out").written
    assert len({p.name for p in written}) == len(written)
    assert all(len(p.name.encode()) <= 255 for p in written)


# -- collect with many files ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def returned(tmp_path_factory):
    """The small workbook, and one unit's form as it came back, filled in (a folder of blank forms
    only is refused before anything is read further)."""
    from .test_collect import fill

    tmp = tmp_path_factory.mktemp("bounds")
    source = write(tmp / "t.xlsx")
    path = next(p for p in api.reports(source, tmp / "out", quarter="2024Q1").written if p.suffix == ".xlsx")
    unit = path.stem.split("_")[1]
    return source, fill(path, tmp / path.name, unit, date="2024年4月1日", statuses={})


def test_1000_copies_of_one_form_print_a_short_report(returned):
    source, path = returned
    table = read_workbook(source).table
    quarter = next(q for q in table.reporting.quarters if q.key == "2024Q1")
    form = read_return(path)
    copies = [dataclasses.replace(form, file=f"{i:04d}_{path.name}") for i in range(1000)]
    c = collect.collect(table, quarter, copies, table.letter_units())
    duplicates = [p for p in c.problems if "同一单位报来 1000 份报表" in p.message]
    assert len(duplicates) == 1000 and all(len(p.message) < 600 for p in duplicates)
    assert "等 1000 份" in duplicates[0].message
    report = console.collect_report("收到的报表", c)
    assert len(report.encode()) < 10_000  # was 33 MB: every message listed all 1,000 names
    assert "等 999 个文件：同一单位报来 1000 份报表" in report


def test_a_folder_of_1000_tiny_bogus_files_prints_a_bounded_report(returned, tmp_path):
    source, path = returned
    inbox = tmp_path / "收到的报表"
    inbox.mkdir()
    shutil.copy(path, inbox / path.name)
    for i in range(1000):
        (inbox / f"{i:04d}_报表.xlsx").write_bytes(b"x")
    started = time.perf_counter()
    with within(120):
        result = CliRunner().invoke(cli, ["collect", str(inbox), "--source", str(source), "--output",
                                          str(tmp_path / "out"), "--quarter", "2024Q1"])
    assert "Traceback" not in result.output, result.output[-2000:]
    assert "等 1000 个文件：不是有效的 .xlsx 文件" in result.output
    # the progress line of each file read, and the rest bounded
    assert len(result.output.encode()) < 60_000, (len(result.output.encode()), time.perf_counter() - started)


def test_a_300_character_full_name_builds_its_letter(tmp_path):
    """python-docx refused a document property over 255 characters: the letter's subject holds the
    unit's 全称, so a 300-character one stopped the build after check had passed."""
    from generator import api

    from .helpers import sheets, write

    data = sheets()
    data["单位"][1][1] = "测试市" + "科学技术创新发展服务" * 30 + "局"
    source = write(tmp_path / "t.xlsx", data)
    assert api.check(source).errors == []
    written = api.build(source, tmp_path / "out").written
    assert any(p.parent.name == "交办函" and "市科技局" in p.name for p in written)
