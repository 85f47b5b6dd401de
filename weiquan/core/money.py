"""Money is Decimal with two places in CNY; never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_money(value: object) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a string or Decimal")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_cny(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"¥{to_money(amount):,.2f}"
