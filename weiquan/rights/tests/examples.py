"""The worked examples of rights-examples.json (hand-computed answers), shared by the tests and the benchmark.

The design copy beside the repository (shared/design/) wins when present, so new scenarios are picked up at once;
the copy under data/ keeps the tests running where shared/ is absent. WEIQUAN_RIGHTS_EXAMPLES overrides both.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
_REPO = _HERE.parents[2]


def examples_path() -> Path:
    override = os.environ.get("WEIQUAN_RIGHTS_EXAMPLES")
    if override:
        return Path(override)
    shared = _REPO.parent / "shared" / "design" / "rights-examples.json"
    return shared if shared.is_file() else _HERE / "data" / "rights-examples.json"


def load_scenarios() -> list[dict[str, Any]]:
    with examples_path().open(encoding="utf-8") as handle:
        return json.load(handle)["scenarios"]
