"""Command-line side of complaint intelligence, free of Django so scripts and tests can call it directly.

`run_classify` streams JSON lines in and out; `run_evaluate` compares our pipeline with a plain TF-IDF + LinearSVC
baseline on two CSV files. The `insight` management command is a thin wrapper around both.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

OUTPUT_KEYS = ("id", "category", "confidence", "urgent", "tags")
_CHUNK = 512  # lines classified together: batching is what makes the vectoriser fast


def _say(out: IO[str], line: str = "") -> None:
    # One write per line: Django's OutputWrapper appends its own newline to any write that lacks one.
    out.write(line + "\n")


def _parse(line: str, number: int) -> tuple[Any, str | None, str | None]:
    """(id, text, None) for a good line, (id or None, None, error message) for a bad one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, None, f"line {number}: not valid JSON ({exc.msg})"
    if not isinstance(record, dict):
        return None, None, f"line {number}: expected a JSON object"
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return record.get("id"), None, f'line {number}: "text" must be a non-empty string'
    return record.get("id"), text, None


def run_classify(stdin: IO[str], stdout: IO[str], *, model_path: str | Path | None = None) -> int:
    """Read `{"id": ..., "text": ...}` lines, write `{"id", "category", "confidence", "urgent", "tags"}` lines.

    A line that cannot be read gets `{"id": ..., "error": ...}` in its place and the rest carry on. Output keeps
    input order; blank lines are skipped. Returns 0, or 1 when at least one line was in error.
    """
    from weiquan.insight.classifier import Classifier, default_classifier

    classifier = Classifier.load(model_path) if model_path else default_classifier()
    pending: list[tuple[Any, str | None, str | None]] = []
    errors = 0

    def flush() -> None:
        predictions = iter(classifier.predict([text for _, text, error in pending if error is None]))
        for ident, _text, error in pending:
            if error is not None:
                record: dict[str, Any] = {"id": ident, "error": error}
            else:
                p = next(predictions)
                record = dict(zip(OUTPUT_KEYS, (ident, p.category, p.confidence, p.urgent, p.tags), strict=True))
            _say(stdout, json.dumps(record, ensure_ascii=False))
        pending.clear()

    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        parsed = _parse(line, number)
        errors += parsed[2] is not None
        pending.append(parsed)
        if len(pending) >= _CHUNK:
            flush()
    flush()
    return 1 if errors else 0


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--train", required=True, type=Path, help="CSV file to train on")
    parser.add_argument("--test", required=True, type=Path, help="CSV file to score on")
    parser.add_argument("--text-column", required=True, help="column holding the complaint text")
    parser.add_argument("--label-column", required=True, help="column holding the label to predict")
    return parser


def read_labelled_csv(path: Path, text_column: str, label_column: str) -> list[tuple[str, str]]:
    """(text, label) rows of a CSV file; rows with an empty text or label are left out."""
    csv.field_size_limit(2**31 - 1)  # narratives can be far longer than the csv module's 128 KiB default
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in (text_column, label_column) if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: no column {missing[0]!r}; columns are {reader.fieldnames}")
        rows = [
            (text, label)
            for row in reader
            if (text := (row[text_column] or "").strip()) and (label := (row[label_column] or "").strip())
        ]
    if not rows:
        raise ValueError(f"{path}: no rows with both {text_column!r} and {label_column!r}")
    return rows


def run_evaluate(argv: Sequence[str], *, stdout: IO[str] | None = None) -> int:
    """`--train FILE --test FILE --text-column COL --label-column COL`: a table of ours vs the baseline, then one
    JSON line with accuracy, macro_f1, baseline_accuracy, baseline_macro_f1, n_train and n_test."""
    from weiquan.insight.evaluation import evaluate_detailed

    out = stdout or sys.stdout
    parser = add_evaluate_arguments(argparse.ArgumentParser(prog="insight evaluate", description=run_evaluate.__doc__))
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # argparse has already printed usage or help
        return int(exc.code or 0)
    try:
        train = read_labelled_csv(args.train, args.text_column, args.label_column)
        test = read_labelled_csv(args.test, args.text_column, args.label_column)
    except (OSError, ValueError) as exc:
        print(f"insight evaluate: {exc}", file=sys.stderr)
        return 2
    summary, per_label = evaluate_detailed(train, test)
    _say(out, f"trained on {summary['n_train']} rows, tested on {summary['n_test']} ({len(per_label)} labels in test)")
    _say(out, f"{'system':<40}{'accuracy':>10}{'macro-F1':>10}")
    _say(out, f"{'ours: char+word TF-IDF, SVM, label prior':<40}{summary['accuracy']:>10.4f}{summary['macro_f1']:>10.4f}")
    _say(
        out,
        f"{'baseline: TfidfVectorizer + LinearSVC':<40}"
        f"{summary['baseline_accuracy']:>10.4f}{summary['baseline_macro_f1']:>10.4f}",
    )
    _say(out)
    _say(out, f"{'label':<60}{'support':>8}{'F1 ours':>9}{'F1 base':>9}")
    for label, (support, ours, base) in sorted(per_label.items(), key=lambda item: -item[1][0]):
        _say(out, f"{label[:59]:<60}{support:>8}{ours:>9.3f}{base:>9.3f}")
    _say(out, json.dumps(summary))
    return 0


def add_split_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("file", type=Path, help="CSV file to split, e.g. a CFPB export")
    parser.add_argument("--out", required=True, type=Path, help="folder for train.csv and test.csv")
    parser.add_argument("--id-column", default="Complaint ID", help="column whose hash picks the side")
    parser.add_argument("--test-percent", type=int, default=20, choices=range(1, 100), metavar="1-99")
    return parser


def run_split(argv: Sequence[str], *, stdout: IO[str] | None = None) -> int:
    """`FILE --out DIR`: the fixed split the project's figures use (a hash of each row's id picks its side), as
    DIR/train.csv and DIR/test.csv with every column, ready for `insight evaluate`."""
    from weiquan.insight.data_paths import in_test_split

    out = stdout or sys.stdout
    parser = add_split_arguments(argparse.ArgumentParser(prog="insight split", description=run_split.__doc__))
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    csv.field_size_limit(2**31 - 1)
    try:
        with args.file.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if not header or args.id_column not in header:
                raise ValueError(f"{args.file}: no {args.id_column!r} column")
            key = header.index(args.id_column)
            args.out.mkdir(parents=True, exist_ok=True)
            counts = {"train": 0, "test": 0}
            with (args.out / "train.csv").open("w", encoding="utf-8", newline="") as train_fh, \
                    (args.out / "test.csv").open("w", encoding="utf-8", newline="") as test_fh:
                writers = {"train": csv.writer(train_fh), "test": csv.writer(test_fh)}
                for writer in writers.values():
                    writer.writerow(header)
                for row in reader:
                    side = "test" if len(row) > key and in_test_split(row[key], args.test_percent) else "train"
                    writers[side].writerow(row)
                    counts[side] += 1
    except (OSError, ValueError) as exc:
        print(f"insight split: {exc}", file=sys.stderr)
        return 2
    _say(out, f"{counts['train']} rows to {args.out / 'train.csv'}, {counts['test']} rows to {args.out / 'test.csv'}")
    return 0


def run_triage_eval(*, stdout: IO[str] | None = None, path: Path | None = None) -> int:
    """The out-of-the-box Chinese triage on the project's labelled complaints: per category on the held-out half,
    the development half and all, then ours (learned) and a char TF-IDF + LinearSVC baseline trained on the
    development half; the last line is JSON."""
    from weiquan.insight.triage_eval import ZH_EVAL_CSV, load_rows, report

    out = stdout or sys.stdout
    figures = report(load_rows(path or ZH_EVAL_CSV))
    held = figures["held_out"]
    _say(out, f"out-of-the-box triage, held-out half ({held['n']} complaints; abstentions count as wrong)")
    _say(out, f"{'category':<20}{'n':>5}{'right':>7}{'abstained':>11}{'accuracy':>10}")
    for category, row in held["per_category"].items():
        _say(out, f"{category:<20}{row['n']:>5}{row['right']:>7}{row['abstained']:>11}{row['accuracy']:>10.3f}")
    for name in ("held_out", "development", "all"):
        part = figures[name]
        _say(out, f"{name:<20}{part['n']:>5} accuracy {part['accuracy']:.4f}  urgent recall {part['urgent_recall']}"
                  f"  precision {part['urgent_precision']}  abstained {part['abstained']}")
    trained = figures["trained_on_development"]
    _say(out, f"trained on the development half, scored on the held-out half: ours {trained['learned']['accuracy']:.4f}"
              f", baseline (char TF-IDF + LinearSVC) {trained['baseline']['accuracy']:.4f}")
    _say(out, json.dumps({name: {k: v for k, v in part.items() if k != "per_category"}
                          for name, part in figures.items() if name != "trained_on_development"}))
    return 0
