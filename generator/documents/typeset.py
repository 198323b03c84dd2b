"""Pure typesetting decisions: where a long title breaks, how wide a line of text is."""

from __future__ import annotations

import bisect
import math
import unicodedata
from dataclasses import dataclass
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
         "创新驱动", "乡村振兴", "生态环境", "体制机制", "经济社会", "放管服", "改革", "工作",
         "措施", "落实情况", "进展情况")
# A number stays with its ordinal prefix and its unit: never 第 | 4, 2020 | 年, 第四 | 季度, 第一季 | 度
# or 三 | 年: digits and Chinese numerals alike keep the counter after them, and 季度/年度 are one word.
NO_BREAK_AFTER_DIGIT = set("年月日号季期批项条个")
CHINESE_NUMERALS = set("〇零一二三四五六七八九十百千两")
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
    last, first = text[i - 1], text[i]  # bounded look-ups, no slices: linear in a long title
    if first in NO_LINE_START or last in NO_LINE_END:
        return None
    if last.isascii() and first.isascii() and last.isalnum() and first.isalnum():
        return None  # never inside a number or a Latin word
    if last == "第" or text.startswith("季度", i) or (first == "度" and last in "季年"):
        return None
    if (last.isdigit() or last in CHINESE_NUMERALS) and first in NO_BREAK_AFTER_DIGIT:
        return None
    cost = min([c for k, c in GOOD_AFTER.items() if text.endswith(k, 0, i)] +
               [c for k, c in GOOD_BEFORE.items() if text.startswith(k, i)] +
               [WORD_EDGE for w in WORDS if text.endswith(w, 0, i) or text.startswith(w, i)] + [ANYWHERE])
    if any(w in text[max(0, i - len(w) + 1):i + len(w) - 1] for w in WORDS):
        cost += INSIDE_WORD  # the break would tear a known word apart
    return cost + INSIDE_BRACKETS * depth


def _shape_cost(lengths: list[float]) -> float | None:
    """梯形 or 菱形 are good; a rectangle is poor; an hourglass (a short middle line) is not allowed."""
    if len(lengths) == 1:
        return 0.0
    for a, b, c in zip(lengths, lengths[1:], lengths[2:]):
        if _hourglass(a, b, c):
            return None
    return _spread_cost(max(lengths) - min(lengths))


def _hourglass(a: float, b: float, c: float) -> bool:
    """A middle line shorter than both its neighbours (by more than half a 字)."""
    return b < a - 0.5 and b < c - 0.5


def _spread_cost(spread: float) -> float:
    """The shape's cost from its longest line less its shortest: a rectangle (spread < 1 字) is poor."""
    return (4.0 if spread < 1 else 0.0) + 0.5 * spread


EXTRA_LINE = 6  # cost of a title line more than the fewest the width needs
# Titles longer than this (in characters) are not searched for the best shape: `_fill` breaks them
# (the cheapest breaks, EXTRA_LINE a line, no shape), in time linear in the title. The search is
# polynomial; at this length (eight lines of a 2号 title, far beyond any real 公文 title: one to
# three lines) it takes about 0.1 s at most on random text (benchmarks/bench.py --titles).
TITLE_SEARCH_LIMIT = 150


@dataclass
class SearchStats:
    """What one title's search did, for tests and benchmarks (see `search_title`)."""

    classes: int = 0  # (number of lines, shortest line, longest line) classes searched
    steps: int = 0  # line transitions tried by the dynamic programme
    filled: bool = False  # the title was over TITLE_SEARCH_LIMIT and broken by `_fill`


@lru_cache(maxsize=256)
def break_title(title: str, max_units: float) -> tuple[str, ...]:
    """The title's lines: the clerk's own breaks (\\n) kept, long lines split into a good shape.

    The best shape is the one of least cost: the breaks' costs (`_break_cost`), the shape's
    (`_shape_cost`) and `EXTRA_LINE` for a line more than the fewest; among equal costs, fewer lines
    and then earlier breaks. It is found exactly, in polynomial time (`_search`), for titles up to
    `TITLE_SEARCH_LIMIT` characters; longer ones get `_fill`'s lines.
    """
    return search_title(title, max_units)[0]


def search_title(title: str, max_units: float) -> tuple[tuple[str, ...], SearchStats]:
    """`break_title` without its cache, with what the search did."""
    stats = SearchStats()
    if "\n" in title:
        return tuple(line for line in title.split("\n") if line), stats
    n = len(title)
    if text_units(title) <= max_units:
        return (title,), stats
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
    if n > TITLE_SEARCH_LIMIT:
        stats.filled = True
        bounds = _fill(costs, prefix, max_units)
    else:
        bounds = _search(costs, prefix, max_units, stats)
    if bounds is None:  # nothing fits the rules: cut at the width
        lines, line, width = [], "", 0.0
        for ch in title:
            step = char_units(ch) + (_gap(line[-1], ch) if line else 0.0)
            if width + step > max_units:
                lines.append(line)
                line, width, step = "", 0.0, char_units(ch)
            width += step
            line += ch
        return (*lines, line), stats
    return tuple(title[a:b] for a, b in zip(bounds, bounds[1:])), stats


def _search(costs: dict[int, float], prefix: list[float], max_units: float,
            stats: SearchStats) -> tuple[int, ...] | None:
    """The bounds (0, breaks…, len) of least cost, as an exhaustive search over all breaks would find.

    The shape's cost depends on the whole title (its longest and shortest lines), so the search runs
    over classes: for each number of lines k (the fewest, or one more) and each pair (lo, hi) of line
    widths that occur, a dynamic programme over break positions finds the cheapest breaks whose lines
    are all within [lo, hi], one exactly lo and one exactly hi, with no hourglass (the state holds the
    last line's width and whether it is shorter than the one before). That class's cost is then the
    breaks' plus `_spread_cost(hi - lo)` plus `EXTRA_LINE` per extra line. Classes are tried in the
    order of a bound (their shape's cost plus the least cost of any k breaks) and the search stops
    when the bound exceeds the best cost found; within a class, a bound on the remaining breaks
    prunes (`_least_breaks`).
    Ties are broken as the exhaustive search did: fewer lines, then the earliest breaks.
    """
    n = len(prefix) - 1
    total = prefix[n]
    nodes = [0, *sorted(costs), n]
    xs = [prefix[p] for p in nodes]
    cut_cost = [0.0, *(costs[p] for p in nodes[1:-1]), 0.0]
    last = len(nodes) - 1
    widths = sorted({xs[e] - xs[s] for s in range(last)
                     for e in range(s + 1, bisect.bisect_right(xs, xs[s] + max_units, s + 1))})  # lines that fit
    fewest = math.ceil(total / max_units)
    classes = []
    for k in (fewest, fewest + 1):
        if k < 2 or k - 1 > last - 1:
            continue
        # The breaks' least cost for k lines of any width the page allows: no class does better.
        least = _least_breaks(xs, cut_cost, k, 0.0, max_units, stats)[k][0]
        if least == math.inf:
            continue
        for a, lo in enumerate(widths):
            if k * lo > total or lo < total - (k - 1) * max_units:
                continue
            for hi in widths[a:]:
                if k * hi < total or hi > total - (k - 1) * lo or lo < total - (k - 1) * hi:
                    continue
                shape = _spread_cost(hi - lo) + EXTRA_LINE * (k - fewest)
                classes.append((shape + least, shape, k, lo, hi))
    classes.sort()
    best: tuple[float, int, tuple[int, ...]] | None = None
    for bound, shape, k, lo, hi in classes:
        if best is not None and bound > best[0]:
            break  # this class and all after it cost more than the best found
        stats.classes += 1
        found = _cheapest(xs, cut_cost, k, lo, hi, math.inf if best is None else best[0] - shape, stats)
        if found is not None:
            candidate = (found[0] + shape, k, found[1])
            if best is None or candidate < best:
                best = candidate
    if best is None:
        return None
    return tuple(nodes[i] for i in best[2])


def _window(xs: list[float], e: int, rest: int, lo: float, hi: float) -> range:
    """The nodes a line from node e of width in [lo, hi] may end at, `rest` lines still to follow:
    the title's end (the last node) for the last line, a break before it otherwise."""
    last = len(xs) - 1
    if rest == 0:
        return range(last, last + 1) if lo <= xs[last] - xs[e] <= hi else range(0)
    return range(bisect.bisect_left(xs, xs[e] + lo, e + 1, last), bisect.bisect_right(xs, xs[e] + hi, e + 1, last))


def _least_breaks(xs: list[float], cut_cost: list[float], k: int, lo: float, hi: float,
                  stats: SearchStats) -> list[list[float]]:
    """after[r][e]: the least cost of the breaks that set the text from node e in r lines of widths
    in [lo, hi] (k lines in all), ignoring the shape; inf where it cannot be done."""
    last, total = len(xs) - 1, xs[-1]
    after = [[math.inf] * (last + 1) for _ in range(k + 1)]
    after[0][last] = 0.0
    for r in range(1, k + 1):
        below, row, before = after[r - 1], after[r], k - r  # lines before node e
        # Only the nodes that k - r lines from the start and r lines to the end can reach.
        first = bisect.bisect_left(xs, max(before * lo, total - r * hi))
        end = min(last, bisect.bisect_right(xs, min(before * hi, total - r * lo)))
        for e in range(first, end):
            stats.steps += 1
            if r == 1:
                row[e] = 0.0 if lo <= total - xs[e] <= hi else math.inf
                continue
            start = xs[e]
            row[e] = min((cut_cost[m] + below[m] for m in range(bisect.bisect_left(xs, start + lo, e + 1, last),
                                                                   bisect.bisect_right(xs, start + hi, e + 1, last))),
                         default=math.inf)
    return after


def _cheapest(xs: list[float], cut_cost: list[float], k: int, lo: float, hi: float, budget: float,
              stats: SearchStats) -> tuple[float, tuple[int, ...]] | None:
    """The cheapest k lines ending at nodes with xs (0 first, the title's end last), all widths in
    [lo, hi], one width lo and one hi, no hourglass, costing at most `budget`: (the breaks' cost,
    the node indices) or None.

    First `_least_breaks`, a bound that prunes the second pass (and skips a class that cannot do
    within the budget). Then, forwards, the states after j lines: (last node, last line's width,
    whether that line is shorter than the one before by more than half a 字, whether a line of width
    lo / hi has been seen). Among equal costs the lexicographically smallest nodes win (same length,
    so the earliest breaks, as an exhaustive search in `itertools.combinations` order met them first).
    """
    after = _least_breaks(xs, cut_cost, k, lo, hi, stats)
    if after[k][0] > budget:
        return None
    Value = tuple[float, tuple[int, ...]]
    layer: dict[tuple[int, float, bool, bool, bool], Value] = {(0, -1.0, False, False, False): (0.0, (0,))}
    for j in range(k):
        rest = k - j - 1  # lines still to place after this one
        following: dict[tuple[int, float, bool, bool, bool], Value] = {}
        for (e, b, dip, seen_lo, seen_hi), (cost, path) in layer.items():
            for m in _window(xs, e, rest, lo, hi):
                stats.steps += 1
                here = cost + cut_cost[m]
                if here + after[rest][m] > budget:
                    continue
                c = xs[m] - xs[e]
                if dip and b < c - 0.5:
                    continue  # the last line would be the waist of an hourglass
                key = (m, c, b >= 0 and c < b - 0.5, seen_lo or c == lo, seen_hi or c == hi)
                value = (here, (*path, m))
                old = following.get(key)
                if old is None or value < old:
                    following[key] = value
        layer = following
    finals = [value for (_, _, _, seen_lo, seen_hi), value in layer.items() if seen_lo and seen_hi]
    return min(finals) if finals else None


def _fill(costs: dict[int, float], prefix: list[float], max_units: float) -> tuple[int, ...] | None:
    """Bounds for a title too long to search: the least cost of the breaks and `EXTRA_LINE` a line.

    Linear in the title (a line looks back at most one line's width). The shape is not considered:
    such a title is a block of full lines, broken where it reads best.
    """
    n = len(prefix) - 1
    nodes = [0, *sorted(costs), n]
    xs = [prefix[p] for p in nodes]
    best: list[tuple[float, int] | None] = [None] * len(nodes)  # (cost so far, previous node)
    best[0] = (0.0, -1)
    for m in range(1, len(nodes)):
        cut = costs[nodes[m]] if m < len(nodes) - 1 else 0.0
        for s in range(bisect.bisect_left(xs, xs[m] - max_units, 0, m), m):
            here = best[s]
            if here is not None and (best[m] is None or here[0] + cut + EXTRA_LINE < best[m][0]):  # type: ignore[index]
                best[m] = (here[0] + cut + EXTRA_LINE, s)
    if best[-1] is None:
        return None
    bounds, i = [], len(nodes) - 1
    while i > 0:
        bounds.append(nodes[i])
        i = best[i][1]  # type: ignore[index]
    return (0, *reversed(bounds))
