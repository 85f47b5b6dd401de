"""The decision form's rule picker: every known rule ID with its title, and the ones the case's assessment cites."""

import re
from typing import Any

from django.utils.translation import get_language

RULE_ID = re.compile(r"^R-[A-Z0-9-]+$")


def _titles() -> dict[str, dict[str, str]]:
    try:
        from weiquan.rights import RULE_TITLES
    except ImportError:  # a rights engine without a title table: the picker falls back to typed IDs
        return {}
    return RULE_TITLES


def rule_choices() -> list[tuple[str, str]]:
    """(rule ID, "ID · title" in the reader's language) for every known rule, sorted by ID."""
    english = (get_language() or "").startswith("en")
    return [(rule_id, f"{rule_id} · {entry['en'] if english else entry['zh']}")
            for rule_id, entry in sorted(_titles().items())]


def rule_ids_in(value: Any) -> list[str]:
    """Every rule ID cited anywhere in the stored assessment (pre-selected in the picker)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, item in node.items():
                if isinstance(key, str) and RULE_ID.match(key):
                    found.add(key)
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and RULE_ID.match(node):
            found.add(node)

    walk(value)
    return sorted(found)
