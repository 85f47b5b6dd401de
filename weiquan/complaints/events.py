"""The case record: append-only events, each hashed with its predecessor's hash (E-commerce Law Art.62).

The complaint row holds the chain's head (count and last hash), so that deleting the newest event is detected too.
Callers hold the complaint's row lock, which also serialises the sequence numbers.

Each event is checked with the digest format it was written with (`hash_version`): version 1 left out
`visible_to_parties`; version 2 covers it and the version number itself. Stored events are never re-hashed, so a
chain may start in version 1 and go on in version 2, but never goes back down (the versioning is shared with the
merchant chain, in core/hashchain.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from weiquan.complaints.models import EVENT_HASH_VERSION, Complaint, ComplaintEvent
from weiquan.core import hashchain

GENESIS = hashchain.GENESIS
HASH_VERSIONS = frozenset({1, 2})  # every digest format an event may carry; new events get EVENT_HASH_VERSION


_plain = hashchain.plain  # what the JSON column gives back: the hash covers exactly what is stored


def event_digest(*, complaint_id: int, seq: int, type: str, actor_id: int | None, actor_role: str, at: datetime,
                 old: dict, new: dict, data: dict, visible_to_parties: bool, prev_hash: str,
                 hash_version: int = EVENT_HASH_VERSION) -> str:
    """The SHA-256 an event of `hash_version` stores. Version 1 is frozen as first written (it ignores
    `visible_to_parties`); version 2 adds the visibility and the version, so that neither can be edited alone."""
    fields = _hashed_fields(complaint_id=complaint_id, seq=seq, type=type, actor_id=actor_id, actor_role=actor_role,
                            at=at, old=old, new=new, data=data, visible_to_parties=visible_to_parties,
                            hash_version=hash_version)
    return hashchain.digest(fields, prev_hash)


def _hashed_fields(*, complaint_id: int, seq: int, type: str, actor_id: int | None, actor_role: str, at: datetime,
                   old: dict, new: dict, data: dict, visible_to_parties: bool, hash_version: int) -> dict:
    return hashchain.versioned_fields(
        {
            "complaint": complaint_id, "seq": seq, "type": type, "actor": actor_id, "role": actor_role,
            "at": hashchain.canonical_time(at), "old": old, "new": new, "data": data,
        },
        version=hash_version, known=HASH_VERSIONS, added={"visible": bool(visible_to_parties)},
    )


def record_event(complaint: Complaint, *, type: str, actor, actor_role: str, old: dict | None = None,
                 new: dict | None = None, data: dict | None = None, visible_to_parties: bool = True,
                 at: datetime | None = None) -> ComplaintEvent:
    at = at or timezone.now()
    old, new, data = _plain(old), _plain(new), _plain(data)
    seq = complaint.event_count + 1
    prev_hash = complaint.event_head or GENESIS
    digest = event_digest(
        complaint_id=complaint.pk, seq=seq, type=type, actor_id=actor.pk if actor else None, actor_role=actor_role,
        at=at, old=old, new=new, data=data, visible_to_parties=visible_to_parties, prev_hash=prev_hash,
        hash_version=EVENT_HASH_VERSION,
    )
    event = ComplaintEvent.objects.create(
        complaint=complaint, seq=seq, type=type, actor=actor, actor_role=actor_role, at=at, old=old, new=new,
        data=data, visible_to_parties=visible_to_parties, hash_version=EVENT_HASH_VERSION, prev_hash=prev_hash,
        hash=digest,
    )
    complaint.event_count, complaint.event_head = seq, digest
    Complaint.objects.filter(pk=complaint.pk).update(event_count=seq, event_head=digest)
    return event


@dataclass(frozen=True)
class ChainBreak:
    complaint_id: int
    reference: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event #{self.seq}" if self.seq is not None else "the chain head"
        return f"{self.reference} (complaint {self.complaint_id}): {where}: {self.problem}"


def _fields_of(complaint_id: int):
    def fields_of(event: ComplaintEvent) -> dict:
        return _hashed_fields(
            complaint_id=complaint_id, seq=event.seq, type=event.type, actor_id=event.actor_id,
            actor_role=event.actor_role, at=event.at, old=event.old, new=event.new, data=event.data,
            visible_to_parties=event.visible_to_parties, hash_version=event.hash_version,
        )

    return fields_of


def verify_complaint_chain(complaint: Complaint, events=None) -> ChainBreak | None:
    """The first break in one case's chain, or None when every event is as it was written."""
    rows = events if events is not None else complaint.events.order_by("seq")
    found = hashchain.verify(rows, fields_of=_fields_of(complaint.pk), head_count=complaint.event_count,
                             head_hash=complaint.event_head, versions=HASH_VERSIONS)
    if found is None:
        return None
    problem = "newest events are missing (deleted?)" if found.seq is None else found.problem
    return ChainBreak(complaint.pk, complaint.reference, found.seq, problem)


def verify_all_chains(batch_size: int = 500):
    """Yield every break, complaint by complaint, streaming events in id order (constant memory)."""
    for complaint in Complaint.objects.order_by("pk").only("pk", "reference", "event_count", "event_head").iterator(
        chunk_size=batch_size
    ):
        problem = verify_complaint_chain(complaint)
        if problem:
            yield problem
