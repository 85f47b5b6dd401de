"""Fail when an app reaches into another app's surface or private parts (`make lint`).

An app may use another app's models, services, selectors, workflow, events and other public modules. It may not
import another app's views, api, urls, admin, templatetags, management commands or tests, nor any module or package
whose name starts with "_" (private to its app). `core` is the shared kernel: anything in it may be used except its
tests. Tests share builders through `weiquan.testing`, never through another app's `tests` package. The project's
root modules (`weiquan.urls`, `weiquan.api`, `weiquan.settings`) assemble the apps and are exempt.

LEGACY lists the crossings that existed when the check was written; it only shrinks. So does the number of
import-linter `ignore_imports` in pyproject.toml (MAX_IGNORED_IMPORTS).

One owner creates each thing: stores (Merchant) only `merchants`; buyers in bulk, orders, order lines and products
only `commerce`; cases and their events only `complaints`. Anywhere else (tests and `weiquan.testing` aside), a
`Model.objects.create/get_or_create/update_or_create/bulk_create`, a `rows_insert(Model, ...)` or a `Model(...)` of
one of these fails: call the owner's services instead.
"""

import ast
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import grimp

ROOT = "weiquan"
SURFACE = {"views", "api", "urls", "admin", "templatetags", "management", "tests"}
ROOT_MODULES = {"weiquan", "weiquan.urls", "weiquan.api", "weiquan.settings", "weiquan.asgi", "weiquan.wsgi",
                "weiquan.cli"}
SHARED = {"testing"}  # weiquan.testing: test builders every app's tests use

LEGACY: set[tuple[str, str]] = set()  # all four crossings of the first run are fixed; keep it empty
MAX_IGNORED_IMPORTS = 1

# (app, model) -> the app whose services alone create it. Users in general belong to accounts (sign-up, staff,
# agencies' accounts); only their creation in bulk, the placeholder buyers of an import, is commerce's.
OWNERS = {
    ("merchants", "Merchant"): "merchants",
    ("commerce", "Order"): "commerce", ("commerce", "OrderLine"): "commerce", ("commerce", "Product"): "commerce",
    ("complaints", "Complaint"): "complaints", ("complaints", "ComplaintEvent"): "complaints",
}
BULK_USERS = {"accounts", "commerce"}
CREATE_METHODS = {"create", "get_or_create", "update_or_create", "bulk_create"}
USER = ("accounts", "User")


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


def _models_imported(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Local name -> (app, model) for names imported from an app's models (`from weiquan.commerce.models import
    Order`), plus the user model however it is reached."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("weiquan."):
            parts = node.module.split(".")
            if len(parts) >= 3 and parts[2] == "models":
                for alias in node.names:
                    names[alias.asname or alias.name] = (parts[1], alias.name)
    return names


def creations(source: str) -> Iterator[tuple[int, tuple[str, str], bool]]:
    """(line, (app, model), in bulk) for each place `source` creates a model row."""
    tree = ast.parse(source)
    models = _models_imported(tree)

    def model_of(node: ast.expr) -> tuple[str, str] | None:
        if isinstance(node, ast.Name):
            return models.get(node.id) or (USER if node.id == "User" else None)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "get_user_model":
            return USER
        return None

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr in CREATE_METHODS and isinstance(func.value, ast.Attribute)
                and func.value.attr == "objects" and (model := model_of(func.value.value))):
            yield node.lineno, model, func.attr == "bulk_create"
        elif (isinstance(func, ast.Name | ast.Attribute) and getattr(func, "id", getattr(func, "attr", "")) ==
              "rows_insert" and node.args and (model := model_of(node.args[0]))):
            yield node.lineno, model, True
        elif isinstance(func, ast.Name) and func.id in models and models[func.id] in OWNERS:
            yield node.lineno, models[func.id], False


def foreign_creations(root: Path) -> list[str]:
    """Where a module outside the owning app creates an owned model (tests, test builders and migrations aside)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if len(parts) < 3 or parts[1] in SHARED or "tests" in parts or "migrations" in parts:
            continue
        app = parts[1]
        for line, model, bulk in creations(path.read_text(encoding="utf-8")):
            owner = OWNERS.get(model)
            if model == USER and bulk and app not in BULK_USERS:
                owner = "commerce"
            if owner and owner != app:
                what = ".".join(model) + (" rows in bulk" if model == USER else "")
                found.append(f"{'.'.join(parts)}:{line} creates {what}: only {owner}'s services do")
    return found


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
    project = Path(__file__).resolve().parent.parent
    creators = foreign_creations(project / ROOT)
    for message in creators:
        print(message)
    count = ignored_imports(project / "pyproject.toml")
    if count > MAX_IGNORED_IMPORTS:
        print(f"import-linter ignore_imports grew to {count} (at most {MAX_IGNORED_IMPORTS}): fix the import instead")
    print(f"app boundaries: {len(new)} new crossings, {len(found) - len(new)} legacy, "
          f"{count} ignored imports (at most {MAX_IGNORED_IMPORTS}), {len(creators)} rows created outside their owner")
    return 1 if new or gone or creators or count > MAX_IGNORED_IMPORTS else 0


if __name__ == "__main__":
    sys.exit(main())
