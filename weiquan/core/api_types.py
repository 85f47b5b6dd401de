"""Input types for API schemas that refuse what would otherwise be altered silently or break later: amounts written
with fullwidth digits, exponents or more than two decimals, infinite numbers, times without a zone offset, and
years no record can have. Each refusal is a 422 naming the field (the API's validation handler)."""

import math
import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

PLAIN_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100


def _money_input(value):
    if isinstance(value, bool):
        raise ValueError("an amount is a number, not true/false")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("an amount must be a finite number")
        value = repr(value)
    if isinstance(value, str):
        text = value.strip()
        if not PLAIN_DECIMAL.fullmatch(text):
            raise ValueError("an amount is written with ASCII digits and at most one point, e.g. 12.50")
        return Decimal(text)
    if isinstance(value, int) and abs(value) > 10**15:
        raise ValueError("the amount is out of range")
    return value


def _aware_in_range(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a time needs its zone offset, e.g. 2026-03-01T10:00:00+08:00")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


Money = Annotated[Decimal, BeforeValidator(_money_input)]
When = Annotated[datetime, AfterValidator(_aware_in_range)]
