"""The merchant's governance record: append-only events, each hashed with its predecessor (as for complaints).

Writers call `record_event` inside their transaction; it takes the merchant's row lock (which serialises the sequence
numbers) unless the caller already holds it.

Each event is checked with the digest format it was written with (`hash_version`, see core/hashchain.py): version 1
left out `visible_to_merchant`; version 2 covers it and the version number itself.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from weiquan.core import hashchain
from weiquan.merchants.models import EVENT_HASH_VERSION, Merchant, MerchantEvent

HASH_VERSIONS = frozenset({1, 2})  # every digest format an event may carry; new events get EVENT_HASH_VERSION


def event_fields(*, merchant_id: int, seq: int, type: str, actor_id: int | None, actor_role: str, at: datetime,
                 rule_id: str, old: dict, new: dict, data: dict, visible_to_merchant: bool,
                 hash_version: int = EVENT_HASH_VERSION) -> dict:
    """What an event of `hash_version` hashes. Version 1 is frozen as first written (it ignores
    `visible_to_merchant`), so that a staff-only event cannot be shown to the merchant unnoticed from version 2 on."""
    return hashchain.versioned_fields(
        {"merchant": merchant_id, "seq": seq, "type": type, "actor": actor_id, "role": actor_role,
         "at": hashchain.canonical_time(at), "rule": rule_id, "old": old, "new": new, "data": data},
        version=hash_version, known=HASH_VERSIONS, added={"visible": bool(visible_to_merchant)},
    )


def actor_role(actor) -> str:
    if actor is None:
        return "system"
    if actor.is_superuser and actor.role not in ("compliance", "merchant"):
        return "admin"
    return actor.role


def record_event(merchant: Merchant, *, type: str, actor, rule_id: str = "", old: dict | None = None,
                 new: dict | None = None, data: dict | None = None, visible_to_merchant: bool = True,
                 at: datetime | None = None) -> MerchantEvent:
    at = at or timezone.now()
    old, new, data = hashchain.plain(old), hashchain.plain(new), hashchain.plain(data)
    # Re-read the head under the row lock: the caller's copy of `merchant` may be stale.
    head = Merchant.objects.select_for_update().only("event_count", "event_head").get(pk=merchant.pk)
    seq = head.event_count + 1
    prev_hash = head.event_head or hashchain.GENESIS
    role = actor_role(actor)
    digest = hashchain.digest(
        event_fields(merchant_id=merchant.pk, seq=seq, type=type, actor_id=actor.pk if actor else None,
                     actor_role=role, at=at, rule_id=rule_id, old=old, new=new, data=data,
                     visible_to_merchant=visible_to_merchant, hash_version=EVENT_HASH_VERSION),
        prev_hash,
    )
    event = MerchantEvent.objects.create(
        merchant_id=merchant.pk, seq=seq, type=type, actor=actor, actor_role=role, at=at, rule_id=rule_id, old=old,
        new=new, data=data, visible_to_merchant=visible_to_merchant, hash_version=EVENT_HASH_VERSION,
        prev_hash=prev_hash, hash=digest,
    )
    Merchant.objects.filter(pk=merchant.pk).update(event_count=seq, event_head=digest)
    merchant.event_count, merchant.event_head = seq, digest
    return event


@dataclass(frozen=True)
class ChainBreak:
    merchant_id: int
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event #{self.seq}" if self.seq is not None else "the chain head"
        return f"merchant {self.merchant_id}: {where}: {self.problem}"


def verify_merchant_chain(merchant: Merchant) -> ChainBreak | None:
    merchant = Merchant.objects.only("event_count", "event_head").get(pk=merchant.pk)

    def fields_of(e: MerchantEvent) -> dict:
        return event_fields(merchant_id=e.merchant_id, seq=e.seq, type=e.type, actor_id=e.actor_id,
                            actor_role=e.actor_role, at=e.at, rule_id=e.rule_id, old=e.old, new=e.new, data=e.data,
                            visible_to_merchant=e.visible_to_merchant, hash_version=e.hash_version)

    # Each event in its own version; an unknown version or one going down is refused before its digest is checked.
    problem = hashchain.verify(merchant.events.order_by("seq").iterator(), fields_of=fields_of,
                               head_count=merchant.event_count, head_hash=merchant.event_head,
                               versions=HASH_VERSIONS)
    return ChainBreak(merchant.pk, problem.seq, problem.problem) if problem else None


def verify_all_merchant_chains():
    for merchant in Merchant.objects.order_by("pk").only("pk").iterator(chunk_size=500):
        problem = verify_merchant_chain(merchant)
        if problem:
            yield problem
