"""Speed and memory of taskdoc on the shipped table and on a provincial-scale one (×50).

Run from the repository root:  python benchmarks/bench.py [--scale 50] [--repeat 3] [--titles]
Prints one line per measurement; see benchmarks/README.md for the targets. `--titles` measures only
the line breaking of titles (`documents/typeset.py`), in this process.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.documents import typeset
from generator.model import Part, TaskTable, Unit
from generator.workbook.reader import read_workbook
from generator.workbook.writer import write_task_workbook

ROOT = Path(__file__).resolve().parent.parent

SHIPPED = ROOT / "source" / "decomposition.xlsx"

# Run one command in a fresh interpreter and report its wall time and peak memory.
CHILD = """
import json, resource, sys, time
t = time.perf_counter()
from generator import api
what, source, out = sys.argv[1:4]
if what == "rebuild":  # `out` holds a build with the same inputs: nothing to rewrite
    assert api.build(source, out).unchanged
elif what == "check":
    api.check(source)
else:
    getattr(api, what)(source, out)
print(json.dumps({"s": time.perf_counter() - t,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scaled(table: TaskTable, factor: int) -> TaskTable:
    """The table repeated `factor` times: clauses renumbered per part, units renamed per copy group."""
    units = list(table.named_units)
    groups = max(1, round(300 / len(units)))  # about 300 units in all
    parts, all_units = [], {}
    for p in table.parts:
        clauses = []
        for copy in range(factor):
            suffix = f"{copy % groups + 1}" if copy % groups else ""
            rename = {u.name: u.name + suffix for u in units}
            for c in p.clauses:
                measures = tuple(dataclasses.replace(m, lead=tuple(rename[u] for u in m.lead),
                                                     cooperating=tuple(rename[u] for u in m.cooperating))
                                 for m in c.measures)
                clauses.append(dataclasses.replace(c, number=len(clauses) + 1, measures=measures))
            for u in units:
                all_units.setdefault(rename[u.name], Unit(rename[u.name], u.full_name + suffix))
        parts.append(Part(p.number, p.title, tuple(clauses)))
    return dataclasses.replace(table, parts=tuple(parts), units=tuple(all_units.values()))


def run(what: str, source: Path, repeat: int) -> dict:
    times, mb = [], 0.0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            if what == "rebuild":  # the build before it, not measured
                subprocess.run([sys.executable, "-c", CHILD, "build", str(source), out], cwd=ROOT,
                               capture_output=True, check=True)
            done = subprocess.run([sys.executable, "-c", CHILD, what, str(source), out], cwd=ROOT,
                                  capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        times.append(result["s"])
        mb = max(mb, result["mb"])
    return {"median_s": round(statistics.median(times), 3), "peak_mb": round(mb)}


SEED_TITLE = ("嘉峪关市人民政府办公室关于印发《嘉峪关市贯彻落实省政府〈关于提升甘肃省科技创新综合实力若干措施〉"
              "任务分解表》的通知")
TITLE_92 = ("嘉峪关市人民政府办公室关于印发《嘉峪关市贯彻落实省政府〈关于进一步提升甘肃省科技创新综合实力推动经济社会"
            "高质量发展优化营商环境深化“放管服”改革若干措施〉任务分解表》的实施方案的通知。")
# Text made of the words the break costs know, brackets, digits and Latin letters: more widths and
# more costs to weigh than a real title has.
TITLE_WORDS = [*typeset.WORDS, *typeset.GOOD_AFTER, *typeset.GOOD_BEFORE, "《", "》", "〈", "〉", "（", "）", "，",
               "、", "2024年", "第一季度", "第10批", "ABC", "5G", "“放管服”", "测试", "的", "甘肃省"]


def titles(repeat: int) -> None:
    """Line breaking of titles: real ones, random text at the search limit, and a 10,000-character one."""
    def timed(title: str, width: float) -> tuple[float, typeset.SearchStats]:
        best, stats = float("inf"), typeset.SearchStats()
        for _ in range(repeat):
            t = time.perf_counter()
            stats = typeset.search_title(title, width)[1]
            best = min(best, time.perf_counter() - t)
        return best, stats

    for label, title, width in (("seed title (57 characters)", SEED_TITLE, 20),
                                ("92-character title", TITLE_92, 20),
                                ("seed title on a form (width 40)", SEED_TITLE * 2, 40)):
        s, stats = timed(title, width)
        print(f"title  {label:38} {s * 1000:8.1f} ms  ({stats.classes} classes, {stats.steps} steps)")
    rnd = random.Random(1)
    for width in (12, 20, 40):
        worst = 0.0
        for _ in range(30):
            text = ""
            while len(text) < typeset.TITLE_SEARCH_LIMIT:
                text += rnd.choice(TITLE_WORDS)
            worst = max(worst, timed(text[:typeset.TITLE_SEARCH_LIMIT], width)[0])
        print(f"title  random, {typeset.TITLE_SEARCH_LIMIT} characters, width {width:<2} (worst of 30) "
              f"{worst * 1000:8.1f} ms (target ≤ 500 ms)")
    long = ("关于印发" + "测试任务分解表和实施方案的通知" * 700)[:10_000]
    s, stats = timed(long, 20)
    print(f"title  10,000 characters (filled, not searched)  {s * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--titles", action="store_true", help="measure only the line breaking of titles")
    args = parser.parse_args()
    titles(args.repeat)
    if args.titles:
        return

    helps = []
    for _ in range(max(args.repeat, 5)):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, check=True)
        helps.append(time.perf_counter() - t)
    print(f"taskdoc --help                      {statistics.median(helps):.3f} s (target ≤ 0.25 s)")
    targets = {"build": " (target ≤ 2 s)", "rebuild": " (no change since the last build; target ≤ 0.5 s)"}
    for what in ("check", "build", "rebuild"):
        r = run(what, SHIPPED, args.repeat)
        figures = f"{r['median_s']:.3f} s, peak {r['peak_mb']} MB"
        print(f"{what:7} shipped table              {figures}{targets.get(what, '')}")

    table = read_workbook(SHIPPED).table
    big = scaled(table, args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xlsx"
        write_task_workbook(big, path)
        measures = len(big.numbered_measures)
        for what in ("check", "build"):
            r = run(what, path, 1)
            print(f"{what:5} ×{args.scale} ({len(big.clauses)} clauses, {measures} measures, "
                  f"{len(big.named_units)} units)  {r['median_s']:.3f} s, peak {r['peak_mb']} MB (target ≤ 300 MB)")


if __name__ == "__main__":
    main()
