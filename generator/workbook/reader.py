"""Reads the task workbook into the domain model, collecting every problem with its cell.

openpyxl is used only by the workbook layer and the reporting layer's .xlsx readers and writers;
the renderers see only the model. Reading never stops at the first problem: it goes on with what
it can understand so that `check` can list everything at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.errors import Location, Problem, Severity, TaskdocError
from generator.model import ROW_COUNTERS, Clause, Headers, Notice, Part, Quarter, Reporting, Role, TaskTable, Unit
from generator.text.characters import excerpt
from generator.text.dates import NotADate, parse_date, parse_quarter
from generator.text.numerals import parse_mark, parse_serial
from generator.workbook import checks
from generator.workbook.safeopen import ZipLimits, cell_text, declares_dtd, zip_excess
from generator.workbook.schema import (
    COLUMN_BY_FIELD,
    COLUMNS,
    DEFAULT_STATUSES,
    FIRST_LEADS,
    ITEM_HEADERS,
    LETTER_FORMATS,
    NOTICE_KEYS,
    NOTICE_SHEET,
    REPORTING_COLUMNS,
    REPORTING_ITEMS,
    REPORTING_SHEET,
    RESPONSIBLE,
    SHEET_SYNONYMS,
    STANDING_RULE,
    TABLE_SHEET,
    UNIT_COLUMNS,
    UNIT_KINDS,
    UNIT_SHEET,
    is_back_reference,
    is_collective,
    match_column,
    match_key,
    normalise_header,
)
from generator.workbook.structure import Assembler, TableRow, is_heading_rank
from generator.workbook.units import CellRead, UnitRegistry, split_units

HEADER_SEARCH_ROWS = 10  # a title block above the header row is common
# The office's own workbook: larger than a returned form may be, still refused before it fills memory
# (a 1 MB workbook inflating to 1 GiB took 1 GB and passed).
WORKBOOK_LIMITS = ZipLimits(unpacked_bytes=200 * 2**20, members=5000)


@dataclass
class ReadResult:
    """What reading a workbook gives: the model (None if unreadable) and every problem."""

    table: TaskTable | None
    problems: list[Problem]
    source: checks.TableSource | None = None
    # What a build leaves out, and why: no quarterly forms (no 报送 sheet, or no quarter in it), no
    # letters (no named unit has a task). A reason that is also a warning is in `problems` too.
    no_forms: Problem | None = None
    no_letters: Problem | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def notes(self) -> list[Problem]:
        """What the clerk should know that is no problem: an optional sheet left out (no 报送 sheet:
        no quarterly forms)."""
        return [p for p in (self.no_letters, self.no_forms) if p is not None and p not in self.problems]


class _Report:
    """Collects problems for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, severity: Severity, sheet: str, cell: str, message: str, fix: str = "",
            column: str = "") -> None:
        where = Location(self.file, sheet, cell, column)
        self.problems.append(Problem(severity, where, message, fix))

    def error(self, sheet: str, cell: str, message: str, fix: str = "", column: str = "") -> None:
        self.add(Severity.ERROR, sheet, cell, message, fix, column)

    def warning(self, sheet: str, cell: str, message: str, fix: str = "", column: str = "") -> None:
        self.add(Severity.WARNING, sheet, cell, message, fix, column)

    def finding(self, sheet: str, cell: str, found: checks.Finding, column: str = "") -> None:
        """A problem worded by `checks` (severity, message, fix), placed in a cell."""
        severity, message, fix = found
        self.add(severity, sheet, cell, message, fix, column)

    def drop_warnings(self, sheet: str, cell: str) -> None:
        """Forget the warnings about a cell, when an error about it says better what to do."""
        self.problems = [p for p in self.problems if p.is_error or (p.location.sheet, p.location.cell) != (sheet, cell)]


class _Sheet:
    """A worksheet whose merged ranges read as their top-left value everywhere."""

    def __init__(self, ws: Worksheet) -> None:
        self.title = ws.title
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    self.origin[(row, col)] = (rng.min_row, rng.min_col)
        self.max_row = ws.max_row
        self.max_col = ws.max_column
        self.hidden_rows = sorted(r for r, d in ws.row_dimensions.items() if d.hidden)
        self.hidden_cols = sorted({c for d in ws.column_dimensions.values() if d.hidden and d.min
                                   for c in range(d.min, (d.max or d.min) + 1)})
        self._values = {
            (c.row, c.column): c.value
            for row in ws.iter_rows() for c in row if c.value is not None
        }

    def raw(self, row: int, col: int) -> object:
        return self._values.get(self.origin.get((row, col), (row, col)))

    def text(self, row: int, col: int) -> str:
        """The cell as text: numbers without a trailing .0, dates as 2020年9月17日."""
        return cell_text(self.raw(row, col))

    def source_cell(self, row: int, col: int) -> tuple[int, int]:
        """The cell that holds the value shown at (row, col): the merge origin if merged."""
        return self.origin.get((row, col), (row, col))

    def cells(self) -> Iterator[tuple[int, int, object]]:
        return ((r, c, v) for (r, c), v in sorted(self._values.items()))


def ref(row: int, col: int) -> str:
    """The A1 reference of a cell."""
    return f"{get_column_letter(col)}{row}"


# -- opening -------------------------------------------------------------------------------


def _open(path: Path, display: str) -> openpyxl.Workbook:
    if not path.exists():
        raise TaskdocError("找不到文件", file=display, fix="请检查路径，或用 --source 指定任务分解表")
    if path.is_dir():
        raise TaskdocError("这是一个文件夹，不是表格文件", file=display, fix="请指定 .xlsx 文件")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise TaskdocError(
            f"不支持 {path.suffix or '无扩展名的'} 格式，只能读取 Excel 工作簿（.xlsx）", file=display,
            fix="请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再试",
        )
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                members = z.infolist()
            if (excess := zip_excess(members, WORKBOOK_LIMITS)) is not None:
                raise TaskdocError(f"无法读取：{excess}，已拒绝读取", file=display,
                                   fix="任务分解表中不要插入大量图片或附件；请用 Excel 或 WPS 打开后另存为 .xlsx 再试")
            if not any(m.filename == "xl/workbook.xml" for m in members):
                raise TaskdocError("无法读取：压缩包中没有工作簿内容（xl/workbook.xml），不是 Excel 保存的 .xlsx 文件",
                                   file=display, fix="请用 Excel 或 WPS 打开后另存为 .xlsx 再试")
        if declares_dtd(path):
            raise TaskdocError("无法读取：文件含有 XML 实体或文档类型声明（Excel 和 WPS 保存的表格不会有），已拒绝读取",
                               file=display, fix="请用 Excel 或 WPS 打开后另存为 .xlsx 再试")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            return openpyxl.load_workbook(path, data_only=False)
    except TaskdocError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as err:
        raise TaskdocError(
            "无法读取：不是有效的 .xlsx 文件（可能已损坏、设置了打开密码，或是改了扩展名的其他格式）",
            file=display, fix="请用 Excel 或 WPS 打开后另存为 .xlsx（不设密码）再试",
        ) from err
    except Exception as err:  # defusedxml refuses entity tricks with its own exception types
        raise TaskdocError(
            f"无法读取：文件内容不安全或已损坏（{type(err).__name__}）",
            file=display, fix="请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
        ) from err


def _open_elsewhere(path: Path, display: str, report: _Report) -> None:
    """A warning when Excel, WPS or LibreOffice has the workbook open (its lock file lies beside
    it): changes not yet saved there are not in the file taskdoc reads."""
    locks = (f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#")
    if any((path.parent / lock).exists() for lock in locks):
        report.problems.append(Problem(Severity.WARNING, Location(display),
                                       "这个工作簿正在 Excel/WPS 中打开：其中尚未保存的修改不会被读取",
                                       "请先在 Excel/WPS 中保存（或关闭）工作簿，再运行 taskdoc"))


def _find_sheet(wb: openpyxl.Workbook, name: str, report: _Report) -> Worksheet | None:
    """The sheet read as `name`: a visible one first (a hidden old copy never wins over the visible
    table), by the order of the names' synonyms; the hidden ones passed over or read are reported."""
    matching = [ws for s in SHEET_SYNONYMS[name] for ws in wb.worksheets if normalise_header(ws.title) == s]
    visible = [ws for ws in matching if ws.sheet_state == "visible"]
    if not matching:
        return None
    chosen = (visible or matching)[0]
    for ws in matching:
        if ws is chosen and ws.sheet_state != "visible":
            report.warning(ws.title, "", f"工作表“{ws.title}”是隐藏的，仍作为“{name}”读取",
                           "请确认这是要印发的内容：在 Excel/WPS 中右键工作表标签 →“取消隐藏”核对")
        elif ws is not chosen and ws.sheet_state != "visible":
            report.warning(ws.title, "", f"隐藏的工作表“{ws.title}”没有读取（读取的是“{chosen.title}”）",
                           "如隐藏的是旧版本，可删除它；如要用它，请取消隐藏并删除或改名另一个")
    return chosen


# -- the whole workbook -------------------------------------------------------------------


def read_workbook(path: Path | str, display: str | None = None) -> ReadResult:
    """Read and check a task workbook. Raises TaskdocError only if the file cannot be opened."""
    path = Path(path)
    display = display or str(path)
    report = _Report(display)
    wb = _open(path, display)

    _open_elsewhere(path, display, report)
    found = {name: _find_sheet(wb, name, report) for name in SHEET_SYNONYMS}
    sheets = {name: _Sheet(ws) for name, ws in found.items() if ws is not None}
    for name in (NOTICE_SHEET, TABLE_SHEET):
        if name not in sheets:
            others = "、".join(ws.title for ws in wb.worksheets)
            report.error(name, "", f"缺少工作表“{name}”（现有：{others}）",
                         f"请添加名为“{name}”的工作表，或把相应工作表改名为“{name}”")
    for sheet in sheets.values():
        _check_cells(sheet, report)
        _check_hidden(sheet, report)

    registry = _read_units(sheets[UNIT_SHEET], report) if UNIT_SHEET in sheets else UnitRegistry()
    notice = _read_notice(sheets[NOTICE_SHEET], report) if NOTICE_SHEET in sheets else None
    first_leads = _first_leads(sheets[NOTICE_SHEET], report) if NOTICE_SHEET in sheets else None
    read = _read_table(sheets[TABLE_SHEET], registry, report, first_leads) if TABLE_SHEET in sheets else None
    if REPORTING_SHEET in sheets:
        reporting, no_forms = _read_reporting(sheets[REPORTING_SHEET], report)
    else:
        reporting = Reporting(statuses=DEFAULT_STATUSES)
        no_forms = Problem(Severity.WARNING, Location(display), f"没有“{REPORTING_SHEET}”工作表，不生成季度报表",
                           f"如需季度报表，请添加名为“{REPORTING_SHEET}”的工作表，{REPORTING_HOWTO}")
    if read is None:
        return ReadResult(None, report.problems, no_forms=no_forms)

    parts, headers, source = read
    units = registry.units()
    broken = frozenset(p.location.cell for p in report.problems
                       if p.severity is Severity.ERROR and p.location.sheet == sheets[TABLE_SHEET].title)
    report.problems += checks.check_table(parts, units, source, registry.cells if registry.has_list else None,
                                          broken)
    table = TaskTable(notice, parts, units, reporting, headers) if notice is not None else None
    no_letters = _no_letters(table, source) if table is not None else None
    if no_letters is not None:
        report.problems.append(no_letters)
    return ReadResult(table, report.problems, source, no_forms, no_letters)


def _no_letters(table: TaskTable, source: checks.TableSource) -> Problem | None:
    """A warning when no named unit has a task: the build then makes the notice only."""
    if table.letter_units():
        return None
    rows = [m.row for _, _, m in table.measures()] or [c.row for c in table.clauses]
    where = source.at("lead", rows[0]) if rows else Location(source.file, source.sheet)
    return Problem(Severity.WARNING, where,
                   "没有一个具体单位承担任务，不生成交办函、合订本、单位分工矩阵和季度报表（只生成通知）",
                   f"请在“{source.label('lead') or '牵头单位'}”列填写承担任务的单位，如“市科技局”"
                   "（“各有关单位”等集体名称不单独发函）")


def _check_hidden(sheet: _Sheet, report: _Report) -> None:
    """Hidden rows and columns that hold something: read like the others (hiding is not deleting),
    and said so, since the clerk may have hidden them meaning they are not in use."""
    filled_rows = {r for r, _, _ in sheet.cells()}
    filled_cols = {c for _, c, _ in sheet.cells()}
    for (first, last), kind in [*((run, "row") for run in _runs([r for r in sheet.hidden_rows if r in filled_rows])),
                                *((run, "col") for run in _runs([c for c in sheet.hidden_cols if c in filled_cols]))]:
        if kind == "row":
            where, cell = (f"第{first}行" if first == last else f"第{first}—{last}行"), f"A{first}"
        else:
            where = f"{get_column_letter(first)}列" if first == last else \
                f"{get_column_letter(first)}—{get_column_letter(last)}列"
            cell = f"{get_column_letter(first)}1"
        report.warning(sheet.title, cell, f"{where}被隐藏：taskdoc 照常读取并印出隐藏的内容（隐藏不等于删除）",
                       "如这些内容不再使用，请删除；如要印发，可取消隐藏后核对")


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs: [3, 4, 5, 9] → [(3, 5), (9, 9)]."""
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _check_cells(sheet: _Sheet, report: _Report) -> None:
    """Cell-level rules for every filled cell: formulas, control characters, punctuation, traditional
    characters. Only values are read: a cell's comment (批注) is the clerk's and never reaches a document."""
    for row, col, value in sheet.cells():
        for severity, message, fix in checks.check_cell(value):
            report.add(severity, sheet.title, ref(row, col), message, fix)


# -- 单位 -----------------------------------------------------------------------------------


def _header_row(sheet: _Sheet, known: set[str]) -> tuple[int, dict[int, str]] | None:
    """The row (within the first rows) with the most known headers, and its texts by column."""
    best: tuple[int, dict[int, str]] | None = None
    best_hits = 0
    for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
        texts = {c: sheet.text(row, c) for c in range(1, sheet.max_col + 1) if sheet.text(row, c)}
        hits = sum(1 for t in texts.values() if normalise_header(t) in known)
        if hits > best_hits:
            best, best_hits = (row, texts), hits
    return best


def _columns_by_synonyms(texts: dict[int, str], spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, text in texts.items():
        key = normalise_header(text)
        for name, synonyms in spec.items():
            if key in synonyms and name not in found:
                found[name] = col
    return found


def _read_units(sheet: _Sheet, report: _Report) -> UnitRegistry:
    known = {s for syn in UNIT_COLUMNS.values() for s in syn}
    header = _header_row(sheet, known)
    cols = _columns_by_synonyms(header[1], UNIT_COLUMNS) if header else {}
    if header is None or "name" not in cols:
        report.error(sheet.title, "A1", "找不到“简称”列", "请在表头写“简称”（单位在任务分解表中的写法）")
        return UnitRegistry()
    start = header[0] + 1
    rows: list[tuple[tuple[bool, float, int], Unit]] = []  # (sort key: unordered last, order, row), unit
    seen: dict[str, str] = {}
    for row in range(start, sheet.max_row + 1):
        name = sheet.text(row, cols["name"])
        if not name:
            continue
        texts = {f: sheet.text(row, c) for f, c in cols.items()}
        aliases = tuple(split_units(texts.get("aliases", "")))
        for alias in (name, texts.get("full_name", ""), *aliases):
            if not alias:
                continue
            if alias in seen and seen[alias] != name:
                report.error(sheet.title, ref(row, cols["name"]),
                             f"名称“{alias}”已用于单位“{seen[alias]}”",
                             "同一名称只能指一个单位，请删除重复的简称、全称或别名")
            seen.setdefault(alias, name)
        if name in [r[1].name for r in rows]:
            continue
        order_text = texts.get("order", "")
        try:
            order = float(order_text) if order_text else None
            if order is not None and not math.isfinite(order):
                raise ValueError(order_text)  # nan, inf: no place in an order
        except ValueError:
            report.error(sheet.title, ref(row, cols["order"]), f"排序“{order_text}”不是数字",
                         "请填写数字，或留空按行的先后排序")
            order = None
        unit = Unit(name, texts.get("full_name", ""), aliases, texts.get("contact", ""), texts.get("phone", ""),
                    collective=_unit_kind(sheet, report, row, cols, name))
        rows.append(((order is None, order or 0, row), unit))
    rows.sort(key=lambda r: r[0])
    registry = UnitRegistry([u for _, u in rows])
    registry.cells = {u.name: ref(key[2], cols["name"]) for key, u in rows}
    return registry


def _unit_kind(sheet: _Sheet, report: _Report, row: int, cols: dict[str, int], name: str) -> bool:
    """Whether a listed name is a collective: its 类型 (集体 / 单位) says so; without one it is a unit
    that gets letters, with a warning when its form reads as a collective's."""
    kind = sheet.text(row, cols["kind"]) if "kind" in cols else ""
    if kind in UNIT_KINDS:
        return UNIT_KINDS[kind]
    if kind:
        report.finding(sheet.title, ref(row, cols["kind"]), checks.unit_kind(kind))
    elif is_collective(name) or is_back_reference(name):
        report.finding(sheet.title, ref(row, cols["name"]), checks.listed_collective(name))
    return False


# -- 发文信息 --------------------------------------------------------------------------------


def _read_notice(sheet: _Sheet, report: _Report) -> Notice | None:
    values: dict[str, tuple[str, int, object]] = {}
    body: list[str] = []
    remarks: list[tuple[str, str]] = []
    last_key = ""
    remark_col = next((c for c in range(1, sheet.max_col + 1)
                       for r in range(1, 3) if normalise_header(sheet.text(r, c)) == "备注"), None)
    for row in range(1, sheet.max_row + 1):
        label, raw = sheet.text(row, 1), sheet.raw(row, 2)
        if not label and raw is None:
            continue
        key = match_key(label) if label else None
        if label and key is None:
            if normalise_header(label) not in ("项目", "内容", "备注", "事项"):
                report.warning(sheet.title, ref(row, 1), f"未识别的项目“{label}”，已忽略",
                               "可用项目见 README 中“发文信息”一节")
            continue
        field_name = key.field if key else last_key
        if field_name == "body":
            body += [p.strip() for p in cell_text(raw).split("\n") if p.strip()]
        elif key and field_name in values:
            report.error(sheet.title, ref(row, 1), f"“{key.label}”重复出现",
                         f"请删除多余的一行（首次出现在第{values[field_name][1]}行）")
        elif key:
            values[field_name] = (cell_text(raw), row, raw)
        if key:
            last_key = key.field
            if remark_col and sheet.text(row, remark_col):
                remarks.append((key.label, sheet.text(row, remark_col)))

    ok = True
    for key in NOTICE_KEYS:
        present = bool(body) if key.field == "body" else bool(values.get(key.field, ("",))[0])
        if key.required and not present:
            ok = False
            at = ref(values[key.field][1], 2) if key.field in values else "A列"
            report.error(sheet.title, at, f"缺少“{key.label}”", f"请填写{key.label}")

    dates: dict[str, dt.date | None] = {}
    for key in NOTICE_KEYS:
        if key.is_date and key.field in values:
            typed, row, raw = values[key.field]
            try:
                dates[key.field] = parse_date(raw)
            except NotADate:
                ok = False
                report.error(sheet.title, ref(row, 2), f"“{typed}”不是有效日期",
                             "请填写真实存在的日期，如 2020年9月17日 或 2020-09-17", column=key.label)
    for field_name, label in (("number", "发文字号"), ("letter_number", "交办函发文字号")):
        if values.get(field_name, ("",))[0] and (bad := checks.check_doc_number(values[field_name][0])):
            at = ref(values[field_name][1], 2)
            report.drop_warnings(sheet.title, at)  # “use （）” would contradict the 〔〕 the error asks for
            report.error(sheet.title, at, *bad, column=label)
    seal_text = values.get("seal", ("",))[0]
    if seal_text and seal_text not in SEAL_WORDS:
        report.error(sheet.title, ref(values["seal"][1], 2), f"印章“{seal_text}”无法识别", "请填写“有”或“无”")
    letter_text = values.get("letter_format", ("",))[0]
    if letter_text and letter_text not in LETTER_FORMATS:
        report.error(sheet.title, ref(values["letter_format"][1], 2), f"交办函格式“{letter_text}”无法识别",
                     "请填写“信函格式”或“红头”")
    date = dates.get("date")
    if not ok or date is None:  # 成文日期 is required: when all is ok, it is there
        return None

    def text(field_name: str) -> str:
        return values.get(field_name, ("",))[0]

    organ_mark = text("organ_mark")
    organ_name = text("organ_name") or organ_mark.removesuffix("文件")
    return Notice(
        organ_mark=organ_mark,
        organ_name=organ_name,
        number=text("number"),
        title="\n".join(line.strip() for line in text("title").split("\n") if line.strip()),
        addressees=text("addressees").rstrip("：:"),
        body=tuple(body),
        date=date,
        attachment=text("attachment"),
        signer=text("signer"),
        copy_number=text("copy_number"),
        secrecy=text("secrecy"),
        urgency=text("urgency"),
        note=text("note").strip().removeprefix("（").removeprefix("(").removesuffix("）").removesuffix(")"),
        cc=text("cc").rstrip("。."),
        printer=text("printer") or organ_name,
        print_date=dates.get("print_date") or date,
        publication=text("publication"),
        seal=SEAL_WORDS.get(seal_text, True),
        letter_format=LETTER_FORMATS.get(letter_text, "letter"),
        letter_number=text("letter_number"),
        # in the keys' order, not the rows': reordering the sheet's rows changes nothing
        remarks=tuple(sorted(remarks, key=lambda r: [k.label for k in NOTICE_KEYS].index(r[0]))),
    )


SEAL_WORDS = {"有": True, "是": True, "加盖": True, "盖章": True, "无": False, "否": False,
              "不加盖": False, "不盖章": False}


# -- 任务分解 --------------------------------------------------------------------------------


def _two_row_header(sheet: _Sheet, row: int, texts: dict[int, str], known: set[str]) -> tuple[int, dict[int, str]]:
    """A header of two rows (责任单位 merged over 牵头单位 | 配合单位 below it) as one: each column
    named by its lower cell where it has one, else by the upper (merged down over both rows). The
    row below is a header row when every text in it is a known header and it completes the upper
    row (a merged upper cell, or one it leaves empty or names otherwise)."""
    below = {c: sheet.text(row + 1, c) for c in range(1, sheet.max_col + 1)
             if sheet.text(row + 1, c) and sheet.source_cell(row + 1, c)[0] == row + 1}
    spans_upper = any(sheet.source_cell(row, c) != (row, c) or
                      sum(1 for d in range(1, sheet.max_col + 1) if sheet.source_cell(row, d) == (row, c)) > 1
                      for c in below)
    # unmerged: 责任单位 over 牵头单位 | (empty) over 配合单位, or the lower row naming what the upper did not
    completes = any(not texts.get(c) or normalise_header(texts[c]) != normalise_header(t) for c, t in below.items())
    if len(below) < 2 or not (spans_upper or completes) or \
            any(normalise_header(t) not in known for t in below.values()):
        return row, texts
    return row + 1, {**texts, **below}  # the upper row names a column the lower leaves empty (merged down or not)


def _table_columns(sheet: _Sheet, report: _Report
                   ) -> tuple[int, dict[str, int], dict[int, str], bool, dict[int, str]] | None:
    """The header row (the lower one of a two-row header), field -> column, the extra columns,
    whether the lead column is a 责任单位 column (co-equal responsible units: the table has no 牵头单位
    column), and each column's header text."""
    known = {s for c in COLUMNS for s in c.synonyms} | set(RESPONSIBLE) | set(ITEM_HEADERS)
    header = _header_row(sheet, known)
    if header is None:
        report.error(sheet.title, "第1行", "找不到表头行",
                     "请在前10行内放表头，至少包括“落实措施”（或“工作任务”）和“牵头单位”（或“责任单位”）")
        return None
    header_row, texts = _two_row_header(sheet, *header, known)
    cols: dict[str, int] = {}
    extra: dict[int, str] = {}
    responsible: int | None = None
    for col, text in sorted(texts.items()):
        if normalise_header(text) in RESPONSIBLE:
            if responsible is not None:
                report.error(sheet.title, ref(header_row, col), f"“{text}”与第{get_column_letter(responsible)}列"
                             f"同为“{texts[responsible]}”列", "如是牵头单位和配合单位两列，请把表头改为“牵头单位”"
                             "“配合单位”；否则请删除或改名其中一列")
                continue
            responsible = col
            continue
        column = match_column(text)
        if column is None:
            extra[col] = text
        elif column.field in cols:
            report.error(sheet.title, ref(header_row, col), f"“{text}”与第{get_column_letter(cols[column.field])}列"
                         f"同为“{column.label}”列", "请删除或改名其中一列")
        else:
            cols[column.field] = col
    co_equal = False
    if responsible is not None:
        target = "cooperating" if "lead" in cols else "lead"
        co_equal = target == "lead"
        if target in cols:
            extra[responsible] = texts[responsible]
        else:
            cols[target] = responsible
    if "measure" not in cols:  # 序号 | 工作任务 | 牵头单位: the innermost text column holds the items
        inner = next((f for f in ("content", "clause") if f in cols), None)
        named = {normalise_header(t): c for c, t in reversed(extra.items())}
        item = next((named[h] for h in ITEM_HEADERS if h in named), None)
        if item is not None:
            cols["measure"] = item
            del extra[item]
        elif inner is not None:
            cols["measure"] = cols.pop(inner)
    # A column of data under an empty header would silently drop out of every document.
    for col in sorted({c for r, c, _ in sheet.cells() if r > header_row and c not in texts}):
        report.error(sheet.title, ref(header_row, col), "这一列有内容但没有表头，不会进入任何文书",
                     "请填写表头（如“任务内容”“备注”），或删除这一列的内容")
    missing = [c for c in COLUMNS if c.required and c.field not in cols]
    for column in missing:
        names = "”“".join(column.synonyms[:3])
        report.error(sheet.title, f"第{header_row}行", f"缺少“{column.label}”列",
                     f"请添加表头为“{names}”之一的列")
    return (header_row, cols, extra, co_equal, texts) if not missing else None


def _counts_rows(sheet: _Sheet, header_row: int, cols: dict[str, int]) -> bool:
    """Whether the 序号 column only counts rows: most items beside a 序号 carry their own number in
    their text (序号 2 beside `1.实施重大专项。`), so the text's number is the item's."""
    serial, measure = cols["serial"], cols["measure"]
    items = [sheet.text(r, measure) for r in range(header_row + 1, sheet.max_row + 1)
             if sheet.text(r, serial) and sheet.text(r, measure)
             and sheet.source_cell(r, measure)[1] == measure  # not a heading merged across from 序号
             and not is_heading_rank(parse_serial(sheet.text(r, serial)))]  # 一 / （一）: a heading's number
    own = sum(1 for text in items if parse_mark(text) is not None and not is_heading_rank(parse_mark(text)))
    # 序号 1 beside 一、重点任务: the column numbers every row, headings too
    headings_counted = any(is_heading_rank(parse_mark(text)) for text in items)
    return bool(items) and (own * 2 > len(items) or headings_counted)


def _first_leads(sheet: _Sheet, report: _Report) -> tuple[bool, str, str] | None:
    """The 发文信息 setting 责任单位分工 (whether a 责任单位 cell's first unit leads) and its cell, or None."""
    for row in range(1, sheet.max_row + 1):
        key = match_key(sheet.text(row, 1))
        if key is not None and key.field == "first_leads" and (typed := sheet.text(row, 2)):
            if normalise_header(typed) in FIRST_LEADS:
                return FIRST_LEADS[normalise_header(typed)], sheet.title, ref(row, 2)
            report.error(sheet.title, ref(row, 2), f"责任单位分工“{typed}”无法识别",
                         "请填写“首个单位牵头”（责任单位中排在第一的为牵头单位，其余为配合单位）或“共同负责”",
                         column="责任单位分工")
    return None


def _read_table(sheet: _Sheet, registry: UnitRegistry, report: _Report,
                first_leads: tuple[bool, str, str] | None = None,
                ) -> tuple[tuple[Part, ...], Headers, checks.TableSource] | None:
    """The table's parts, its header texts and where its columns are; None without its columns.
    `first_leads`: the 发文信息 setting that a 责任单位 cell's first unit leads, its sheet and cell."""
    found = _table_columns(sheet, report)
    if found is None:
        return None
    header_row, cols, extra_cols, co_equal, texts = found
    if "serial" in cols and _counts_rows(sheet, header_row, cols):
        serial = cols.pop("serial")  # a row counter beside items numbered in their text: printed as typed
        extra_cols = dict(sorted({**extra_cols, serial: texts[serial]}.items()))
    leads_first = bool(first_leads and first_leads[0])
    if leads_first and first_leads and not co_equal:
        report.warning(first_leads[1], first_leads[2], "“首个单位牵头”只用于只有“责任单位”一列的表格，本表已有"
                       f"“{sheet.text(header_row, cols['lead'])}”列，已忽略这一设置", "可删除这一行",
                       column="责任单位分工")
        leads_first = False
    co_equal, first_leads_on = co_equal and not leads_first, leads_first
    header_text = {f: texts[c] for f, c in cols.items()}
    by_column = {c: f for f, c in cols.items()} | {c: f"extra:{t}" for c, t in extra_cols.items()}
    headers = Headers(
        part=header_text.get("part", ""), clause=header_text.get("clause", ""),
        content=header_text.get("content", ""), measure=header_text["measure"],
        lead=header_text["lead"], cooperating=header_text.get("cooperating", ""),
        deadline=header_text.get("deadline", ""), leader=header_text.get("leader", ""),
        note=header_text.get("note", ""), extra=tuple(extra_cols.values()), responsible=co_equal,
        first_leads=first_leads_on,
        serial=header_text.get("serial", ""),
    )
    order = tuple(by_column[c] for c in sorted(by_column))
    if order != headers.columns():
        headers = replace(headers, order=order)
    source = checks.TableSource(
        report.file, sheet.title,
        {f: get_column_letter(c) for f, c in cols.items()},
        {f: normalise_header(t) for f, t in header_text.items()},
        get_column_letter(min(by_column)),
    )
    rows = list(_table_rows(sheet, header_row, cols, extra_cols, texts, report))
    parts = _assemble(rows, registry, sheet, report, source, first_leads_on)
    return parts, headers, source


def _table_rows(sheet: _Sheet, header_row: int, cols: dict[str, int], extra_cols: dict[int, str],
                headers: dict[int, str], report: _Report) -> Iterator[TableRow]:
    """Data rows with clause-level blanks filled from the row above (as a merged cell would), and
    heading rows (`一、总体目标` alone in its row, or merged across it) marked as such."""
    # a row of these texts only is the header repeated (tables pasted page by page), either row of two
    header_keys = {normalise_header(t) for t in headers.values()} | {
        normalise_header(sheet.text(header_row - 1, c)) for c in headers if header_row > 1}
    above: dict[str, str] = {}
    def get(row: int, f: str) -> str:
        """A field's cell; a cell merged across from another column holds that column's text, not its own."""
        if f not in cols or sheet.source_cell(row, cols[f])[1] != cols[f]:
            return ""
        return sheet.text(row, cols[f])
    fields = {c: f for f, c in cols.items()}
    first_column = min([*cols.values(), *extra_cols])
    for row in range(header_row + 1, sheet.max_row + 1):
        texts = {f: get(row, f) for f in cols}
        if not any(texts.values()) and not any(sheet.text(row, c) for c in extra_cols):
            continue
        filled = {normalise_header(t) for t in [*texts.values(), *(sheet.text(row, c) for c in extra_cols)] if t}
        if filled <= header_keys:
            continue  # a repeated header row (tables pasted page by page)
        heading = _heading_row(sheet, row, cols, extra_cols, fields, first_column)
        if heading is not None and CONTINUATION.search(heading.text):
            continue  # 续表, …（续）: a page's continuation, not a heading
        if heading is not None:
            above = {}  # the clause column's blanks under a heading row continue nothing before it
            for col, text in heading.beside:
                report.warning(sheet.title, ref(row, col), f"标题行“{excerpt(heading.text, 0)}”旁的“{excerpt(text, 0)}”"
                               "不属于任何一项，不会印出",
                               "如是这一部分各项的完成时限或备注，请填在各项所在的行", column=headers.get(col, ""))
            yield TableRow(row=row, heading=heading.text, heading_at=heading.field)
            continue
        previous_clause = above.get("clause", "")
        if texts.get("part") and texts["part"] != above.get("part"):
            above = {}  # a new part starts its own clauses: a blank 条款 under it continues none of the last part's
        for f in ("part", "clause"):
            if f in cols:
                texts[f] = texts.get(f) or above.get(f, "")
        if "content" in cols and not texts["content"] and texts.get("clause", "") == previous_clause \
                and "clause" in cols:
            texts["content"] = above.get("content", "")
        above.update({f: texts[f] for f in ("part", "clause", "content") if f in texts})
        yield TableRow(
            row=row, part=texts.get("part", ""), clause=texts.get("clause", ""), content=texts.get("content", ""),
            measure=texts["measure"], serial=texts.get("serial", ""), lead=texts["lead"],
            cooperating=texts.get("cooperating", ""),
            lead_at=sheet.source_cell(row, cols["lead"]),
            cooperating_at=sheet.source_cell(row, cols["cooperating"]) if "cooperating" in cols else (0, 0),
            optional={f: texts[f] for f in ("deadline", "leader", "note") if f in cols},
            extra=tuple((name, sheet.text(row, c)) for c, name in extra_cols.items()),
            continues=sheet.source_cell(row, cols["measure"])[0] < row and bool(texts["measure"]),
        )


# Where a heading row's text may stand (with the 序号 column holding its number, or alone)
# A row repeating the table's title over a page's continuation: 续表, 任务分解表（续）
CONTINUATION = re.compile(r"^\s*续表|[（(]\s*续\s*[）)]\s*$")
_UNIT_FIELDS = ("lead", "cooperating")


@dataclass(frozen=True)
class _HeadingRow:
    """A heading row: its text, the field it stands in, and texts in other cells beside it."""

    text: str
    field: str
    beside: tuple[tuple[int, str], ...] = ()  # (column, text): not part of any item


def _counter(fields: dict[int, str], col: int, extra_cols: dict[int, str]) -> bool:
    """A 序号 column, or one that only counts rows: its number beside a heading belongs to no item but says nothing."""
    return fields.get(col) == "serial" or f"extra:{normalise_header(extra_cols.get(col, ''))}" in ROW_COUNTERS


def _heading_row(sheet: _Sheet, row: int, cols: dict[str, int], extra_cols: dict[int, str],
                 fields: dict[int, str], first_column: int) -> _HeadingRow | None:
    """A heading row, or None for a row of data. A heading row names no unit and holds its text:
    merged across two or more columns from the table's first column or another before the item
    column (from the item column only when numbered 一、 or （一）: else it is a target); alone in
    the table's first column; alone in the item column numbered 一、 or （一）; or as a heading
    number (一 / （一）) in the 序号 column with its title beside it. Cells continuing a merge from
    the rows above (a unit cell merged over several items) do not count; a note or deadline beside
    a heading is kept aside (reported: it belongs to no item). A table with a 部分 and a 条款
    column writes its headings there instead."""
    if "part" in cols and "clause" in cols:
        return None
    columns = sorted({*cols.values(), *extra_cols})
    own = {sheet.source_cell(row, c) for c in columns if sheet.text(row, c) and sheet.source_cell(row, c)[0] == row}
    if not own or any(fields.get(o[1]) in _UNIT_FIELDS for o in own):
        return None
    item = cols["measure"]
    main = min(own, key=lambda o: o[1])
    at_item = sheet.source_cell(row, item)
    if at_item in own and at_item != main and is_heading_rank(parse_mark(sheet.text(*at_item))) \
            and "part" not in cols:  # 一、重点任务 in the item column beside a row counter or an extra column
        return _HeadingRow(sheet.text(*at_item), "measure",
                           tuple((o[1], sheet.text(*o)) for o in own if o != at_item and not _counter(fields, o[1],
                                                                                                        extra_cols)))
    text, field_name = sheet.text(*main), fields.get(main[1], f"extra:{extra_cols.get(main[1], '')}")
    mark = parse_mark(text)
    wide = sum(1 for c in columns if sheet.source_cell(row, c) == main) >= 2
    serial = cols.get("serial")
    found: _HeadingRow | None = None
    if main[1] == serial and len(own) >= 2 and (numbered := parse_serial(text)) is not None and not numbered.text:
        title = min((o for o in own if o != main), key=lambda o: o[1])
        if is_heading_rank(numbered) and fields.get(title[1]) not in _UNIT_FIELDS:
            number = text.strip() if re.search(r"[、.．）)]$", text.strip()) else f"{text.strip()}、"
            found = _HeadingRow(number + sheet.text(*title), "serial",
                                tuple((o[1], sheet.text(*o)) for o in own if o not in (main, title)))
    else:
        merged = wide and (main[1] < item or main[1] == first_column or is_heading_rank(mark))
        first = main[1] == first_column and main[1] != item and (len(own) == 1 or is_heading_rank(mark))
        # 一、总体目标 in the item column of a table numbering its items 1.
        in_items = main[1] == item and is_heading_rank(mark) and "part" not in cols
        if merged or first or in_items:
            found = _HeadingRow(text, field_name, tuple((o[1], sheet.text(*o)) for o in own if o != main))
    if found is not None and any(fields.get(c) == "measure" for c, _ in found.beside):
        return None  # an item's text beside it: a row of data
    return found


def _assemble(rows: list[TableRow], registry: UnitRegistry, sheet: _Sheet, report: _Report,
              source: checks.TableSource, first_leads: bool = False) -> tuple[Part, ...]:
    """Group rows into parts, clauses and groups, reading unit cells (each merged cell once)."""
    cells: dict[tuple[int, int], tuple[str, CellRead]] = {}  # a unit cell -> its field, what it holds

    def units(text: str, at: tuple[int, int], field_name: str) -> CellRead:
        if at not in cells:
            read = registry.read_cell(text, Role.LEAD if field_name == "lead" else Role.COOPERATING)
            for found in read.problems:
                report.finding(sheet.title, ref(*at), found, _label(source, field_name))
            cells[at] = field_name, read
        return cells[at][1]

    parts = Assembler(rows, units, report, source, lambda f: _label(source, f), first_leads).build()
    _standing_rules([r for r in rows if not r.heading], cells, report, source)
    _merged_across_clauses(parts, rows, sheet, report, source)
    return parts


def _merged_across_clauses(parts: tuple[Part, ...], rows: list[TableRow], sheet: _Sheet, report: _Report,
                           source: checks.TableSource) -> None:
    """A unit cell merged down over the measures of two clauses gives the second clause the first's
    units (or the other way round): said once per cell, since it is usually a merge drawn too far."""
    clause_of = {m.row: c for p in parts for c in p.clauses if c.is_level for m in c.measures}
    spans: dict[tuple[int, int], tuple[str, list[Clause]]] = {}
    for r in rows:
        for field_name, at in (("lead", r.lead_at), ("cooperating", r.cooperating_at)):
            clause = clause_of.get(r.row)
            if at[0] and at[0] < r.row and clause is not None:  # the cell continues a merge from above
                entry = spans.setdefault(at, (field_name, []))
                first = clause_of.get(at[0])
                for c in (first, clause):
                    if c is not None and all(c is not seen for seen in entry[1]):
                        entry[1].append(c)
    for at, (field_name, clauses) in spans.items():
        if len(clauses) > 1:
            names = "、".join(c.label or f"“{c.title[:10]}”" for c in clauses)
            report.warning(sheet.title, ref(*at), f"这个合并单元格跨越了条款{names}：这些条款都按其中的单位交办",
                           "如只属于第一个条款，请拆分合并单元格，并为后面的条款填写各自的单位",
                           _label(source, field_name))


def _label(source: checks.TableSource, field_name: str) -> str:
    """A column's header as the office wrote it (责任单位, 协办单位 …), else the column's usual name."""
    return source.label(field_name) or COLUMN_BY_FIELD[field_name].label


def _unit_columns(source: checks.TableSource) -> str:
    """The table's unit columns as a message names them: 牵头单位、配合单位列, or 责任单位列."""
    return "、".join(source.label(f) for f in ("lead", "cooperating") if source.label(f)) + "列"


def _standing_rules(rows: list[TableRow], cells: dict[tuple[int, int], tuple[str, CellRead]], report: _Report,
                    source: checks.TableSource) -> None:
    """A rule for the rows below (…，下同) in a unit cell or the 备注 is never applied to them (what
    it means for them is the clerk's to write); a warning names the rows it was not applied to."""
    data_rows = [r.row for r in rows]

    def below(last: int) -> tuple[int, int] | None:
        after = [r for r in data_rows if r > last]
        return (after[0], after[-1]) if after else None

    covers: dict[tuple[int, int], tuple[int, int]] = {}  # a unit cell -> the rows it covers (merged: several)
    for r in rows:
        for at in (r.lead_at, r.cooperating_at):
            covers[at] = (covers[at][0] if at in covers else r.row, r.row)
    for at, (field_name, read) in cells.items():
        if read.standing:
            report.finding(source.sheet, ref(*at),
                           checks.standing_rule(read.text, below(covers[at][1]), in_note=False, own=covers[at]),
                           _label(source, field_name))
    notes = [(r.row, r.optional.get("note", "")) for r in rows]
    for i, (row, note) in enumerate(notes):
        if STANDING_RULE.search(note) and (i == 0 or notes[i - 1][1] != note):  # merged or repeated: once
            last = next((r for r, n in notes[i:] if n != note), None)
            end = data_rows[data_rows.index(last) - 1] if last is not None else data_rows[-1]
            report.finding(source.sheet, source.cell("note", row),
                           checks.standing_rule(note, below(end), in_note=True, own=(row, end),
                                                unit_columns=_unit_columns(source)), source.label("note"))


# -- 报送 -------------------------------------------------------------------------------------


# How a 报送 sheet lists its quarters, for the messages that say how to get quarterly forms.
REPORTING_HOWTO = ("在“季度”“报送截止日期”两列逐行列出报送季度，如“2020年第四季度 | 2021年1月5日”"
                   "（可另加“完成情况选项”一列，以及“事项 | 内容”两列填写牵头协调单位、联系人、联系电话、报送方式）")


def _deadline_typed(sheet: _Sheet, row: int, cols: dict[str, int]) -> bool:
    """Whether the row's 报送截止日期 cell holds anything (a wrong date is reported on its own)."""
    return "deadline" in cols and bool(sheet.text(row, cols["deadline"]))


def _read_reporting(sheet: _Sheet, report: _Report) -> tuple[Reporting, Problem | None]:
    """The 报送 sheet, and the warning that no forms can be made when it lists no quarter."""
    if next(sheet.cells(), None) is None:
        empty = Problem(Severity.WARNING, Location(report.file, sheet.title, "A1"), "工作表是空的，不生成季度报表",
                        f"如需季度报表，请{REPORTING_HOWTO}；不需要时可删除这个工作表")
        report.problems.append(empty)
        return Reporting(statuses=DEFAULT_STATUSES), empty
    known = {s for syn in REPORTING_COLUMNS.values() for s in syn}
    header = _header_row(sheet, known)
    if header is None:
        report.error(sheet.title, "A1", "找不到表头", "请在表头写“季度”“报送截止日期”“完成情况选项”“事项”“内容”")
        return Reporting(statuses=DEFAULT_STATUSES), None
    header_row, texts = header
    cols = _columns_by_synonyms(texts, REPORTING_COLUMNS)
    quarters: list[Quarter] = []
    statuses: list[str] = []
    items: dict[str, str] = {}
    for row in range(header_row + 1, sheet.max_row + 1):
        if "quarter" in cols and (q_text := sheet.text(row, cols["quarter"])):
            parsed = parse_quarter(q_text)
            deadline = None
            if "deadline" in cols:
                try:
                    deadline = parse_date(sheet.raw(row, cols["deadline"]))
                except NotADate:
                    report.error(sheet.title, ref(row, cols["deadline"]),
                                 f"“{sheet.text(row, cols['deadline'])}”不是有效日期",
                                 "请填写真实存在的日期，如 2021年1月5日")
            if parsed is None:
                report.error(sheet.title, ref(row, cols["quarter"]), f"季度“{q_text}”无法识别",
                             "请写成“2020年第四季度”或“2020Q4”")
            elif any((q.year, q.quarter) == parsed for q in quarters):
                report.error(sheet.title, ref(row, cols["quarter"]), f"季度“{q_text}”重复", "请删除重复的一行")
            else:
                quarters.append(Quarter(*parsed, deadline=deadline))
                if deadline is None and not (_deadline_typed(sheet, row, cols)):
                    where = ref(row, cols["deadline"]) if "deadline" in cols else ref(row, cols["quarter"])
                    report.warning(sheet.title, where, f"{q_text}没有报送截止日期",
                                   "交办函和报表将不写这个季度的截止日期，也不能判断逾期；请填写，如 2021年1月5日",
                                   column="报送截止日期")
        if "status" in cols and (s := sheet.text(row, cols["status"])):
            if s in statuses:
                report.warning(sheet.title, ref(row, cols["status"]), f"完成情况选项“{s}”重复", "请删除重复项")
            else:
                statuses.append(s)
        if "item" in cols and "value" in cols and (label := normalise_header(sheet.text(row, cols["item"]))):
            name = next((k for k, syn in REPORTING_ITEMS.items() if label in syn), None)
            if name is None:
                report.warning(sheet.title, ref(row, cols["item"]), f"未识别的事项“{label}”，已忽略",
                               "可用事项：牵头协调单位、联系人、联系电话、报送方式")
            else:
                items[name] = sheet.text(row, cols["value"])
    reporting = Reporting(tuple(quarters), tuple(statuses) or DEFAULT_STATUSES, **items)
    listed = "quarter" in cols and any(sheet.text(r, cols["quarter"]) for r in range(header_row + 1, sheet.max_row + 1))
    if listed:  # the quarters are there: forms can be made, or their cells' errors say what is wrong
        return reporting, None
    at = ref(header_row + 1, cols["quarter"]) if "quarter" in cols else ref(header_row, 1)
    none = Problem(Severity.WARNING, Location(report.file, sheet.title, at), "没有列出报送季度，不生成季度报表",
                   f"如需季度报表，请{REPORTING_HOWTO}")
    report.problems.append(none)
    return reporting, none
