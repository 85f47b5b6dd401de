"""The platform's data coming in: orders with their lines, merchants, products and buyers (idempotent upserts).

Buyers, orders, order lines and products are created here and nowhere else (`tools/check_app_boundaries.py`): one
at a time by the order push, many at a time by the bulk imports (`products_for_import`,
`placeholder_purchases_create`).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from weiquan.accounts.models import Role
from weiquan.accounts.services import consumer_register
from weiquan.commerce.models import PLACEHOLDER_ORDER_CHANNEL, Order, OrderLine, Product
from weiquan.core.bulk import reserve_id_sets, rows_insert
from weiquan.core.errors import DomainError
from weiquan.core.idempotency import retry_after_race
from weiquan.merchants.services.stores import merchant_for_platform_store


class OrderImportError(DomainError, ValueError):
    def __init__(self, field: str, message: str):
        super().__init__("invalid", message, field=field)
        self.args = (f"{field}: {message}",)  # the import report prints the field with the message


@dataclass(frozen=True)
class LineData:
    line_no: int
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    paid_amount: Decimal
    category: str = ""
    preselected_addon: bool = False
    list_price: Decimal | None = None
    price_segment: str = ""
    confirmed_exclusion: str = ""  # the NR Art.7 exclusion the buyer confirmed at checkout, if any


@dataclass(frozen=True)
class BuyerSignals:
    """Signals the platform hashed before sending (never raw devices or addresses)."""

    account_created_at: datetime | None = None
    device_hash: str = ""
    address_hash: str = ""


@dataclass(frozen=True)
class GiftData:
    name: str
    stated_price: Decimal | None = None


# The NR Art.7 exclusions a buyer can confirm at checkout (RIGHTS_API.md purchase.confirmable_exclusion).
CONFIRMABLE_EXCLUSIONS = ("safety_health_once_unsealed", "value_drops_once_activated",
                          "near_expiry_or_defective_disclosed")


@dataclass(frozen=True)
class OrderData:
    order_no: str
    consumer_external_id: str
    merchant_external_id: str
    merchant_name: str
    total_paid: Decimal
    placed_at: datetime
    lines: tuple[LineData, ...]
    consumer_name: str = ""
    consumer_phone: str = ""
    consumer_address: str = ""
    shipping_fee: Decimal = Decimal("0")
    channel: str = "online"
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    received_at: datetime | None = None
    refunded_at: datetime | None = None
    buyer_signals: BuyerSignals | None = None
    gifts: tuple[GiftData, ...] = ()
    free_shipping_threshold: Decimal | None = None
    standard_shipping_fee: Decimal | None = None


INTEGRATION_ROLES = {Role.INTEGRATION, Role.ADMIN}
USERNAME_BASE_LENGTH = 140  # of the 150 a username may have: room for a "-<n>" suffix
USERNAME_BATCH = 20  # names checked per query when the plain one is taken
HASH_RE = re.compile(r"^[A-Za-z0-9_\-=+/]{8,128}$")


def _validate(data: OrderData) -> None:
    if not data.order_no or len(data.order_no) > 64:
        raise OrderImportError("order_no", "must be 1-64 characters")
    if not data.lines:
        raise OrderImportError("lines", "an order needs at least one line")
    numbers = [line.line_no for line in data.lines]
    if len(numbers) != len(set(numbers)):
        raise OrderImportError("lines", "line numbers must be unique")
    for line in data.lines:
        if line.quantity < 1 or line.unit_price < 0 or line.paid_amount < 0:
            raise OrderImportError(f"lines[{line.line_no}]", "quantity >= 1 and non-negative amounts")
        if line.list_price is not None and line.list_price < 0:
            raise OrderImportError(f"lines[{line.line_no}].list_price", "must not be negative")
        if line.confirmed_exclusion and line.confirmed_exclusion not in CONFIRMABLE_EXCLUSIONS:
            raise OrderImportError(f"lines[{line.line_no}].confirmed_exclusion",
                                   "must be one of " + ", ".join(CONFIRMABLE_EXCLUSIONS))
    if data.total_paid < 0:
        raise OrderImportError("total_paid", "must not be negative")
    for amount_field in ("free_shipping_threshold", "standard_shipping_fee"):
        value = getattr(data, amount_field)
        if value is not None and value < 0:
            raise OrderImportError(amount_field, "must not be negative")
    for index, gift in enumerate(data.gifts):
        if not gift.name or len(gift.name) > 200 or (gift.stated_price is not None and gift.stated_price < 0):
            raise OrderImportError(f"gifts[{index}]", "a gift needs a name of 1-200 characters and a non-negative price")
    signals = data.buyer_signals or BuyerSignals()
    stamps = [data.placed_at, data.paid_at, data.shipped_at, data.received_at, data.refunded_at,
              signals.account_created_at]
    if any(s is not None and s.tzinfo is None for s in stamps):
        raise OrderImportError("timestamps", "must carry a time zone")
    if data.received_at and data.shipped_at and data.received_at < data.shipped_at:
        raise OrderImportError("received_at", "cannot be before shipped_at")
    if data.refunded_at and data.refunded_at < data.placed_at:
        raise OrderImportError("refunded_at", "cannot be before placed_at")
    for name in ("device_hash", "address_hash"):
        value = getattr(signals, name)
        if value and not HASH_RE.match(value):
            raise OrderImportError(f"buyer_signals.{name}", "must be a hash (8-128 hex or base64url characters)")


def _free_username(external_id: str) -> str:
    """`buyer-<id>`, or when another account already holds that name, the first free of `buyer-<id>-2`, `-3`, ...
    The same accounts give the same answer, so a retried push picks the name the first attempt would have."""
    base = f"buyer-{external_id}"[:USERNAME_BASE_LENGTH]
    users = get_user_model().objects
    start = 1
    while True:
        candidates = [base if n == 1 else f"{base}-{n}" for n in range(start, start + USERNAME_BATCH)]
        taken = set(users.filter(username__in=candidates).values_list("username", flat=True))
        free = [name for name in candidates if name not in taken]
        if free:
            return free[0]
        start += USERNAME_BATCH


def _consumer(data: OrderData):
    User = get_user_model()
    # The buyer is whoever carries the platform's buyer id; an account that merely has the matching name is not.
    user = User.objects.filter(external_id=data.consumer_external_id).first()
    if user is None:
        return consumer_register(
            username=_free_username(data.consumer_external_id), password="", display_name=data.consumer_name,
            phone=data.consumer_phone, address=data.consumer_address, external_id=data.consumer_external_id,
        )
    if user.role != Role.CONSUMER:
        raise OrderImportError("consumer.external_id", "belongs to an account that is not a consumer")
    return user


def order_upsert(*, actor, data: OrderData) -> tuple[Order, bool]:
    """Create or update an order exactly as the platform describes it. Returns (order, created)."""
    if actor.role not in INTEGRATION_ROLES and not actor.is_superuser:
        raise PermissionError("only the platform integration pushes orders")
    _validate(data)
    # A parallel push of the same order (or of a first order of the same buyer) may insert the row first; a second
    # pass finds it and updates it, as a retried push would.
    return retry_after_race(lambda: _upsert(data))


def _upsert(data: OrderData) -> tuple[Order, bool]:
    with transaction.atomic():
        merchant = merchant_for_platform_store(external_id=data.merchant_external_id, name=data.merchant_name,
                                               goods_categories=[line.category for line in data.lines])
        consumer = _consumer(data)
        existing = Order.objects.select_for_update().filter(order_no=data.order_no).first()
        if existing and (existing.merchant_id != merchant.pk or existing.consumer_id != consumer.pk):
            if existing.complaints.exists():
                raise OrderImportError("order_no", "an order under complaint cannot change buyer or merchant")
        order = existing or Order(order_no=data.order_no)
        order.consumer, order.merchant = consumer, merchant
        order.channel, order.total_paid, order.shipping_fee = data.channel, data.total_paid, data.shipping_fee
        order.placed_at, order.paid_at = data.placed_at, data.paid_at
        order.shipped_at, order.received_at = data.shipped_at, data.received_at
        order.refunded_at = data.refunded_at
        if data.buyer_signals is not None:  # a push without signals keeps the ones an earlier push sent
            signals = data.buyer_signals
            order.buyer_account_created_at = signals.account_created_at
            order.buyer_device_hash, order.buyer_address_hash = signals.device_hash, signals.address_hash
        order.gifts = [{"name": gift.name, "stated_price": None if gift.stated_price is None
                        else f"{gift.stated_price:.2f}"} for gift in data.gifts]
        order.free_shipping_threshold, order.standard_shipping_fee = (data.free_shipping_threshold,
                                                                     data.standard_shipping_fee)
        if not existing or data.consumer_name or data.consumer_phone:
            order.recipient_name, order.recipient_phone = data.consumer_name, data.consumer_phone
            order.recipient_address = data.consumer_address
        order.save()
        wanted = set()
        for line in data.lines:
            product, _ = Product.objects.get_or_create(
                merchant=merchant, sku=line.sku, defaults={"title": line.title, "category": line.category,
                                                           "price": line.unit_price},
            )
            OrderLine.objects.update_or_create(
                order=order, line_no=line.line_no,
                defaults={"product": product, "title": line.title, "quantity": line.quantity,
                          "unit_price": line.unit_price, "paid_amount": line.paid_amount,
                          "preselected_addon": line.preselected_addon, "list_price": line.list_price,
                          "price_segment": line.price_segment,
                          "confirmed_exclusion": line.confirmed_exclusion},
            )
            wanted.add(line.line_no)
        # Lines the platform dropped go, unless a complaint names them: the record of a case is never changed.
        order.lines.exclude(line_no__in=wanted).filter(complaints__isnull=True).delete()
    return order, existing is None



def orders_erase_recipient(*, consumer_id: int) -> int:
    """Erase the delivery name, phone and address and the buyer signals of a person's orders (PIPL Art.47); the
    orders themselves stay as the transaction record. Answers how many orders were changed."""
    return Order.objects.filter(consumer_id=consumer_id).update(
        recipient_name="", recipient_phone="", recipient_address="", buyer_address_hash="", buyer_device_hash="")


# Bulk imports ---------------------------------------------------------------------------------------------------
# Historic cases (a CFPB export) come with a store and a product but no sale. These write in the caller's
# transaction, without the ORM's per-object work (decision 0006), and check nothing per row that the caller's
# own validation already checked.

@dataclass(frozen=True)
class PlaceholderPurchase:
    """What an imported case hangs off when its source names no sale: an inactive buyer without personal data (the
    source's cases cannot be linked to one person, so one buyer per case), an order of amount 0 on the placeholder
    channel, and its one line."""

    key: str  # the case's id at the source: names the buyer and the order
    merchant_id: int
    product_id: int
    title: str
    placed_at: datetime


def _check_importer(actor) -> None:
    if actor is None or actor.role not in INTEGRATION_ROLES:
        raise PermissionError("only the platform integration or an admin imports cases")


def products_for_import(*, actor, wanted: dict[tuple[int, str], tuple[str, str]]) -> dict[tuple[int, str], int]:
    """{(merchant id, sku): product id} for every key of `wanted` ({(merchant id, sku): (title, category)}),
    creating the missing products. Created in key order, like every writer: two imports creating the same products
    queue instead of deadlocking; a product created meanwhile by someone else is simply found."""
    _check_importer(actor)
    found: dict[tuple[int, str], int] = {}
    if not wanted:
        return found
    merchant_ids, skus = {m for m, _ in wanted}, {s for _, s in wanted}

    def load() -> None:
        for m, s, pk in Product.objects.filter(merchant_id__in=merchant_ids, sku__in=skus).values_list(
                "merchant_id", "sku", "pk"):
            if (m, s) in wanted:
                found[(m, s)] = pk

    load()
    new = [Product(merchant_id=m, sku=s, title=t, category=c) for (m, s), (t, c) in sorted(wanted.items())
           if (m, s) not in found]
    if new:
        Product.objects.bulk_create(new, ignore_conflicts=True)
        load()
    return found


_ZERO = Decimal("0")


def placeholder_purchases_create(*, actor, source: str, purchases: list[PlaceholderPurchase]
                                 ) -> list[tuple[int, int, int]]:
    """Create each purchase's buyer (username `<source>-<key>`, platform id `<source>:<key>`), order
    (`<SOURCE>-<key>`) and line; (buyer id, order id, line id) per purchase, in order. The caller holds a
    transaction and knows the keys are new (their unique names clash otherwise)."""
    _check_importer(actor)
    User = get_user_model()
    user_ids, order_ids, line_ids = reserve_id_sets(len(purchases), User, Order, OrderLine)
    password = f"!{source}-placeholder"  # "!" starts no hash: no password opens the account
    rows_insert(User, [
        {"id": pk, "username": f"{source}-{p.key}", "external_id": f"{source}:{p.key}", "role": Role.CONSUMER,
         "password": password, "is_active": False}
        for pk, p in zip(user_ids, purchases, strict=True)
    ])
    prefix = source.upper()
    rows_insert(Order, [
        {"id": order_id, "order_no": f"{prefix}-{p.key}", "consumer_id": user_id, "merchant_id": p.merchant_id,
         "channel": PLACEHOLDER_ORDER_CHANNEL, "total_paid": _ZERO, "placed_at": p.placed_at}
        for p, user_id, order_id in zip(purchases, user_ids, order_ids, strict=True)
    ])
    rows_insert(OrderLine, [
        {"id": line_id, "order_id": order_id, "line_no": 1, "product_id": p.product_id, "title": p.title,
         "quantity": 1, "unit_price": _ZERO, "paid_amount": _ZERO}
        for p, order_id, line_id in zip(purchases, order_ids, line_ids, strict=True)
    ])
    return list(zip(user_ids, order_ids, line_ids, strict=True))
