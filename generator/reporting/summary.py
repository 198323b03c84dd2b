"""The quarter's 汇总表 (.xlsx): every task with the lead and cooperating units' answers side by
side, who reported, the tasks behind schedule, and the figures with a native Excel chart.

No cell is written over Excel's limit (`workbook.xlsx.CELL_LIMIT`): several units' long answers joined
in one cell are cut there with a pointer to the 全文 sheet, which holds the whole text in pieces
of cells side by side, and the cut is a warning naming the cell."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from generator.atomic import save_atomically
from generator.errors import Location, Problem, Severity
from generator.reporting.collect import (
    BEHIND,
    DONE,
    NOT_FILLED,
    NOT_REPORTED,
    Collection,
    Report,
    State,
    TaskStatus,
)
from generator.text.dates import format_date
from generator.workbook.xlsx import (
    CELL_LIMIT,
    FONT,
    LINE_HEIGHT_PT,
    ROW_PADDING_PT,
    CellValue,
    body_cell,
    cell_at,
    clipped,
    excel_length,
    first_sheet,
    fits,
    header_row,
    lines_needed,
    pieces,
    print_setup,
    put,
    sheet_title,
)

SUMMARY_SHEET = "汇总"
SUBMISSION_SHEET = "报送情况"
BEHIND_SHEET = "滞后任务"
FIGURES_SHEET = "统计"
FULL_TEXT_SHEET = "全文"  # the whole of each text too long for its cell
FIRST_ROW = 3  # row 1 the sheet's title, row 2 the header
ROW_CM = 0.53  # a default row (15 pt) in cm: how many rows the chart covers
MAX_ROW_HEIGHT_PT = 409  # Excel's tallest row

# Colours as a clerk reads them at a glance: a task's status (the chart uses the same ones) and a
# unit's submission (keyed by the text its cell shows). Two maps, as a task 未报 (grey) and a unit
# 未报 (red) share their word.
TASK_COLOURS = {DONE: "70AD47", "按序时推进": "5B9BD5", BEHIND: "ED7D31", "尚未启动": "A5A5A5",
                NOT_FILLED: "FFC000", NOT_REPORTED: "D9D9D9"}
SUBMISSION_COLOURS = {State.LATE.value: "FFC000", State.MISSING.value: "FF7C80", State.BLANK.value: "FFC7CE"}


class FullTexts:
    """The texts too long for their cells: each cell gets the beginning of its text and a pointer to
    its row on the 全文 sheet, which holds the whole text; each cut is a warning (`problems`)."""

    def __init__(self, file: str) -> None:
        self.file = file  # the 汇总表's name, as the warnings show it
        self.rows: list[tuple[str, str, str, str, str]] = []  # cell, header, task, units, text
        self.problems: list[Problem] = []

    def fit(self, ws: Worksheet, row: int, col: int, text: str, header: str, about: tuple[str, str]) -> str:
        """The text to write in a cell: `text`, or when Excel cannot hold it, its beginning ending
        with where the rest is. `about`: the row's task (or unit) and the units it holds."""
        if fits(text):
            return text
        self.rows.append((f"{ws.title}!{get_column_letter(col)}{row}", header, *about, text))
        where = FIRST_ROW + len(self.rows) - 1
        pointer = f"……（全文见“{FULL_TEXT_SHEET}”工作表第{where}行）"
        self.problems.append(Problem(
            Severity.WARNING, Location(self.file, ws.title, f"{get_column_letter(col)}{row}", header),
            f"内容有 {excel_length(text)} 个字符，超过 Excel 一个单元格最多能存放的 {CELL_LIMIT} 个，单元格中只保留了"
            f"前面部分，全文在“{FULL_TEXT_SHEET}”工作表第{where}行",
            f"引用或核对时请以“{FULL_TEXT_SHEET}”工作表中的全文为准"))
        return pieces(text, CELL_LIMIT - excel_length(pointer))[0] + pointer

    def write(self, wb: Workbook) -> None:
        """The 全文 sheet, when some text was cut: a row per cut cell, its text in cells side by side."""
        if not self.rows:
            return
        cut = [pieces(text) for *_, text in self.rows]
        parts = max(len(p) for p in cut)
        columns = [("序号", 5), ("原单元格", 14), ("栏目", 14), ("任务", 30), ("涉及单位", 16),
                   *((("全文" if i == 0 else f"全文（续{i}）"), 60) for i in range(parts))]
        rows: list[list[CellValue]] = [[i, cell, header, clipped(task), clipped(units), *p]
                                       for i, ((cell, header, task, units, _), p) in enumerate(zip(self.rows, cut), 1)]
        title = f"超过单元格上限的全文（共{len(rows)}处；一处的全文较长时，依次连接同一行的各“全文”单元格）"
        _table(wb.create_sheet(FULL_TEXT_SHEET), title, columns, rows, centred={1, 2})


def write_summary(collection: Collection, title: str, path: Path) -> list[Problem]:
    """Write the 汇总表 with its four sheets (and 全文, when a text is too long for its cell);
    returns a warning for each cell whose text was cut."""
    wb = Workbook()
    full = FullTexts(Path(path).name)
    _summary(first_sheet(wb), collection, title, full)
    _submissions(wb.create_sheet(SUBMISSION_SHEET), collection, full)
    _behind(wb.create_sheet(BEHIND_SHEET), collection, full)
    _figures(wb.create_sheet(FIGURES_SHEET), collection)
    full.write(wb)
    wb.properties.title = title
    save_atomically(Path(path), wb.save)
    return full.problems


def _table(ws: Worksheet, title: str, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[CellValue]],
           centred: set[int], coloured: tuple[int, dict[str, str]] | None = None,
           full: tuple[FullTexts, Sequence[tuple[str, str]]] | None = None) -> None:
    """A titled sheet: header row 2, body from row 3, frozen header, filter, printable; `coloured`:
    a column whose cells are filled by their value, and the colours; `full`: where texts too long
    for a cell go, and what each row is about (its task, the units it holds). Only 统计 (names and
    numbers) and 全文 (texts already cut to fit) go without."""
    sheet_title(ws, clipped(title), len(columns), 36)
    widths = [w for _, w in columns]
    header_row(ws, 2, [label for label, _ in columns], widths)
    for i, values in enumerate(rows):
        r = FIRST_ROW + i
        if full is not None:
            values = [full[0].fit(ws, r, c, v, columns[c - 1][0], full[1][i]) if isinstance(v, str) else v
                      for c, v in enumerate(values, 1)]
        for c, value in enumerate(values, 1):
            cell = body_cell(ws, r, c, value, centered=c in centred)
            if coloured and c == coloured[0] and isinstance(value, str) and value in coloured[1]:
                cell.fill = PatternFill("solid", fgColor=coloured[1][value])
        lines = max(lines_needed(v, w) if isinstance(v, str) else 1 for v, w in zip(values, widths))
        ws.row_dimensions[r].height = min(lines * LINE_HEIGHT_PT + ROW_PADDING_PT, MAX_ROW_HEIGHT_PT)
    last = get_column_letter(len(columns))
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A2:{last}{max(FIRST_ROW - 1 + len(rows), 2)}"
    print_setup(ws, landscape=True, title_rows="2:2")


def _answer(report: Report | None, unit: str, details: bool = True) -> str:
    """A unit's answer in a cell shared with other units: 【unit】(status) progress, and with
    `details` its problems and next steps on lines of their own."""
    if report is None:
        return f"【{unit}】未报送"
    status = report.status if report.status != NOT_FILLED else "完成情况未填"
    lines = [f"【{unit}】（{status}）{report.progress}"]
    if details:
        lines += [f"{label}：{text}" for label, text in (("存在问题", report.problems), ("下步打算", report.next_steps))
                  if text]
    return "\n".join(lines)


def _lead_field(task: TaskStatus, field: str) -> str:
    reports = [task.report_of(u) for u in task.lead]
    values = [(u, getattr(r, field)) for u, r in zip(task.lead, reports) if r and getattr(r, field)]
    if len(task.lead) == 1:
        return values[0][1] if values else ""
    return "\n".join(f"【{u}】{v}" for u, v in values)


def _lead_progress(t: TaskStatus) -> str:
    if len(t.lead) == 1:  # the status column says it; problems and next steps have columns
        return _lead_field(t, "progress") if t.report_of(t.lead[0]) else "未报送"
    return "\n".join(_answer(t.report_of(u), u, details=False) for u in t.lead)


def _summary(ws: Worksheet, c: Collection, title: str, full: FullTexts) -> None:
    """A row per task: the lead (or responsible) units' answers side by side, then the cooperating
    units'; columns headed in the table's words, no heading column for a flat list, no cooperating
    columns when no unit cooperates."""
    lead, coop = c.lead_header, c.cooperating_header
    # (header, width, centred, the cell of a task), the columns a table does not have left out
    Column = tuple[str, float, bool, Callable[[TaskStatus], CellValue]]
    columns: list[Column] = [
        (c.heading_header, 16, False, lambda t: t.heading),
        (c.measure_header, 40, False, lambda t: t.measure.display),
        (lead, 12, True, lambda t: "、".join(t.lead) or "、".join(t.measure.lead)),
        ("完成情况", 10, True, lambda t: t.status),
        (f"{lead}进展情况", 40, False, _lead_progress),
        ("存在问题", 22, False, lambda t: _lead_field(t, "problems")),
        ("下步打算", 22, False, lambda t: _lead_field(t, "next_steps")),
        *([(coop, 12, True, lambda t: "、".join(t.cooperating)),
           (f"{coop}落实情况", 44, False, lambda t: "\n".join(_answer(t.report_of(u), u) for u in t.cooperating))]
          if coop else []),
    ]
    columns = [col for col in columns if col[0]]
    rows: list[list[CellValue]] = [[i, *(cell(t) for *_, cell in columns)] for i, t in enumerate(c.tasks, 1)]
    status = next(i for i, col in enumerate(columns, 2) if col[0] == "完成情况")  # 序号 is column 1
    about = [(t.measure.display, "、".join((*t.lead, *t.cooperating))) for t in c.tasks]
    ws.title = SUMMARY_SHEET  # before the cells: a cut one names its sheet
    _table(ws, title, [("序号", 5), *((label, width) for label, width, _, _ in columns)], rows,
           centred={1} | {i for i, col in enumerate(columns, 2) if col[2]}, coloured=(status, TASK_COLOURS),
           full=(full, about))


def _submissions(ws: Worksheet, c: Collection, full: FullTexts) -> None:
    deadline = c.quarter.deadline_text
    columns = [("序号", 5), ("单位", 22), ("报送情况", 9), ("填报日期", 14), ("报送截止", 14), ("任务数", 7),
               ("填报人", 10), ("联系电话", 14), ("文件", 36), ("说明", 30)]
    rows: list[list[CellValue]] = []
    for s in c.submissions:
        note = ("报表未填写进展情况和完成情况，按未报计，已催报" if s.state is State.BLANK
                else "填报日期未填，按文件修改时间" if s.date_from_file else "")
        rows.append([s.number, s.unit.name, s.state.value, format_date(s.date) if s.date else "", deadline, s.tasks,
                     s.reporter, s.phone, s.file, note])
    blank = f"，其中报回空表{len(c.blank)}个" if c.blank else ""
    title = (f"{c.quarter.label}报送情况（应报{len(c.submissions)}个，已报{len(c.reported)}个，"
             f"其中逾期{len(c.late)}个，未报{len(c.missing)}个{blank}）")
    _table(ws, title, columns, rows, centred={1, 3, 4, 5, 6}, coloured=(3, SUBMISSION_COLOURS),
           full=(full, [("", s.unit.name) for s in c.submissions]))


def _behind(ws: Worksheet, c: Collection, full: FullTexts) -> None:
    columns = [("序号", 5), (c.heading_header, 16), (c.measure_header, 40), (c.lead_header, 12), ("报告单位", 12),
               ("本单位职责", 7), ("进展情况", 36), ("存在问题", 26), ("下步打算", 26)]
    rows: list[list[CellValue]] = [
        [i, t.heading, t.measure.display, "、".join(t.lead), r.unit, c.headers.role_word(r.role), r.progress,
         r.problems, r.next_steps] for i, (t, r) in enumerate(c.behind_reports(), 1)]
    keep = [j for j in range(len(columns)) if j != 1 or c.heading_header]  # a flat list has no heading column
    _table(ws, f"{c.quarter.label}进度滞后任务（{len(c.behind())}项，按单位报告列出）", [columns[j] for j in keep],
           [[row[j] for j in keep] for row in rows], centred={keep.index(j) + 1 for j in (0, 3, 4, 5)},
           full=(full, [(t.measure.display, r.unit) for t, r in c.behind_reports()]))


def _figures(ws: Worksheet, c: Collection) -> None:
    """Per unit: task counts by the unit's own status, with a stacked bar chart; then the totals."""
    buckets = [*c.statuses, NOT_FILLED]
    columns = [("单位", 22), ("报送情况", 9), ("任务数", 7), *((b, 9) for b in buckets), (NOT_REPORTED, 8),
               ("完成率", 8)]
    rows: list[list[CellValue]] = []
    for s in c.submissions:
        counts = dict(s.counts)
        done = counts.get(DONE, 0)
        rows.append([s.unit.name, s.state.value, s.tasks, *(counts.get(b, 0) for b in buckets),
                     s.tasks if s.state in (State.MISSING, State.BLANK) else 0, done / s.tasks if s.tasks else 0])
    _table(ws, f"{c.quarter.label}各单位任务完成情况统计", columns, rows, centred=set(range(2, len(columns) + 1)),
           coloured=(2, SUBMISSION_COLOURS))
    last = FIRST_ROW + len(rows) - 1
    rate = len(columns)
    for r in range(FIRST_ROW, last + 1):
        cell_at(ws, r, rate).number_format = "0.0%"
    ws.auto_filter.ref = None  # the chart reads these rows: filtering them would empty its bars

    chart = BarChart()
    chart.type = "bar"  # horizontal bars: unit names stay readable
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各单位任务完成情况（按本单位报告）"
    chart.y_axis.title = "任务数"
    chart.x_axis.scaling.orientation = "maxMin"  # first unit on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    first_series, last_series = 4, 4 + len(buckets)  # the status columns and 未报
    data = Reference(ws, min_col=first_series, max_col=last_series, min_row=2, max_row=last)
    chart.add_data(data, titles_from_data=True)
    units = Reference(ws, min_col=1, min_row=FIRST_ROW, max_row=last)
    for series, bucket in zip(chart.series, [*buckets, NOT_REPORTED]):
        series.cat = AxDataSource(strRef=StrRef(f=str(units)))  # text labels (set_categories writes numbers)
        series.graphicalProperties.solidFill = TASK_COLOURS.get(bucket, "4472C4")
        series.graphicalProperties.line.solidFill = TASK_COLOURS.get(bucket, "4472C4")
    chart.legend.position = "b"
    chart.width, chart.height = 24, max(9, 0.7 * len(rows) + 4)
    ws.add_chart(chart, f"A{last + 3}")
    ws.row_breaks.append(Break(id=last + 1))  # printed, the chart gets a page of its own

    # totals beside the chart's top: figures for the bulletin
    counts = c.task_counts()
    total = len(c.tasks)
    figures = [("应报单位", len(c.submissions)), ("已报单位", len(c.reported)), ("其中逾期", len(c.late)),
               ("未报单位", len(c.missing)), ("其中报回空表", len(c.blank)), ("任务总数", total),
               *((f"任务{b}" if b in (NOT_FILLED, NOT_REPORTED) else b, counts[b]) for b in c.buckets),
               ("任务完成率", counts.get(DONE, 0) / total if total else 0)]
    col = len(columns) + 2
    for i, (label, width) in enumerate((("汇总", 12), ("数值", 9))):
        cell = put(cell_at(ws, 2, col + i), label)
        cell.style = cell_at(ws, 2, 1).style
        ws.column_dimensions[get_column_letter(col + i)].width = width
    for r, (label, value) in enumerate(figures, FIRST_ROW):
        body_cell(ws, r, col, label).font = Font(name=FONT, size=11, bold=True)
        cell = body_cell(ws, r, col + 1, value, centered=True)
        if isinstance(value, float):
            cell.number_format = "0.0%"
    chart_rows = math.ceil(chart.height / ROW_CM)
    ws.print_area = f"A1:{get_column_letter(col + 1)}{last + 3 + chart_rows}"
