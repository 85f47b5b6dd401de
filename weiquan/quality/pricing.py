"""Price honesty (明码标价和禁止价格欺诈规定): a struck-through reference price must not exceed the lowest price
actually charged in the 7 days before the promotion, or the last price charged before it when there was none.

The window is the 7 x 24 hours before the promotion starts: a transaction exactly 7 days before counts, one at the
start of the promotion does not (it is a promotion price). Pure: the caller passes the price history.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Point:
    id: object
    at: datetime
    price: Decimal


@dataclass(frozen=True)
class PriceVerdict:
    violation: bool
    basis: str  # lowest_7d | last_transaction | no_transaction
    basis_price: Decimal | None
    basis_point: Point | None
    window_start: datetime
    window_end: datetime
    considered: list[Point] = field(default_factory=list)

    def evidence(self, reference_price: Decimal) -> dict:
        return {
            "reference_price": str(reference_price),
            "basis": self.basis,
            "basis_price": None if self.basis_price is None else str(self.basis_price),
            "basis_point": None if self.basis_point is None else {
                "id": str(self.basis_point.id), "at": self.basis_point.at.isoformat(),
                "price": str(self.basis_point.price)},
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "points": [{"id": str(p.id), "at": p.at.isoformat(), "price": str(p.price)} for p in self.considered],
            "excess": None if self.basis_price is None else str(reference_price - self.basis_price),
        }


def check_reference_price(*, reference_price: Decimal, promotion_starts_at: datetime,
                          points: Iterable[Point]) -> PriceVerdict:
    if promotion_starts_at.tzinfo is None:
        raise ValueError("promotion_starts_at must be timezone-aware")
    start, end = promotion_starts_at - WINDOW, promotion_starts_at
    history = sorted(points, key=lambda p: (p.at, str(p.id)))
    in_window = [p for p in history if start <= p.at < end]
    if in_window:
        lowest = min(in_window, key=lambda p: (p.price, p.at))
        return PriceVerdict(reference_price > lowest.price, "lowest_7d", lowest.price, lowest, start, end, in_window)
    before = [p for p in history if p.at < start]
    if before:
        last = before[-1]
        return PriceVerdict(reference_price > last.price, "last_transaction", last.price, last, start, end, [last])
    # A reference price with no transaction behind it at all is a price nobody ever paid.
    return PriceVerdict(True, "no_transaction", None, None, start, end, [])
