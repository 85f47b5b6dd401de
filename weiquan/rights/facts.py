"""Validated facts: the typed form of a request once `schema.validate_facts` has accepted it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

DISTANCE_CHANNELS = frozenset({"online", "tv", "phone", "mail"})


@dataclass(frozen=True, slots=True)
class Line:
    sku: str | None
    paid: Decimal
    returned: bool


@dataclass(frozen=True, slots=True)
class Gift:
    name: str | None
    stated_price: Decimal | None
    returned: bool


@dataclass(frozen=True, slots=True)
class ThreeGuarantees:
    sale_date: date  # the sale day given, or else receipt_date (validation refuses a block with neither)
    sale_date_given: bool
    warranty_months: int | None  # None: not stated; the engine applies DEFAULT_WARRANTY_MONTHS with a warning
    days_in_repair: int = 0


@dataclass(frozen=True, slots=True)
class Purchase:
    channel: str
    purpose: str
    category: str | None
    statutory_exclusion: str | None
    confirmable_exclusion: str | None
    exclusion_confirmed_at_purchase: bool
    seller_promises_no_reason_return: bool
    price_paid: Decimal | None
    purchase_date: date | None
    receipt_date: date | None
    lines: tuple[Line, ...] | None
    free_shipping_threshold: Decimal | None
    standard_shipping_fee: Decimal | None
    gifts: tuple[Gift, ...]
    durable_goods: bool = False
    three_guarantees: ThreeGuarantees | None = None

    @property
    def lines_total(self) -> Decimal | None:
        return None if self.lines is None else sum((line.paid for line in self.lines), Decimal("0"))

    @property
    def goods_price(self) -> Decimal | None:
        """The price of the goods in dispute: `price_paid`, or the sum of the lines when only lines are given."""
        return self.price_paid if self.price_paid is not None else self.lines_total


@dataclass(frozen=True, slots=True)
class Goods:
    package_opened: bool = False
    reasonable_testing_only: bool = True
    accessories_complete: bool = True
    labels_intact: bool = True
    usage_marks: bool = False
    activated_or_personal_data: bool = False
    food_or_cosmetic_seal_broken: bool = False


@dataclass(frozen=True, slots=True)
class Defect:
    fraud: bool = False
    food_safety_violation: bool = False
    drug_fake_or_substandard: bool = False
    seller_knew: bool = False
    label_only_no_safety_impact: bool = False
    loss: Decimal = Decimal("0.00")
    injury: str = "none"
    consumer_fabrication: bool = False
    seller_identifiable_by_platform: bool = True


@dataclass(frozen=True, slots=True)
class PlatformConduct:
    knew_or_should_have_known: bool = False
    took_necessary_measures: bool = False
    affects_life_or_health: bool = False
    failed_qualification_check: bool = False
    food_seller_licence_unchecked: bool = False
    promised_more_favourable: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    no_reason_return_notice_date: date | None
    quality_defect_found_date: date | None
    defect: Defect | None
    performance_failure_date: date | None = None
    repairs_for_same_failure: int = 0
    platform: PlatformConduct | None = None


@dataclass(frozen=True, slots=True)
class ClockRequest:
    name: str
    start: date
    period_key: str | None  # custom clocks only: working_days | days | months | years
    period_count: int | None


@dataclass(frozen=True, slots=True)
class Facts:
    as_of: date
    purchase: Purchase | None
    goods: Goods
    claim: Claim | None
    clocks: tuple[ClockRequest, ...]
