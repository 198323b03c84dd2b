"""Pure typesetting decisions: where a long title breaks, how wide a line of text is."""

from __future__ import annotations

import itertools
import math
import unicodedata
from functools import lru_cache

# Characters that may not start a line (closing marks) or end one (opening marks): 行首行尾禁则.
NO_LINE_START = set("》〉）)」』】〕，。、；：？！”’…—")
NO_LINE_END = set("《〈（(「『【〔“‘")
OPENERS, CLOSERS = "《〈（(「『【〔", "》〉）)」』】〕"

# Good places to break a title: (text before the break ends with, text after starts with) -> cost.
GOOD_AFTER = {"关于": 0, "》": 0, "，": 0, "、": 0, "的": 2, "和": 2, "与": 2, "及": 2, "政府": 1,
              "办公室": 1, "办公厅": 1, "委员会": 1, "省": 2, "市": 3}
GOOD_BEFORE = {"印发": 0, "转发": 0, "批转": 0, "《": 0, "的通知": 0, "的意见": 0, "的通报": 0,
               "的批复": 0, "的决定": 0, "的报告": 0, "的函": 0, "贯彻落实": 1, "关于": 1, "任务": 2}
ANYWHERE = 6  # cost of a break between two characters of a word we know nothing about
# Words of policy titles that must not be torn apart; a break at their edges is cheap.
WORDS = ("科技创新", "综合实力", "若干措施", "任务分解表", "实施方案", "工作方案", "实施意见", "人民政府",
         "办公室", "办公厅", "贯彻落实", "高质量发展", "营商环境", "重点任务", "分工方案", "电视电话会议",
         "创新驱动", "乡村振兴", "生态环境", "体制机制", "经济社会", "放管服", "改革", "工作")
# A number stays with its ordinal prefix and its unit: never 第 | 4, 2020 | 年 or 第四 | 季度.
NO_BREAK_AFTER_DIGIT = set("年月日号季期批项条个")
INSIDE_WORD = 8
WORD_EDGE = 2
INSIDE_BRACKETS = 2  # extra cost per level of 《…〈…〉…》 a break falls in


def char_units(ch: str) -> float:
    """Width of a character in 字: Chinese one, Latin letters and digits one half."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5


# Word, WPS and LibreOffice put a quarter of a 字 between Chinese and Latin letters or digits
# (autoSpaceDE/autoSpaceDN, on by default): "2020年" is wider than its characters.
MIXED_SCRIPT_GAP = 0.25


def _gap(before: str, ch: str) -> float:
    wide = unicodedata.east_asian_width(before) in "WF", unicodedata.east_asian_width(ch) in "WF"
    latin = before.isascii() and before.isalnum(), ch.isascii() and ch.isalnum()
    return MIXED_SCRIPT_GAP if (wide[0] and latin[1]) or (latin[0] and wide[1]) else 0.0


@lru_cache(maxsize=8192)  # table cells repeat (a unit list, a measure in several letters)
def text_units(text: str) -> float:
    """Width of a text in 字, with the gaps between Chinese and Latin text."""
    return sum(char_units(c) for c in text) + sum(_gap(a, b) for a, b in zip(text, text[1:]))


def _break_cost(text: str, i: int, depth: int) -> float | None:
    """Cost of breaking before text[i]; None where a break is not allowed."""
    before, after = text[:i], text[i:]
    if after[0] in NO_LINE_START or before[-1] in NO_LINE_END:
        return None
    if before[-1].isascii() and after[0].isascii() and before[-1].isalnum() and after[0].isalnum():
        return None  # never inside a number or a Latin word
    if before[-1] == "第" or after.startswith("季度") or (before[-1].isdigit() and after[0] in NO_BREAK_AFTER_DIGIT):
        return None
    cost = min([c for k, c in GOOD_AFTER.items() if before.endswith(k)] +
               [c for k, c in GOOD_BEFORE.items() if after.startswith(k)] +
               [WORD_EDGE for w in WORDS if before.endswith(w) or after.startswith(w)] + [ANYWHERE])
    if any(w in text[max(0, i - len(w) + 1):i + len(w) - 1] for w in WORDS):
        cost += INSIDE_WORD  # the break would tear a known word apart
    return cost + INSIDE_BRACKETS * depth


def _shape_cost(lengths: list[float]) -> float | None:
    """梯形 or 菱形 are good; a rectangle is poor; an hourglass (a short middle line) is not allowed."""
    if len(lengths) == 1:
        return 0.0
    for a, b, c in zip(lengths, lengths[1:], lengths[2:]):
        if b < a - 0.5 and b < c - 0.5:
            return None  # hourglass
    spread = max(lengths) - min(lengths)
    rectangle = 4.0 if spread < 1 else 0.0
    return rectangle + 0.5 * spread


@lru_cache(maxsize=256)
def break_title(title: str, max_units: float) -> tuple[str, ...]:
    """The title's lines: the clerk's own breaks (\\n) kept, long lines split into a good shape."""
    if "\n" in title:
        return tuple(line for line in title.split("\n") if line)
    n = len(title)
    if text_units(title) <= max_units:
        return (title,)
    depth, costs = 0, {}
    for i in range(1, n):
        ch = title[i - 1]
        depth += ch in OPENERS
        depth -= ch in CLOSERS and depth > 0
        cost = _break_cost(title, i, depth)
        if cost is not None:
            costs[i] = cost
    prefix = [0.0]
    for i, ch in enumerate(title):
        prefix.append(prefix[-1] + char_units(ch) + (_gap(title[i - 1], ch) if i else 0.0))
    lines_min = math.ceil(prefix[-1] / max_units)
    best: tuple[float, tuple[int, ...]] | None = None
    for k in range(lines_min, lines_min + 2):
        for cut in itertools.combinations(sorted(costs), k - 1):
            bounds = (0, *cut, n)
            lengths = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
            if max(lengths) > max_units:
                continue
            shape = _shape_cost(lengths)
            if shape is None:
                continue
            score = sum(costs[c] for c in cut) + shape + 6 * (k - lines_min)
            if best is None or score < best[0]:
                best = (score, bounds)
        if best is not None and k > lines_min:
            break
    if best is None:  # nothing fits the rules: cut at the width
        lines, line = [], ""
        for ch in title:
            if text_units(line + ch) > max_units:
                lines.append(line)
                line = ""
            line += ch
        return (*lines, line)
    bounds = best[1]
    return tuple(title[a:b] for a, b in zip(bounds, bounds[1:]))
