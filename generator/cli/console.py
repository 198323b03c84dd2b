"""Plain-text reports for the terminal, in the clerk's words (the CLI prints them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator.errors import Problem
from generator.model import Role
from generator.text.characters import display_width
from generator.text.dates import format_date
from generator.workbook.structure import describe
from generator.workbook.units import no_letter_kind

if TYPE_CHECKING:
    from generator.model import TaskTable
    from generator.reporting.collect import Collection
    from generator.versions.changes import Area, Diff
    from generator.versions.matching import Segment
    from generator.workbook.reader import ReadResult


def pad(text: str, width: int) -> str:
    """Left-align text to a display width (Chinese characters count two)."""
    return text + " " * max(0, width - display_width(text))


def _contents(table: TaskTable) -> str:
    """What the table holds, counted: parts, clauses (task clauses), items (numbered, targets), units."""
    counts = []
    parts = [p for p in table.parts if p.is_level]
    clauses = [c for c in table.clauses if c.is_level]
    if parts:
        counts.append(f"{len(parts)} 个部分")
    if clauses:
        counts.append(f"{len(clauses)} 个条款（其中任务条款 {len([c for c in clauses if c.is_task])} 个）")
    counts += [f"{len(table.numbered_measures)} 条编号{_items(table)}", f"{len(table.targets)} 条目标",
               f"{len(table.named_units)} 个单位"]
    return "，".join(counts)


def _items(table: TaskTable) -> str:
    """What the table's items are called: 措施 (市级落实措施 …), else the office's header (工作任务)."""
    header = "".join(table.headers.measure.split())  # one line, whatever breaks the header cell holds
    return "措施" if "措施" in header else header


def _counted(table: TaskTable) -> str:
    """What the brackets of a unit's counts hold: the clauses (or parts) its tasks fall in."""
    if any(c.is_level for c in table.clauses):
        return "，括号内为涉及的条款数"
    return ""


def check_report(source: str, result: ReadResult) -> str:
    """What `taskdoc check` prints: what the table holds, then every problem."""
    lines = [f"任务分解表：{source}"]
    table = result.table
    if table is not None:
        n = table.notice
        lines += [
            f"发文字号：{n.number}",
            f"标　　题：{n.title.replace(chr(10), '')}",
            f"结　　构：{describe(table)}",
            f"内　　容：{_contents(table)}",
            "",
            f"各单位任务（按{_items(table)}条数计{_counted(table)}）：",
        ]
        bracket = bool(_counted(table))
        word = table.headers.role_word
        rows = [(a.unit.name, f"{word(Role.LEAD)} {len(a.lead)}" + (f"（{a.lead_clauses}）" if bracket else ""),
                 f"{word(Role.COOPERATING)} {len(a.cooperating)}" + (f"（{a.cooperating_clauses}）" if bracket else "")
                 if table.has_second_role else "")
                for a in table.assignments() if not a.unit.collective]
        w0 = max((display_width(r[0]) for r in rows), default=0) + 2
        w1 = max((display_width(r[1]) for r in rows), default=0) + 2
        lines += [f"  {pad(name, w0)}{pad(lead, w1)}{coop}".rstrip() for name, lead, coop in rows]
        lines += _no_letter([u.name for u in table.units if u.collective])
    if result.notes:
        lines.append("")
        lines += [f"说明：{note}" for note in result.notes]
    lines.append("")
    lines += _problems("错误", result.errors) + _problems("警告", result.warnings)
    if result.errors:
        lines.append(f"检查未通过：{len(result.errors)} 个错误，{len(result.warnings)} 个警告。"
                     "请改正错误后重新运行 taskdoc check。")
    else:
        lines.append(f"检查通过：0 个错误，{len(result.warnings)} 个警告。")
    return "\n".join(lines)


# What a name without a letter is, as check's summary labels it; the names are joined with ；, since
# a collective may hold 、 itself (各区、县级市).
_NO_LETTER_LABELS = {"collective": "集体名称", "reference": "回指", "note": "说明", "placeholder": "占位"}


def _no_letter(names: list[str]) -> list[str]:
    """The names that get no letter, one line per kind: collectives, back-references, notes, placeholders."""
    kinds: dict[str, list[str]] = {}
    for name in names:
        kinds.setdefault(no_letter_kind(name), []).append(name)
    return [f"  {label}（照录，不单独发函）：{'；'.join(kinds[kind])}"
            for kind, label in _NO_LETTER_LABELS.items() if kind in kinds]


def _problems(title: str, problems: list[Problem]) -> list[str]:
    if not problems:
        return []
    return [f"{title}（{len(problems)} 个）："] + [f"  {i}. {p}" for i, p in enumerate(problems, 1)] + [""]


def collect_report(folder: str, collection: Collection) -> str:
    """What `taskdoc collect` prints: who reported, the tasks' statuses, then every file's problems."""
    from generator.reporting.collect import NOT_FILLED, NOT_REPORTED

    c = collection
    deadline = f"（截止日期 {format_date(c.quarter.deadline)}）" if c.quarter.deadline else ""
    lines = [f"报表文件夹：{folder}", f"汇总季度：{c.quarter.label}{deadline}",
             f"应报 {len(c.submissions)} 个单位，已报 {len(c.reported)} 个（其中逾期 {len(c.late)} 个），"
             f"未报 {len(c.missing)} 个" + (f"（其中报回空表 {len(c.blank)} 个）。" if c.blank else "。")]
    if c.late:
        lines.append(f"  逾期：{'、'.join(f'{s.unit.name}（{_day(s.date)}）' for s in c.late)}")
    if c.missing:
        names = [s.unit.name + ("（报回空表）" if s in c.blank else "") for s in c.missing]
        lines.append(f"  未报：{'、'.join(names)}")
    counts = c.task_counts()
    shown = [f"{s} {counts[s]}" for s in c.statuses]
    shown += [f"{label} {counts[s]}" for s, label in ((NOT_FILLED, "未填完成情况"),
                                                       (NOT_REPORTED, f"{c.lead_header}未报")) if counts[s]]
    lines.append(f"任务 {len(c.tasks)} 项：{'，'.join(shown)}。")
    behind = c.behind()
    if behind:
        lines.append("进度滞后的任务：")
        word = c.headers.role_word(Role.LEAD)
        lines += [f"  {t.clause.label}{t.measure.display[:40]}（{word}：{'、'.join(t.lead)}）" for t in behind]
    lines.append("")
    errors = [p for p in c.problems if p.is_error]
    warnings = [p for p in c.problems if not p.is_error]
    lines += _file_problems("未汇总的文件", errors) + _file_problems("需要核对的问题", warnings)
    if not c.problems:
        lines.append("各报表均未发现问题。")
    return "\n".join(lines)


# A finding that more returned files than this share word for word (1,000 copies of one form, a
# folder of broken files) is printed once, naming this many of its files and how many there are.
MAX_FILES_SHOWN = 5


def _file_problems(title: str, problems: list[Problem]) -> list[str]:
    """`collect`'s problems, numbered; the same finding in many files printed once (see MAX_FILES_SHOWN)."""
    if not problems:
        return []

    def key(p: Problem) -> tuple[str, str, str, str, str, str]:
        return p.severity.value, p.message, p.fix, p.location.sheet, p.location.cell, p.location.column

    groups: dict[tuple[str, str, str, str, str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault(key(p), []).append(p)
    shown: list[str] = []
    for p in problems:
        group = groups[key(p)]
        files = list(dict.fromkeys(q.location.file for q in group))
        if len(files) <= MAX_FILES_SHOWN:
            shown.append(str(p))
        elif group[0] is p:  # in the place of the first of them
            named = f"{'、'.join(files[:MAX_FILES_SHOWN])}等 {len(files)} 个文件"
            shown.append(str(dataclasses.replace(p, location=dataclasses.replace(p.location, file=named))))
    return [f"{title}（{len(problems)} 个）："] + [f"  {i}. {line}" for i, line in enumerate(shown, 1)] + [""]


def _day(date: dt.date | None) -> str:
    """A date as documents write it; empty when there is none."""
    return format_date(date) if date else ""


def marked(segments: Sequence[Segment]) -> str:
    """A wording change as terminal text: deletions as [-…-], insertions as {+…+}."""
    return "".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in segments)


def diff_report(diff: Diff) -> str:
    """What `taskdoc diff` prints of a diff: the changes under their areas, wording changes marked
    [-删除-]{+新增+}, then the units whose letters change."""
    lines: list[str] = []
    area: Area | None = None
    for c in diff.changes:
        if c.area != area:
            area = c.area
            lines.append(area)
        if c.segments:
            text = marked(c.segments)
        elif c.old and c.new:
            text = f"{c.old} → {c.new}"
        else:
            text = c.new or c.old
        body = text.replace("\n", "\n    ")
        lines.append(f"  {c.where} {c.note}：{body}")
    if diff.units:
        lines.append("")
    if diff.resend:
        lines.append(f"任务有变化、需重新发送交办函的单位（{len(diff.resend)}个）：")
        lines += [f"  {u.unit}：{'；'.join(u.items)}" for u in diff.resend]
    if diff.dropped:
        lines.append(f"不再承担任务的单位（{len(diff.dropped)}个，不再发函）：")
        lines += [f"  {u.unit}：{'；'.join(u.items)}" for u in diff.units if u.unit in diff.dropped]
    if diff.changed:
        lines.append(f"任务未变的单位（{len(diff.unchanged)}个）：{'、'.join(diff.unchanged) or '无'}")
    return "\n".join(lines)
