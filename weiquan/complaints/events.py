"""The case record: append-only events, each hashed with its predecessor's hash (E-commerce Law Art.62).

The complaint row holds the chain's head (count and last hash), so that deleting the newest event is detected too.
Callers hold the complaint's row lock, which also serialises the sequence numbers.

Each event is checked with the digest format it was written with (`hash_version`): version 1 left out
`visible_to_parties`; version 2 covers it and the version number itself; version 3 also the digests of the content
rows the event's transaction changed (complaints/content.py), so that a message, remedy, decision or the case's
status edited outside the services is caught by `verify_case` too. Stored events are never re-hashed, so a
chain may start in version 1 and go on in version 2, but never goes back down (the versioning is shared with the
merchant chain, in core/hashchain.py).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from weiquan.complaints import content as case_content
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import EVENT_HASH_VERSION, Complaint, ComplaintEvent
from weiquan.core import hashchain

if TYPE_CHECKING:
    from weiquan.accounts.models import User

GENESIS = hashchain.GENESIS
HASH_VERSIONS = frozenset({1, 2, 3})  # every digest format an event may carry; new events get EVENT_HASH_VERSION


_plain = hashchain.plain  # what the JSON column gives back: the hash covers exactly what is stored


def event_digest(*, complaint_id: int, seq: int, type: str, actor_id: int | None, actor_role: str, at: datetime,
                 old: dict, new: dict, data: dict, visible_to_parties: bool, prev_hash: str,
                 hash_version: int = EVENT_HASH_VERSION, content: dict | None = None) -> str:
    """The SHA-256 an event of `hash_version` stores. Version 1 is frozen as first written (it ignores
    `visible_to_parties`); version 2 adds the visibility and the version, so that neither can be edited alone."""
    fields = _hashed_fields(complaint_id=complaint_id, seq=seq, type=type, actor_id=actor_id, actor_role=actor_role,
                            at=at, old=old, new=new, data=data, visible_to_parties=visible_to_parties,
                            hash_version=hash_version, content=content)
    return hashchain.digest(fields, prev_hash)


def _hashed_fields(*, complaint_id: int, seq: int, type: str, actor_id: int | None, actor_role: str, at: datetime,
                   old: dict, new: dict, data: dict, visible_to_parties: bool, hash_version: int,
                   content: dict | None = None) -> dict:
    added: dict[str, object] = {"visible": bool(visible_to_parties)}
    if hash_version >= 3:
        added["content"] = content or {}
    return hashchain.versioned_fields(
        {
            "complaint": complaint_id, "seq": seq, "type": type, "actor": actor_id, "role": actor_role,
            "at": hashchain.canonical_time(at), "old": old, "new": new, "data": data,
        },
        version=hash_version, known=HASH_VERSIONS, added=added,
    )


def record_event(complaint: Complaint, *, type: EventType | str, actor: "User | None", actor_role: str,
                 old: dict | None = None, new: dict | None = None, data: dict | None = None,
                 visible_to_parties: bool = True, at: datetime | None = None, new_case: bool = False) -> ComplaintEvent:
    """Append the event. `new_case`: the case row was inserted in this transaction and this is its first event; its
    content is taken from the instance (nothing else can exist on it yet) and the caller saves the chain head with
    the rest of the row, so filing reads nothing back and writes the case once more instead of twice."""
    type = EventType(type).value  # a type outside the vocabulary is a bug: ValueError, nothing written
    at = at or timezone.now()
    old, new, data = _plain(old), _plain(new), _plain(data)
    seq = complaint.event_count + 1
    prev_hash = complaint.event_head or GENESIS
    if new_case and seq != 1:
        raise ValueError("only a case's first event is recorded as a new case's")
    changed = new_case_content(complaint) if new_case else content_delta(complaint)
    digest = event_digest(
        complaint_id=complaint.pk, seq=seq, type=type, actor_id=actor.pk if actor else None, actor_role=actor_role,
        at=at, old=old, new=new, data=data, visible_to_parties=visible_to_parties, prev_hash=prev_hash,
        hash_version=EVENT_HASH_VERSION, content=changed,
    )
    event = ComplaintEvent.objects.create(
        complaint=complaint, seq=seq, type=type, actor=actor, actor_role=actor_role, at=at, old=old, new=new,
        data=data, visible_to_parties=visible_to_parties, hash_version=EVENT_HASH_VERSION, content=changed,
        prev_hash=prev_hash, hash=digest,
    )
    complaint.event_count, complaint.event_head = seq, digest
    if not new_case:
        Complaint.objects.filter(pk=complaint.pk).update(event_count=seq, event_head=digest)
    return event


def remember_content(complaint: Complaint) -> Complaint:
    """Note the case's content as it is when a service takes its row lock: the next event commits what the service
    changes from there, and nothing that was edited outside the services before (complaints/content.py)."""
    complaint._content_before = case_content.content_map(complaint.pk)  # type: ignore[attr-defined]
    return complaint


def remember_case_row(complaint: Complaint) -> Complaint:
    """`remember_content` for a service that changes the case row and nothing else (a priority): the row's two
    digests from the locked instance. The next event commits what changed in them, from the instance again: the other
    rows are neither read nor committed, as their delta would be empty (a chain with no version-3 event yet still
    gets all of its content)."""
    complaint._content_before = _case_row(complaint)  # type: ignore[attr-defined]
    complaint._case_row_only = True  # type: ignore[attr-defined]
    return complaint


CASE_ROW_FIELDS = ("content_salt", *case_content.CASE_CONTENT, *case_content.CASE_STATE)


def _case_row(complaint: Complaint) -> dict[str, str]:
    return case_content.case_entries(complaint.pk, {name: getattr(complaint, name) for name in CASE_ROW_FIELDS})


def recorded_content(complaint_id: int) -> dict[str, str]:
    """What the chain says each content row is (the replayed deltas of its version-3 events)."""
    return case_content.replay(
        ComplaintEvent.objects.filter(complaint_id=complaint_id, hash_version__gte=3).order_by("seq")
        .values_list("content", flat=True))


def new_case_content(complaint: Complaint) -> dict:
    """The first commitment of a case filed in this transaction: its own row as held (no other row exists yet), the
    same digests `content_map` would read back."""
    after = _case_row(complaint)
    complaint._content_before = after  # type: ignore[attr-defined]
    return case_content.delta({}, after)


def content_delta(complaint: Complaint) -> dict:
    before = getattr(complaint, "_content_before", None)
    case_row_only = getattr(complaint, "_case_row_only", False)
    if not ComplaintEvent.objects.filter(complaint_id=complaint.pk, hash_version__gte=3).exists():
        before, case_row_only = {}, False  # the chain's first commitment (a new case, or one before version 3): all
    elif before is None:  # written without the service lock: against what the chain records
        before = recorded_content(complaint.pk)
    after = _case_row(complaint) if case_row_only else case_content.content_map(complaint.pk)
    # A second event in the same transaction commits only what follows (an attribute, not a model field).
    complaint._content_before = after  # type: ignore[attr-defined]
    return case_content.delta(before, after)


@dataclass(frozen=True)
class ChainBreak:
    complaint_id: int
    reference: str
    seq: int | None
    problem: str
    row: str | None = None  # a content row ("message 12") the record does not match
    row_key: str | None = None  # the same as "message:12"

    @property
    def row_display(self) -> str:
        """The row in the reader's language, for the case page."""
        kind, _, pk = (self.row_key or "").partition(":")
        name = case_content.ROW_NAMES.get(kind, kind)
        return f"{name}" if kind in ("case", "state") else f"{name} #{pk}"

    def __str__(self) -> str:
        if self.row is not None:
            return f"{self.reference} (complaint {self.complaint_id}): {self.row}: {self.problem}"
        where = f"event #{self.seq}" if self.seq is not None else "the chain head"
        return f"{self.reference} (complaint {self.complaint_id}): {where}: {self.problem}"


def _fields_of(complaint_id: int):
    def fields_of(event: ComplaintEvent) -> dict:
        return _hashed_fields(
            complaint_id=complaint_id, seq=event.seq, type=event.type, actor_id=event.actor_id,
            actor_role=event.actor_role, at=event.at, old=event.old, new=event.new, data=event.data,
            visible_to_parties=event.visible_to_parties, hash_version=event.hash_version, content=event.content,
        )

    return fields_of


def verify_case(complaint: Complaint, events=None, stored: dict[str, str] | None = None) -> list[ChainBreak]:
    """Every problem with one case's record: the first break in its event chain, then every content row that the
    chain does not vouch for (edited, deleted or added outside the services). Empty when all is as written.
    `events` and `stored` (its `content_map`) are read from the database when not given."""
    rows = list(events if events is not None else complaint.events.order_by("seq"))
    found = hashchain.verify(rows, fields_of=_fields_of(complaint.pk), head_count=complaint.event_count,
                             head_hash=complaint.event_head, versions=HASH_VERSIONS)
    problems = []
    if found is not None:
        problem = "newest events are missing (deleted?)" if found.seq is None else found.problem
        problems.append(ChainBreak(complaint.pk, complaint.reference, found.seq, problem))
    committed = [e.content for e in rows if e.hash_version >= 3]
    if rows and not committed:
        return problems  # a chain from before version 3 commits to no content (the snapshot migration gives one)
    if stored is None:
        stored = case_content.content_map(complaint.pk)
    for item in case_content.compare(case_content.replay(committed), stored):
        problems.append(ChainBreak(complaint.pk, complaint.reference, None, item.problem, row=item.label,
                                   row_key=item.key))
    return problems


def verify_complaint_chain(complaint: Complaint, events=None) -> ChainBreak | None:
    """The first problem with one case's record (see `verify_case`), or None when everything is as written."""
    problems = verify_case(complaint, events)
    return problems[0] if problems else None


def verify_all_chains(batch_size: int = 500):
    """Yield every problem of every case, complaint by complaint, in id order. The events and rows of `batch_size`
    cases are read at a time, in a few queries rather than several per case."""
    cases = Complaint.objects.order_by("pk").only("pk", "reference", "event_count", "event_head")
    batch: list[Complaint] = []
    for complaint in cases.iterator(chunk_size=batch_size):
        batch.append(complaint)
        if len(batch) == batch_size:
            yield from _verify_batch(batch)
            batch = []
    yield from _verify_batch(batch)


def _verify_batch(complaints: list[Complaint]):
    ids = [complaint.pk for complaint in complaints]
    events: dict[int, list[ComplaintEvent]] = {pk: [] for pk in ids}
    for event in ComplaintEvent.objects.filter(complaint_id__in=ids).order_by("complaint_id", "seq"):
        events[event.complaint_id].append(event)
    stored = case_content.content_maps(ids)
    for complaint in complaints:
        yield from verify_case(complaint, events[complaint.pk], stored.get(complaint.pk, {}))
