"""Plain-text reports for the terminal, in the clerk's words (the CLI prints them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem
from .text import display_width

if TYPE_CHECKING:
    from .reader import ReadResult


def pad(text: str, width: int) -> str:
    """Left-align text to a display width (Chinese characters count two)."""
    return text + " " * max(0, width - display_width(text))


def check_report(source: str, result: ReadResult) -> str:
    """What `taskdoc check` prints: what the table holds, then every problem."""
    lines = [f"任务分解表：{source}"]
    table = result.table
    if table is not None:
        n = table.notice
        lines += [
            f"发文字号：{n.number}",
            f"标　　题：{n.title.replace(chr(10), '')}",
            f"内　　容：{len(table.parts)} 个部分，{len(table.clauses)} 个条款（其中任务条款 "
            f"{len(table.task_clauses)} 个），{len(table.numbered_measures)} 条编号措施，"
            f"{len(table.targets)} 条目标，{len(table.named_units)} 个单位",
            "",
            "各单位任务（按措施条数计，括号内为涉及的条款数）：",
        ]
        rows = [(a.unit.name, f"牵头 {len(a.lead)}（{a.lead_clauses}）",
                 f"配合 {len(a.cooperating)}（{a.cooperating_clauses}）") for a in table.assignments()
                if not a.unit.collective]
        w0 = max((display_width(r[0]) for r in rows), default=0) + 2
        w1 = max((display_width(r[1]) for r in rows), default=0) + 2
        lines += [f"  {pad(name, w0)}{pad(lead, w1)}{coop}" for name, lead, coop in rows]
        collective = [u.name for u in table.units if u.collective]
        if collective:
            lines.append(f"  集体名称（照录，不单独发函）：{'、'.join(collective)}")
    lines.append("")
    lines += _problems("错误", result.errors) + _problems("警告", result.warnings)
    if result.errors:
        lines.append(f"检查未通过：{len(result.errors)} 个错误，{len(result.warnings)} 个警告。"
                     "请改正错误后重新运行 taskdoc check。")
    else:
        lines.append(f"检查通过：0 个错误，{len(result.warnings)} 个警告。")
    return "\n".join(lines)


def _problems(title: str, problems: list[Problem]) -> list[str]:
    if not problems:
        return []
    return [f"{title}（{len(problems)} 个）："] + [f"  {i}. {p}" for i, p in enumerate(problems, 1)] + [""]
