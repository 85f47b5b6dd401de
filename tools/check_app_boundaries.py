"""Fail when an app reaches into another app's surface or private parts (`make lint`).

An app may use another app's models, services, selectors, workflow, events and other public modules. It may not
import another app's views, api, urls, admin, templatetags, management commands or tests, nor any module or package
whose name starts with "_" (private to its app). `core` is the shared kernel: anything in it may be used except its
tests. Tests share builders through `weiquan.testing`, never through another app's `tests` package. The project's
root modules (`weiquan.urls`, `weiquan.api`, `weiquan.settings`) assemble the apps and are exempt.

LEGACY lists the crossings that existed when the check was written; it only shrinks. So does the number of
import-linter `ignore_imports` in pyproject.toml (MAX_IGNORED_IMPORTS).
"""

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = "weiquan"
SURFACE = {"views", "api", "urls", "admin", "templatetags", "management", "tests"}
ROOT_MODULES = {"weiquan", "weiquan.urls", "weiquan.api", "weiquan.settings", "weiquan.asgi", "weiquan.wsgi",
                "weiquan.cli"}
SHARED = {"testing"}  # weiquan.testing: test builders every app's tests use

LEGACY = {
    ("weiquan.insight.tests.test_risk_inspections", "weiquan.quality.tests.inspection_builders"),
    ("weiquan.merchants.tests.test_api", "weiquan.quality.tests.helpers"),
    ("weiquan.notifications.views", "weiquan.complaints.views.case"),
    ("weiquan.quality.views", "weiquan.merchants.views.access"),
}
MAX_IGNORED_IMPORTS = 12


def crossing(source: str, target: str) -> bool:
    """Whether `source` importing `target` reaches into another app's surface or private parts."""
    src, dst = source.split("."), target.split(".")
    if source in ROOT_MODULES or len(dst) < 3 or len(src) < 2 or src[1] == dst[1] or dst[1] in SHARED:
        return False
    inner = dst[2:]
    if dst[1] == "core":
        return inner[0] == "tests"
    return (inner[0] in SURFACE or inner[0].startswith("urls")
            or any(part.startswith("_") and not part.startswith("__") for part in inner))


def ignored_imports(pyproject: Path) -> int:
    config = tomllib.loads(pyproject.read_text())
    return sum(len(c.get("ignore_imports", [])) for c in config["tool"]["importlinter"]["contracts"])


def main() -> int:
    graph = grimp.build_graph(ROOT, exclude_type_checking_imports=True)
    found = sorted((source, target) for source in graph.modules
                   for target in graph.find_modules_directly_imported_by(source) if crossing(source, target))
    new = [pair for pair in found if pair not in LEGACY]
    for source, target in new:
        print(f"{source} reaches into {target}: use its services/selectors, or weiquan.testing in tests")
    gone = LEGACY - set(found)
    for source, target in sorted(gone):
        print(f"fixed: {source} -> {target}; remove it from LEGACY")
    count = ignored_imports(Path(__file__).resolve().parent.parent / "pyproject.toml")
    if count > MAX_IGNORED_IMPORTS:
        print(f"import-linter ignore_imports grew to {count} (at most {MAX_IGNORED_IMPORTS}): fix the import instead")
    print(f"app boundaries: {len(new)} new crossings, {len(found) - len(new)} legacy, "
          f"{count} ignored imports (at most {MAX_IGNORED_IMPORTS})")
    return 1 if new or gone or count > MAX_IGNORED_IMPORTS else 0


if __name__ == "__main__":
    sys.exit(main())
