"""`weiquan insight classify|evaluate`: the complaint classifier from the command line.

weiquan insight classify [--model FILE] < complaints.jsonl > predictions.jsonl
weiquan insight evaluate --train a.csv --test b.csv --text-column COL --label-column COL
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from weiquan.insight.cli import add_evaluate_arguments, run_classify, run_evaluate


class Command(BaseCommand):
    help = "Complaint intelligence: classify JSON lines from stdin, or evaluate the classifier on two CSV files."
    requires_system_checks: list[str] = []  # pure text processing: no database, no models

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{classify,evaluate}")
        classify = sub.add_parser("classify", help='read {"id", "text"} JSON lines on stdin, write predictions')
        classify.add_argument(
            "--model", default=None, help="model file (default: the configured one, else the lexicon)"
        )
        add_evaluate_arguments(sub.add_parser("evaluate", help="our pipeline against a TF-IDF + LinearSVC baseline"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "classify":
            code = run_classify(sys.stdin, self.stdout, model_path=options["model"])
        else:
            argv = ["--train", str(options["train"]), "--test", str(options["test"])]
            argv += ["--text-column", options["text_column"], "--label-column", options["label_column"]]
            code = run_evaluate(argv, stdout=self.stdout)
        if code:
            raise CommandError(f"insight {options['subcommand']} finished with errors", returncode=code)
