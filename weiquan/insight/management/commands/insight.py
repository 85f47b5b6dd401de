"""`weiquan insight classify|evaluate|split|train`: the complaint classifier from the command line.

weiquan insight classify [--model FILE] < complaints.jsonl > predictions.jsonl
weiquan insight evaluate --train a.csv --test b.csv --text-column COL --label-column COL
weiquan insight split complaints.csv --out DIR [--id-column COL] [--test-percent 20]
weiquan insight train [--min-examples N] [--force] [--activate VERSION]
weiquan insight triage-eval
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from weiquan.insight.cli import (
    add_evaluate_arguments,
    add_split_arguments,
    run_classify,
    run_evaluate,
    run_split,
    run_triage_eval,
)
from weiquan.insight.training import add_train_arguments, run_train


class Command(BaseCommand):
    help = "Complaint intelligence: classify JSON lines from stdin, evaluate on two CSV files, or retrain."
    requires_system_checks: list[str] = []  # classify and evaluate need no database; train reads confirmed triage

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{classify,evaluate,split,train,triage-eval}")
        classify = sub.add_parser("classify", help='read {"id", "text"} JSON lines on stdin, write predictions')
        classify.add_argument(
            "--model", default=None, help="model file (default: the configured one, else the lexicon)"
        )
        add_evaluate_arguments(sub.add_parser("evaluate", help="our pipeline against a TF-IDF + LinearSVC baseline"))
        add_split_arguments(sub.add_parser("split", help="write the fixed train/test split of a CSV file"))
        add_train_arguments(sub.add_parser("train", help="retrain from the categories staff confirmed"))
        sub.add_parser("triage-eval", help="the out-of-the-box Chinese triage on the project's labelled complaints")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "classify":
            code = run_classify(sys.stdin, self.stdout, model_path=options["model"])
        elif options["subcommand"] == "train":
            code = run_train(self.stdout, min_examples=options["min_examples"], force=options["force"],
                             activate=options["activate"])
        elif options["subcommand"] == "triage-eval":
            code = run_triage_eval(stdout=self.stdout)
        elif options["subcommand"] == "split":
            argv = [str(options["file"]), "--out", str(options["out"]), "--id-column", options["id_column"],
                    "--test-percent", str(options["test_percent"])]
            code = run_split(argv, stdout=self.stdout)
        else:
            argv = ["--train", str(options["train"]), "--test", str(options["test"])]
            argv += ["--text-column", options["text_column"], "--label-column", options["label_column"]]
            code = run_evaluate(argv, stdout=self.stdout)
        if code:
            raise CommandError(f"insight {options['subcommand']} finished with errors", returncode=code)
