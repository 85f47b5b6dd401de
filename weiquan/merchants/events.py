"""The merchant's governance record: append-only events, each hashed with its predecessor (as for complaints).

Writers call `record_event` inside their transaction; it takes the merchant's row lock (which serialises the sequence
numbers) unless the caller already holds it.

Each event is checked with the digest format it was written with (`hash_version`, see core/hashchain.py): version 1
left out `visible_to_merchant`; version 2 covers it and the version number itself; version 3 also the digests of the
governance rows the event's transaction changed (merchants/content.py), so that a penalty, deposit, decision or the
merchant's status edited outside the services is caught by `verify_merchant` too.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from weiquan.core import hashchain
from weiquan.merchants import content as governance_content
from weiquan.merchants.models import EVENT_HASH_VERSION, Merchant, MerchantEvent

HASH_VERSIONS = frozenset({1, 2, 3})  # every digest format an event may carry; new events get EVENT_HASH_VERSION


def event_fields(*, merchant_id: int, seq: int, type: str, actor_id: int | None, actor_role: str, at: datetime,
                 rule_id: str, old: dict, new: dict, data: dict, visible_to_merchant: bool,
                 hash_version: int = EVENT_HASH_VERSION, content: dict | None = None) -> dict:
    """What an event of `hash_version` hashes. Version 1 is frozen as first written (it ignores
    `visible_to_merchant`), so that a staff-only event cannot be shown to the merchant unnoticed from version 2 on;
    version 3 adds the governance rows the event commits to."""
    added: dict[str, object] = {"visible": bool(visible_to_merchant)}
    if hash_version >= 3:
        added["content"] = content or {}
    return hashchain.versioned_fields(
        {"merchant": merchant_id, "seq": seq, "type": type, "actor": actor_id, "role": actor_role,
         "at": hashchain.canonical_time(at), "rule": rule_id, "old": old, "new": new, "data": data},
        version=hash_version, known=HASH_VERSIONS, added=added,
    )


def actor_role(actor) -> str:
    if actor is None:
        return "system"
    if actor.is_superuser and actor.role not in ("compliance", "merchant"):
        return "admin"
    return actor.role


def record_event(merchant: Merchant, *, type: str, actor, rule_id: str = "", old: dict | None = None,
                 new: dict | None = None, data: dict | None = None, visible_to_merchant: bool = True,
                 at: datetime | None = None, written: Iterable[str] = ()) -> MerchantEvent:
    """`written`: rows (as "inspection:12") the caller wrote before it took the merchant's lock; they are committed
    against the record rather than against the content the lock noted (content_delta)."""
    at = at or timezone.now()
    old, new, data = hashchain.plain(old), hashchain.plain(new), hashchain.plain(data)
    # Re-read the head under the row lock: the caller's copy of `merchant` may be stale.
    head = Merchant.objects.select_for_update().only("event_count", "event_head").get(pk=merchant.pk)
    seq = head.event_count + 1
    prev_hash = head.event_head or hashchain.GENESIS
    role = actor_role(actor)
    changed = content_delta(merchant, written=written)
    digest = hashchain.digest(
        event_fields(merchant_id=merchant.pk, seq=seq, type=type, actor_id=actor.pk if actor else None,
                     actor_role=role, at=at, rule_id=rule_id, old=old, new=new, data=data,
                     visible_to_merchant=visible_to_merchant, hash_version=EVENT_HASH_VERSION, content=changed),
        prev_hash,
    )
    event = MerchantEvent.objects.create(
        merchant_id=merchant.pk, seq=seq, type=type, actor=actor, actor_role=role, at=at, rule_id=rule_id, old=old,
        new=new, data=data, visible_to_merchant=visible_to_merchant, hash_version=EVENT_HASH_VERSION,
        content=changed, prev_hash=prev_hash, hash=digest,
    )
    Merchant.objects.filter(pk=merchant.pk).update(event_count=seq, event_head=digest)
    merchant.event_count, merchant.event_head = seq, digest
    return event


def remember_content(merchant: Merchant) -> Merchant:
    """Note the merchant's governance rows as they are when a service takes its row lock: the next event commits
    what the service changes from there, and nothing edited outside the services before (as for cases)."""
    merchant._content_before = governance_content.content_map(merchant.pk)  # type: ignore[attr-defined]
    return merchant


def recorded_content(merchant_id: int) -> dict[str, str]:
    """What the chain says each governance row is: the merchant as created, then its version-3 events' deltas."""
    salt = Merchant.objects.filter(pk=merchant_id).values_list("content_salt", flat=True).first() or ""
    deltas = MerchantEvent.objects.filter(merchant_id=merchant_id, hash_version__gte=3).order_by("seq")
    return governance_content.replay([governance_content.fresh(merchant_id, salt),
                                      *deltas.values_list("content", flat=True)])


def content_delta(merchant: Merchant, *, written: Iterable[str] = ()) -> dict:
    before = getattr(merchant, "_content_before", None)
    if merchant.event_count and not MerchantEvent.objects.filter(merchant_id=merchant.pk, hash_version__gte=3).exists():
        before = {}  # the first commitment of a chain written before version 3 (without its snapshot): all of it
    elif before is None:  # written without the service lock (a new merchant): against what the chain records
        before = recorded_content(merchant.pk)
    elif written:
        recorded = recorded_content(merchant.pk)
        before = {k: v for k, v in before.items() if k not in written}
        before.update({k: recorded[k] for k in written if k in recorded})
    after = governance_content.content_map(merchant.pk)
    # A second event in the same transaction commits only what follows (an attribute, not a model field).
    merchant._content_before = after  # type: ignore[attr-defined]
    return governance_content.delta(before, after)


@dataclass(frozen=True)
class ChainBreak:
    merchant_id: int
    seq: int | None
    problem: str
    row_key: str | None = None  # a governance row ("penalty:12") the record does not match

    @property
    def row_display(self) -> str:
        """The row in the reader's language, for the console's merchant page."""
        kind, _, pk = (self.row_key or "").partition(":")
        name = governance_content.ROW_NAMES.get(kind, kind)
        return f"{name}" if kind == "merchant" else f"{name} #{pk}"

    def __str__(self) -> str:
        if self.row_key is not None:
            kind, _, pk = self.row_key.partition(":")
            row = "its status and clocks" if kind == "merchant" else f"{kind.replace('_', ' ')} {pk}"
            return f"merchant {self.merchant_id}: {row}: {self.problem}"
        where = f"event #{self.seq}" if self.seq is not None else "the chain head"
        return f"merchant {self.merchant_id}: {where}: {self.problem}"


def verify_merchant_chain(merchant: Merchant) -> ChainBreak | None:
    """The first problem with one merchant's record (see `verify_merchant`), or None when all is as written."""
    problems = verify_merchant(merchant)
    return problems[0] if problems else None


def verify_merchant(merchant: Merchant) -> list[ChainBreak]:
    """Every problem with one merchant's record: the first break in its event chain, then every governance row the
    chain does not vouch for (edited, deleted or added outside the services). Empty when all is as written."""
    problems = [p for p in [_chain_break(merchant)] if p is not None]
    versions = set(MerchantEvent.objects.filter(merchant_id=merchant.pk).values_list("hash_version", flat=True))
    if versions and max(versions) < 3:
        return problems  # a chain from before version 3 commits to no rows (the snapshot migration gives one)
    stored = governance_content.content_map(merchant.pk)
    for item in governance_content.compare(recorded_content(merchant.pk), stored):
        problems.append(ChainBreak(merchant.pk, None, item.problem, row_key=item.key))
    return problems


def _chain_break(merchant: Merchant) -> ChainBreak | None:
    merchant = Merchant.objects.only("event_count", "event_head").get(pk=merchant.pk)

    def fields_of(e: MerchantEvent) -> dict:
        return event_fields(merchant_id=e.merchant_id, seq=e.seq, type=e.type, actor_id=e.actor_id,
                            actor_role=e.actor_role, at=e.at, rule_id=e.rule_id, old=e.old, new=e.new, data=e.data,
                            visible_to_merchant=e.visible_to_merchant, hash_version=e.hash_version,
                            content=e.content)

    # Each event in its own version; an unknown version or one going down is refused before its digest is checked.
    problem = hashchain.verify(merchant.events.order_by("seq").iterator(), fields_of=fields_of,
                               head_count=merchant.event_count, head_hash=merchant.event_head,
                               versions=HASH_VERSIONS)
    return ChainBreak(merchant.pk, problem.seq, problem.problem) if problem else None


def verify_all_merchant_chains():
    for merchant in Merchant.objects.order_by("pk").only("pk").iterator(chunk_size=500):
        yield from verify_merchant(merchant)
