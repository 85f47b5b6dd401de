"""How well the out-of-the-box triage reads real-style Chinese complaints: the project's own labelled set.

`data/zh_complaints_eval.csv` holds complaints written by the project from public descriptions of the kinds that
complaint sites and 12315 publish (see `data/README.md`). Rows with an odd number are the development half (the
lexicon was tuned on them); rows with an even number are the held-out half, never looked at while tuning: its
figures are the ones to quote. An abstention (no suggestion) counts as not right.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from weiquan.insight.classifier import Classifier

ZH_EVAL_CSV = Path(__file__).resolve().parent / "data" / "zh_complaints_eval.csv"


@dataclass(frozen=True)
class EvalRow:
    id: str
    kind: str
    category: str
    urgent: bool
    text: str

    @property
    def held_out(self) -> bool:
        return int(self.id.rsplit("-", 1)[1]) % 2 == 0


def load_rows(path: Path = ZH_EVAL_CSV) -> list[EvalRow]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [EvalRow(r["id"], r["kind"], r["category"], r["urgent"] == "1", r["text"])
                for r in csv.DictReader(handle)]


def score(rows: list[EvalRow], predicted: list[str | None], flagged: list[bool]) -> dict[str, Any]:
    """Accuracy overall and per category (abstentions counted and not right), urgent recall and precision."""
    per: dict[str, Counter] = {}
    for row, guess in zip(rows, predicted, strict=True):
        counts = per.setdefault(row.category, Counter())
        counts["n"] += 1
        counts["right"] += guess == row.category
        counts["abstained"] += guess is None
    true_pos = sum(r.urgent and f for r, f in zip(rows, flagged, strict=True))
    urgent = sum(r.urgent for r in rows)
    raised = sum(flagged)
    return {
        "n": len(rows),
        "accuracy": round(sum(c["right"] for c in per.values()) / len(rows), 4) if rows else 0.0,
        "abstained": sum(c["abstained"] for c in per.values()),
        "urgent_recall": round(true_pos / urgent, 4) if urgent else None,
        "urgent_precision": round(true_pos / raised, 4) if raised else None,
        "per_category": {cat: {"n": c["n"], "right": c["right"], "abstained": c["abstained"],
                               "accuracy": round(c["right"] / c["n"], 4)} for cat, c in sorted(per.items())},
    }


def evaluate_bootstrap(rows: list[EvalRow]) -> dict[str, Any]:
    """The triage a new install runs (the lexicon; no training on the platform's data)."""
    predictions = Classifier.bootstrap().predict([r.text for r in rows])
    return score(rows, [p.category for p in predictions], [p.urgent for p in predictions])


def evaluate_trained_on_dev(rows: list[EvalRow]) -> dict[str, Any]:
    """For comparison on the same held-out half: our learned pipeline and a TF-IDF (character 1-3-grams, as
    Chinese has no spaces) + LinearSVC baseline, both trained on the development half's labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    dev = [r for r in rows if not r.held_out]
    test = [r for r in rows if r.held_out]
    ours = Classifier.train([r.text for r in dev], [r.category for r in dev]).predict([r.text for r in test])
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    baseline = LinearSVC().fit(vectorizer.fit_transform([r.text for r in dev]), [r.category for r in dev])
    guesses = [str(g) for g in baseline.predict(vectorizer.transform([r.text for r in test]))]
    return {
        "learned": score(test, [p.category for p in ours], [p.urgent for p in ours]),
        "baseline": score(test, guesses, [False] * len(test)),
    }


def report(rows: list[EvalRow] | None = None) -> dict[str, Any]:
    rows = rows if rows is not None else load_rows()
    return {
        "held_out": evaluate_bootstrap([r for r in rows if r.held_out]),
        "development": evaluate_bootstrap([r for r in rows if not r.held_out]),
        "all": evaluate_bootstrap(rows),
        "trained_on_development": evaluate_trained_on_dev(rows),
    }
