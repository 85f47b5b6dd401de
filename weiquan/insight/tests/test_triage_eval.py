"""The out-of-the-box Chinese triage on the project's own labelled complaints (data/zh_complaints_eval.csv).

The held-out half was never read while the lexicon was tuned: its figures are pinned exactly, so a lexicon change
that moves them has to say so here, and they must stay above the product's bar (80% right, 95% urgent recall).
"""

import json
from collections import Counter
from io import StringIO

from weiquan.complaints.models import Category
from weiquan.insight.classifier import Classifier
from weiquan.insight.cli import run_triage_eval
from weiquan.insight.triage_eval import EvalRow, evaluate_bootstrap, load_rows, score


def test_the_set_is_large_labelled_and_split_in_halves():
    rows = load_rows()
    assert len(rows) == 335 and len({r.text for r in rows}) == 335 and len({r.id for r in rows}) == 335
    assert {r.category for r in rows} <= set(Category.values) - {"other"}
    assert Counter(r.held_out for r in rows) == {True: 167, False: 168}
    assert sum(r.urgent for r in rows) == 35 and all(r.category == "safety" for r in rows if r.urgent)
    kinds = {r.kind for r in rows}
    assert {"refund_refused", "return_refused", "false_advertising", "counterfeit", "fees", "price_protection",
            "unfair_terms", "fake_shipping", "service_unreachable", "safety"} <= kinds


def test_held_out_figures_are_pinned_and_above_the_bar():
    held = evaluate_bootstrap([r for r in load_rows() if r.held_out])
    assert (held["n"], held["accuracy"], held["abstained"]) == (167, 0.8443, 5)
    assert (held["urgent_recall"], held["urgent_precision"]) == (1.0, 0.9474)
    assert held["accuracy"] >= 0.80 and held["urgent_recall"] >= 0.95
    assert {c: (row["n"], row["right"]) for c, row in held["per_category"].items()} == {
        "after_sales": (42, 33), "contract": (25, 21), "counterfeit": (15, 11), "false_advertising": (15, 15),
        "measurement": (5, 4), "personal_data": (7, 6), "personal_dignity": (5, 5), "price": (25, 21),
        "quality": (10, 7), "safety": (18, 18),
    }


def test_an_abstention_counts_as_not_right_and_other_is_not_a_fallback():
    rows = [EvalRow("zh-002", "k", "price", False, "x"), EvalRow("zh-004", "k", "price", True, "y")]
    figures = score(rows, [None, "price"], [False, True])
    assert (figures["accuracy"], figures["abstained"], figures["urgent_recall"]) == (0.5, 1, 1.0)
    nothing = Classifier.bootstrap().predict_one("今天收到了，明天再说")
    assert nothing.category is None and nothing.evidence == []


def test_the_command_prints_the_table_and_json():
    out = StringIO()
    assert run_triage_eval(stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("out-of-the-box triage, held-out half (167 complaints")
    assert any(line.startswith("safety") and line.endswith("1.000") for line in lines)
    summary = json.loads(lines[-1])
    assert summary["held_out"] == {"n": 167, "accuracy": 0.8443, "abstained": 5, "urgent_recall": 1.0,
                                   "urgent_precision": 0.9474}
    trained = [line for line in lines if line.startswith("trained on the development half")]
    assert len(trained) == 1 and "baseline (char TF-IDF + LinearSVC)" in trained[0]
