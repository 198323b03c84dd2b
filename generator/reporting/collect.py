"""The quarter's picture from the returned forms: who reported (on time or late) and who did not,
each unit's answer on each task, the tasks' statuses and the tasks behind schedule.

Pure code over the model and the forms read by `returns.py`: no files, no openpyxl (the forms
come as plain values, their cells as references; `returns` is imported for its types only). Every
finding about a form becomes a Problem naming the file and the cell.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generator.errors import Location, Problem, Severity
from generator.model import Clause, Headers, Measure, Part, Quarter, Role, Task, TaskTable, Unit, UnitTasks
from generator.snapshot import table_hash
from generator.text.dates import NotADate, format_date, parse_date

if TYPE_CHECKING:
    from generator.reporting.returns import ReturnedForm, ReturnedRow


class State(enum.Enum):
    """Where a unit stands for the quarter, as the 汇总表 writes it."""

    REPORTED = "已报"
    LATE = "逾期"
    MISSING = "未报"
    # the form came back with nothing filled in (the blank form that was sent out): not reported,
    # and reminded like a unit whose form did not come back
    BLANK = "报回空表"


# A task's status when no vocabulary word applies.
NOT_FILLED = "未填"  # the form came back without a (valid) status for it
NOT_REPORTED = "未报"  # no form came back from the unit(s) answering for it
DONE = "已完成"
BEHIND = "进度滞后"

# Obvious variants of the default vocabulary, after spaces are removed and full-width letters
# folded (NFKC). Only a variant whose target is in the workbook's vocabulary is accepted.
STATUS_VARIANTS = {
    "完成": "已完成", "已经完成": "已完成", "全部完成": "已完成", "已全部完成": "已完成",
    "滞后": "进度滞后", "进展滞后": "进度滞后", "推进滞后": "进度滞后", "进度落后": "进度滞后",
    "未启动": "尚未启动", "未开始": "尚未启动", "尚未开始": "尚未启动", "没有启动": "尚未启动",
    "正常推进": "按序时推进", "按时序推进": "按序时推进", "按序推进": "按序时推进", "序时推进": "按序时推进",
    "按计划推进": "按序时推进", "按进度推进": "按序时推进", "按序时进度推进": "按序时推进",
}


MAX_CELLS_LISTED = 10  # a finding repeated on many rows lists this many cells, then 等
MAX_FILES_LISTED = 5  # a unit's several forms: the message lists this many files, then 等 N 份
AnswerField = Literal["status", "progress"]  # the answers whose absence is reported row by row
FIELD_LABELS: dict[AnswerField, str] = {"status": "完成情况", "progress": "本季度进展情况"}


def normalise_status(text: str, vocabulary: tuple[str, ...]) -> str | None:
    """The vocabulary word a typed status means, or None when it means none."""
    cleaned = re.sub(r"[\s。.！!]+", "", unicodedata.normalize("NFKC", text))
    if cleaned in vocabulary:
        return cleaned
    target = STATUS_VARIANTS.get(cleaned)
    return target if target in vocabulary else None


@dataclass(frozen=True)
class Report:
    """One unit's answer on one task."""

    unit: str
    role: Role
    status: str  # a vocabulary word or NOT_FILLED
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class TaskStatus:
    """A task (measure) of the table with every due unit's answer on it."""

    part: Part
    clause: Clause
    measure: Measure
    key: str
    lead: tuple[str, ...]  # named units due to report, as in the table
    cooperating: tuple[str, ...]
    reports: tuple[Report, ...]  # the answers received, lead units first
    status: str  # the lead units' status (see _tasks when they differ), NOT_FILLED or NOT_REPORTED

    def report_of(self, unit: str) -> Report | None:
        return next((r for r in self.reports if r.unit == unit), None)

    @property
    def heading(self) -> str:
        """The headings printed beside the task, as in the letters and forms (Task.heading)."""
        return Task(self.part, self.clause, self.measure, Role.LEAD, self.key).heading


@dataclass(frozen=True)
class Submission:
    """A due unit's return for the quarter, or its absence."""

    unit: Unit
    number: int  # the unit's number in the file names of forms and letters
    state: State
    tasks: int
    file: str = ""
    date: dt.date | None = None  # 填报日期, or the file's date when it was empty (a blank form: only one typed)
    date_from_file: bool = False
    reporter: str = ""
    phone: str = ""
    counts: tuple[tuple[str, int], ...] = ()  # the unit's own statuses over its tasks


@dataclass
class Collection:
    """The quarter's picture; `problems` lists every finding about the files."""

    quarter: Quarter
    statuses: tuple[str, ...]
    submissions: list[Submission]
    tasks: list[TaskStatus]
    problems: list[Problem] = field(default_factory=list)
    # the table's words for what the documents print: its headers (role_word, the unit columns'),
    # its heading column's header ("" when it has no headings) and its second role's, if any
    headers: Headers = Headers()
    heading_header: str = "条款"
    cooperating_header: str = "配合单位"  # "" when no unit cooperates: no column for them

    @property
    def measure_header(self) -> str:
        """The items' column as the office heads it (市级落实措施, 工作任务 …)."""
        return "".join(self.headers.measure.split()) or "落实措施"

    @property
    def lead_header(self) -> str:
        """The lead (or responsible) units as the office heads their column: 牵头单位, 责任单位 …; 牵头单位
        where a 责任单位 column's first unit leads (责任单位分工 首个单位牵头)."""
        return "牵头单位" if self.headers.first_leads else self.headers.lead or "牵头单位"

    def _units(self, *states: State) -> list[Submission]:
        return [s for s in self.submissions if s.state in states]

    @property
    def reported(self) -> list[Submission]:
        """Every unit whose form came back, late or not."""
        return self._units(State.REPORTED, State.LATE)

    @property
    def late(self) -> list[Submission]:
        return self._units(State.LATE)

    @property
    def missing(self) -> list[Submission]:
        """Every unit not counted as reported, and so reminded: no form came back, or a blank one."""
        return self._units(State.MISSING, State.BLANK)

    @property
    def blank(self) -> list[Submission]:
        """The units among `missing` whose form came back with nothing filled in."""
        return self._units(State.BLANK)

    @property
    def buckets(self) -> tuple[str, ...]:
        """Every status a task or unit count can have: the vocabulary, then not filled, not reported."""
        return (*self.statuses, NOT_FILLED, NOT_REPORTED)

    def task_counts(self) -> dict[str, int]:
        counts = Counter(t.status for t in self.tasks)
        return {s: counts.get(s, 0) for s in self.buckets}

    def behind(self) -> list[TaskStatus]:
        """Tasks whose lead units report them behind schedule."""
        return [t for t in self.tasks if t.status == BEHIND]

    def behind_reports(self) -> list[tuple[TaskStatus, Report]]:
        """Every (task, answer) where a unit, leading or cooperating, reports the task behind."""
        return [(t, r) for t in self.tasks for r in t.reports if r.status == BEHIND]


def collect(table: TaskTable, quarter: Quarter, forms: list[ReturnedForm], due: Sequence[UnitTasks],
            problems: Sequence[Problem] = ()) -> Collection:
    """Merge the forms read for `quarter` into its picture; `due`: the units that were sent forms, in
    official order."""
    found = list(problems)
    current = table_hash(table)
    accepted: dict[str, list[tuple[ReturnedForm, dt.date, bool]]] = {}
    due_names = {t.unit.name for t in due}
    for form in forms:
        unit = _unit_of(table, form, quarter, due_names, found)
        if unit is None:
            continue
        day, from_file = _date_of(form, found)
        accepted.setdefault(unit, []).append((form, day, from_file))

    answers: dict[str, dict[str, Report]] = {}  # unit -> measure key -> report
    submissions: list[Submission] = []
    statuses = table.reporting.statuses
    for tasks in due:
        name, number = tasks.unit.name, table.file_number(tasks.unit.name)
        returned = _one_per_unit(accepted.get(name, []), found)
        if returned is None:
            submissions.append(Submission(tasks.unit, number, State.MISSING, len(tasks.tasks)))
            continue
        form, day, from_file = returned
        if is_blank(form):  # counted as not reported: its answers (none) are not summarised
            found.append(_problem(form, "报表中没有填写任何进展情况和完成情况（像是下发的空白报表），"
                                        f"{name}计为未报（报回空表），并为其生成催报通知",
                                  "请该单位填写后重新报送"))
            submissions.append(Submission(tasks.unit, number, State.BLANK, len(tasks.tasks), form.file,
                                          None if from_file else day, reporter=form.reporter, phone=form.phone))
            continue
        late = quarter.deadline is not None and day > quarter.deadline
        _date_note(form, day, from_file, late, quarter, found)
        if form.identity and form.identity.table_hash != current:
            found.append(_problem(form, "报表是按旧版任务分解表生成的（下发后任务分解表有修改），"
                                        "已按任务内容逐条对应汇总",
                                  "对应不上的任务会在下面列出；必要时请该单位用新报表重新填报"))
        answers[name] = _answers(form, tasks, statuses, found)
        keys = [t.key for t in tasks.tasks]
        counts = Counter(answers[name][key].status if key in answers[name] else NOT_FILLED for key in keys)
        submissions.append(Submission(
            tasks.unit, number, State.LATE if late else State.REPORTED, len(tasks.tasks), form.file, day, from_file,
            form.reporter, form.phone, tuple((s, counts.get(s, 0)) for s in (*statuses, NOT_FILLED))))
    collected = _tasks(table, due_names, answers, statuses)
    found += _conflicts(collected, table)
    return Collection(quarter, statuses, submissions, collected, found,
                      headers=table.headers, heading_header=table.heading_header,
                      cooperating_header=table.cooperating_header if table.has_second_role else "")


def _conflicts(tasks: list[TaskStatus], table: TaskTable) -> list[Problem]:
    """Tasks whose lead units report different statuses: the 汇总表 shows each unit's answer side by
    side and counts the least advanced; each such task is listed so the clerk can settle it."""
    word = "牵头单位" if table.headers.first_leads else table.headers.lead or "牵头单位"
    out: list[Problem] = []
    for t in tasks:
        stated = {u: r.status for u in t.lead if (r := t.report_of(u)) is not None and r.status != NOT_FILLED}
        if len(set(stated.values())) > 1:
            listed = "、".join(f"{u}“{s}”" for u, s in stated.items())
            out.append(Problem(Severity.WARNING, Location("汇总表"),
                               f"任务“{_short(t.measure.display)}”的各{word}报告的完成情况不同：{listed}；"
                               f"汇总表按“{t.status}”计，各单位的报告并列在汇总表中", "请与这些单位核实后统一口径"))
    return out


def usual_quarter(forms: Sequence[ReturnedForm]) -> str | None:
    """The quarter most forms name (2020Q4), to collect when none is asked for."""
    named = Counter(Quarter(*f.quarter).key if f.quarter else None for f in forms)
    named.pop(None, None)
    return named.most_common(1)[0][0] if named else None


def _problem(form: ReturnedForm, message: str, fix: str = "", *, cell: str = "", column: str = "",
             severity: Severity = Severity.WARNING) -> Problem:
    """A finding about a returned form; `cell` on its form sheet."""
    return Problem(severity, Location(form.file, form.cells.sheet if cell else "", cell, column), message, fix)


# -- which unit and quarter a form is ------------------------------------------------------------

def _match_unit(table: TaskTable, name: str) -> Unit | None:
    name = name.strip()
    return next((u for u in table.units if name and name in (u.name, u.full_name, *u.aliases)), None)


def _unit_of(table: TaskTable, form: ReturnedForm, quarter: Quarter, due: set[str],
             found: list[Problem]) -> str | None:
    """The unit a form belongs to, or None (with the reason) when it cannot be collected."""
    refused = Severity.ERROR
    named = Quarter(*form.quarter) if form.quarter else None
    shown = form.identity.unit if form.identity else form.header_unit
    unit = _match_unit(table, shown)
    if not form.identity and unit and named:
        found.append(_problem(form, f"报表中没有身份信息（可能复制到了新工作簿），已按表头认作{unit.name}"
                              f"{named.label}的报表", "请核对；以后请直接填写下发的报表文件",
                              cell=form.cells.head["unit"], column="填报单位"))
    if unit is None or unit.name not in due:
        found.append(_problem(form, f"填报单位“{shown or '（空）'}”不是本任务分解表中承担任务的单位，未汇总",
                              "请核对是否为本任务分解表的报表；单位改名的，请在任务分解表“单位”工作表的别名中加上此名称",
                              cell=form.cells.head["unit"], column="填报单位", severity=refused))
        return None
    header = _match_unit(table, form.header_unit) if form.identity and form.header_unit else None
    if form.identity and form.header_unit and (header is None or header.name != unit.name):
        found.append(_problem(form, f"表头的填报单位写的是“{form.header_unit}”，而这份报表是发给{unit.name}的，"
                              f"已按{unit.name}汇总", f"请与{unit.name}核实：如是别的单位借用了这份报表，"
                              "请让该单位填写发给它自己的报表", cell=form.cells.head["unit"], column="填报单位"))
    if named is None or (named.year, named.quarter) != (quarter.year, quarter.quarter):
        label = named.label if named else "哪个季度无法确定"
        found.append(_problem(form, f"这是{label}的报表，不是{quarter.label}的，未汇总",
                              f"请让{unit.name}报送{quarter.label}的报表", cell="A1", severity=refused))
        return None
    return unit.name


# -- dates and duplicates ------------------------------------------------------------------------

def _date_of(form: ReturnedForm, found: list[Problem]) -> tuple[dt.date, bool]:
    """填报日期, or the file's modification date (True) when it is empty or no date."""
    try:
        day = parse_date(form.date)
    except NotADate:
        found.append(_problem(form, f"填报日期“{form.date}”无法识别，按文件修改时间计",
                              "请填写如“2021年1月4日”的日期", cell=form.cells.head["date"], column="填报日期"))
        day = None
    return (day, False) if day else (form.modified.date(), True)


def is_blank(form: ReturnedForm) -> bool:
    """Nothing filled in: every row's 本季度进展情况 and 完成情况 empty (the form as it was sent out)."""
    return not any(r.progress or r.status for r in form.rows)


def _one_per_unit(returned: list[tuple[ReturnedForm, dt.date, bool]],
                  found: list[Problem]) -> tuple[ReturnedForm, dt.date, bool] | None:
    """The form to use when a unit sent several: a filled one before a blank one, then the latest
    填报日期 (then the latest file)."""
    if len(returned) < 2:
        return returned[0] if returned else None
    ordered = sorted(returned, key=lambda r: (not is_blank(r[0]), r[1], r[0].modified))
    chosen = ordered[-1]
    mixed = len({is_blank(f) for f, _, _ in ordered}) > 1
    candidates = [r for r in ordered if is_blank(r[0]) == is_blank(chosen[0])]
    tie = sum(1 for r in candidates if r[1] == chosen[1]) > 1  # the same 填报日期: the file saved last
    rule = ("空表不计，" if mixed else "") + ("填报日期相同，按文件保存时间较晚者" if tie else
                                          "按填好的报表中填报日期较晚者" if mixed else "按填报日期较晚者")
    # Listed once for all the unit's files, and at most MAX_FILES_LISTED of them: 1,000 copies of one
    # form must not print each of the 1,000 names in each of the 1,000 messages.
    names = "、".join(f"{f.file}（{format_date(d)}）" for f, d, _ in ordered[:MAX_FILES_LISTED])
    names += f"等 {len(ordered)} 份" if len(ordered) > MAX_FILES_LISTED else ""
    for form, _, _ in ordered:
        used = "采用本文件" if form is chosen[0] else f"采用 {chosen[0].file}，本文件未汇总"
        found.append(_problem(form, f"同一单位报来 {len(ordered)} 份报表：{names}；{rule}{used}",
                              "如采用有误，请把不用的文件移出文件夹后重新汇总"))
    return chosen


def _date_note(form: ReturnedForm, day: dt.date, from_file: bool, late: bool, quarter: Quarter,
               found: list[Problem]) -> None:
    deadline = quarter.deadline_text
    cell = form.cells.head["date"]
    if from_file:
        verdict = f"，晚于截止日期{deadline}，计为逾期" if late else ""
        found.append(_problem(form, f"填报日期未填写，按文件修改时间（{format_date(day)}）计{verdict}",
                              "请该单位补填填报日期", cell=cell, column="填报日期"))
    elif late:
        found.append(_problem(form, f"逾期报送：填报日期{format_date(day)}晚于截止日期{deadline}",
                              cell=cell, column="填报日期"))


# -- the answers on one form ---------------------------------------------------------------------

def _answers(form: ReturnedForm, tasks: UnitTasks, statuses: tuple[str, ...],
             found: list[Problem]) -> dict[str, Report]:
    """measure key -> the unit's answer, each row matched to the unit's current tasks."""
    by_key = {t.key: t for t in tasks.tasks}
    by_text = {t.measure.display: (t.key, t) for t in tasks.tasks}
    answers: dict[str, Report] = {}
    # the same finding on many rows (a unit typing 完成 throughout) is one message listing the cells
    repeated: dict[tuple[AnswerField, str, str], list[int]] = {}
    for row in form.rows:
        matched = _match_row(row, by_key, by_text)
        cell = form.cells.task("measure", row.row)
        if matched is None:
            found.append(_problem(form, f"第{row.row}行的任务“{_short(row.original or row.measure)}”"
                                  "在当前任务分解表中找不到，未汇总", "任务分解表修订后该任务已删除或改写；请核对",
                                  cell=cell, column=form.cells.measure_header))
            continue
        key, task = matched
        if key in answers:  # a row copied, or a moved row's place taken twice: the first answer counts
            found.append(_problem(form, f"第{row.row}行与前面的一行是同一项任务“{_short(task.measure.display)}”，"
                                  "只汇总前面那一行", "请该单位删去重复的行后重新报送", cell=cell,
                                  column=form.cells.measure_header))
            continue
        if row.original and row.measure != row.original and row.measure != task.measure.display:
            found.append(_problem(form, f"任务内容被改动：{_edit(row.original, row.measure)}；已按原任务汇总",
                                  "任务内容以任务分解表为准，请勿改动；如需调整任务请另行报告",
                                  cell=cell, column=form.cells.measure_header))
        status, finding = _status(row.status, statuses)
        if finding:
            repeated.setdefault(("status", *finding), []).append(row.row)
        if not row.progress:
            repeated.setdefault(("progress", "本季度进展情况未填写", "请该单位补充"), []).append(row.row)
        answers[key] = Report(tasks.unit.name, task.role, status, row.progress, row.problems, row.next_steps,
                              row.remarks)
    for (column, message, fix), rows in repeated.items():
        cells = [form.cells.task(column, r) for r in rows]
        listed = "、".join(cells[:MAX_CELLS_LISTED]) + ("等" if len(cells) > MAX_CELLS_LISTED else "")
        found.append(_problem(form, message + (f"（共{len(cells)}处：{listed}）" if len(cells) > 1 else ""), fix,
                              cell=cells[0], column=FIELD_LABELS[column]))
    absent = [t for t in tasks.tasks if t.key not in answers]
    if absent:
        listed = "；".join(f"{t.clause.label}{_short(t.measure.display)}" for t in absent)
        found.append(_problem(form, f"报表缺少 {len(absent)} 项任务（任务分解表修订后新增或改写）："
                                    f"{listed}，按未填汇总", "请该单位用新报表补报这些任务"))
    return answers


def _match_row(row: ReturnedRow, by_key: dict[str, Task],
               by_text: dict[str, tuple[str, Task]]) -> tuple[str, Task] | None:
    """The task a row answers. The row's own text decides when it names another task than the form's
    row map says (a unit that lifted the protection and inserted, deleted or moved rows): the answers
    stand beside the text they were written for. Else by its key when the text as issued agrees,
    else by the text as issued (a task reworded in a later version), else by the text shown."""
    if row.original and row.measure != row.original and row.measure in by_text:
        return by_text[row.measure]
    text = row.original or row.measure
    task = by_key.get(row.key)
    if task is not None and task.measure.display == text:
        return row.key, task
    return by_text.get(text) or by_text.get(row.measure)


def _status(typed: str, statuses: tuple[str, ...]) -> tuple[str, tuple[str, str] | None]:
    """The status a typed value counts as, and what to tell about it (message, fix) if anything."""
    choices = "、".join(statuses)
    if not typed:
        return NOT_FILLED, ("完成情况未填写，按未填汇总", f"请从下拉列表中选择：{choices}")
    status = normalise_status(typed, statuses)
    if status is None:
        return NOT_FILLED, (f"完成情况“{typed}”不是可选值，按未填汇总", f"只能填写：{choices}")
    if status != typed:
        return status, (f"完成情况“{typed}”不是可选值，已按“{status}”汇总", f"请从下拉列表中选择：{choices}")
    return status, None


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _edit(old: str, new: str, context: int = 6) -> str:
    """The changed part of a text with a little context: 原为“…X…”，现为“…Y…”."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    lo = max(start - context, 0)

    def piece(text: str) -> str:
        hi = len(text) - max(end - context, 0)
        return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")

    return f"原为“{piece(old)}”，现为“{piece(new)}”"


# -- the tasks -----------------------------------------------------------------------------------

def _tasks(table: TaskTable, due: set[str], answers: dict[str, dict[str, Report]],
           statuses: tuple[str, ...]) -> list[TaskStatus]:
    result: list[TaskStatus] = []
    # When lead units differ, the task takes the least advanced status, 进度滞后 counting as the
    # least advanced of all: one lead unit reporting a delay puts the task on the list of delays.
    order = [s for s in statuses if s != BEHIND] + [s for s in statuses if s == BEHIND]
    rank = {s: i for i, s in enumerate(order)}
    for part, clause, measure in table.measures():
        lead = tuple(u for u in measure.lead if u in due)
        cooperating = tuple(u for u in measure.cooperating if u in due)
        if not (lead or cooperating):
            continue
        key = table.measure_key(part, clause, measure)
        reports = tuple(answers[u][key] for u in (*lead, *cooperating) if key in answers.get(u, {}))
        # the lead units answer for a task; without a named lead unit, whoever reported
        answering = [r.status for r in reports if r.unit in lead] if lead else [r.status for r in reports]
        filled = [s for s in answering if s != NOT_FILLED]
        status = max(filled, key=lambda s: rank[s]) if filled else NOT_FILLED if answering else NOT_REPORTED
        result.append(TaskStatus(part, clause, measure, key, lead, cooperating, reports, status))
    return result


# -- a folder that is not the returned forms -----------------------------------------------------

def nothing_to_collect(c: Collection, forms: Sequence[ReturnedForm], files: int) -> tuple[str, str] | None:
    """Why the folder collected into `c` holds nothing to summarise, as (message, fix), or None.

    A folder with no file, no form among its `files`, no form of the quarter from a due unit, or
    only forms with nothing filled in (every row's 本季度进展情况 and 完成情况 empty: the blank forms
    that were sent out, `State.BLANK`) would give a summary of "已报 0" and 催报 letters to units that
    may have reported: it is refused instead, and nothing is written. Blank forms are not in
    `c.reported`, so they are told apart from forms that could not be collected first."""
    fix = f"请确认指定的是存放各单位报回的{c.quarter.label}报表的文件夹；原有的汇总表、情况通报和催报通知未作任何改动"
    if files == 0:
        return "文件夹是空的，没有找到任何报表", fix
    if not forms:
        return f"文件夹中的 {files} 个文件都不是报表（.xlsx），没有可以汇总的内容", fix
    if c.reported:
        return None
    if c.blank:
        return (f"文件夹中的 {len(c.blank)} 份报表都没有填写（本季度进展情况和完成情况全部为空），像是下发的空白报表",
                fix + "；请换成各单位填好后报回的报表")
    return (f"文件夹中的 {len(forms)} 份报表都不能汇总（不是{c.quarter.label}的，或不是本任务分解表中单位的报表）",
            fix + "；请核对报表的季度和填报单位，或用 --quarter 指定要汇总的季度")
