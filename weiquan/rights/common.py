"""Small helpers shared by the engine's parts: money formatting, dates, and the list of warnings."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def q2(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal | None) -> str | None:
    """Two-place CNY string, the only form money takes in an answer."""
    return None if amount is None else f"{q2(amount):.2f}"


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


class Notes:
    """Warnings collected while assessing: what was assumed, refused or left to a person.

    Each warning is one string, starting with a stable code and a colon so clients can group them.
    """

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[str] = []

    def warn(self, code: str, message: str) -> None:
        text = f"{code}: {message}"
        if text not in self.items:
            self.items.append(text)


def unique(ids: list[str]) -> list[str]:
    """Rule IDs in first-seen order without repeats."""
    return list(dict.fromkeys(ids))
