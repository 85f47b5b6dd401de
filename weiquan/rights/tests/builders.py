"""Facts documents for the tests: a plain no-reason return, a punitive claim and a clock request, with overrides."""

from __future__ import annotations

from typing import Any


def nr_facts(
    *, receipt: str = "2026-03-02", notice: str = "2026-03-09", price: str | None = "299.00",
    goods: dict[str, Any] | None = None, **purchase: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"receipt_date": receipt, **purchase}
    if price is not None:
        body["price_paid"] = price
    facts: dict[str, Any] = {
        "as_of": notice,
        "purchase": body,
        "claim": {"no_reason_return_notice_date": notice},
    }
    if goods is not None:
        facts["goods"] = goods
    return facts


def punitive_facts(price: str | None = "100.00", *, purchase: dict[str, Any] | None = None,
                   **defect: Any) -> dict[str, Any]:
    body = dict(purchase or {})
    if price is not None:
        body["price_paid"] = price
    return {"as_of": "2026-03-09", "purchase": body, "claim": {"defect": defect}}


def clock_facts(*clocks: dict[str, Any]) -> dict[str, Any]:
    return {"as_of": "2026-03-09", "clocks": list(clocks)}


def warned(answer: dict[str, Any], code: str) -> bool:
    return any(w.startswith(code + ":") for w in answer["warnings"])
