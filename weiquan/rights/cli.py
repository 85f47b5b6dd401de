"""`weiquan rights assess`: one facts document on stdin, one assessment on stdout (RIGHTS_API.md)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from weiquan.core.calendar import BusinessCalendar

from .engine import assess
from .schema import InvalidFacts

EXIT_OK = 0
EXIT_INVALID = 2


def _emit(stdout: TextIO, document: dict[str, Any]) -> None:
    # One write, so a wrapper that appends a newline when missing (Django's OutputWrapper) adds none.
    stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def run_assess(stdin: TextIO, stdout: TextIO, *, calendar: BusinessCalendar | None = None) -> int:
    """Read the facts, print the assessment; on invalid input print `{"errors": [...]}` and return 2."""
    text = stdin.read()
    try:
        facts = json.loads(text)
    except (ValueError, RecursionError) as error:  # bad JSON, absurd nesting or digit counts
        _emit(stdout, {"errors": [{"loc": [], "msg": f"invalid JSON: {error}"}]})
        return EXIT_INVALID
    try:
        answer = assess(facts, calendar=calendar)
    except InvalidFacts as invalid:
        _emit(stdout, {"errors": invalid.errors})
        return EXIT_INVALID
    _emit(stdout, answer)
    return EXIT_OK
