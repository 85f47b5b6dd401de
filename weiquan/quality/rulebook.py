"""What a listing must show (商品信息透明): a category's rulebook applied to a listing's structured attributes. Pure."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

TRUTHY = {"1", "true", "yes", "y", "是", "required"}


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    label_en: str = ""
    required_when: str = ""
    basis: str = ""


def present(value: Any) -> bool:
    """Shown means a real value: not missing, not blank, not an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


def truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in TRUTHY
    return bool(value)


def applies(requirement: Requirement, attributes: Mapping[str, Any]) -> bool:
    return not requirement.required_when or truthy(attributes.get(requirement.required_when))


def missing_information(attributes: Mapping[str, Any], requirements: Iterable[Requirement]) -> list[dict]:
    """The requirements this listing does not meet, in rulebook order, each with its key, label and basis."""
    return [
        {"key": r.key, "label": r.label, "label_en": r.label_en, "basis": r.basis}
        for r in requirements
        if applies(r, attributes) and not present(attributes.get(r.key))
    ]
