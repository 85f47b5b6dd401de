"""Hash chains for append-only records: each entry's digest covers its content and its predecessor's digest.

Shared by every record that must be shown unchanged to a regulator or a court (merchant governance events, and the
same idea as the complaint record). Pure: no models, no other app; the caller stores the digests and the head.

Digest formats are versioned per entry: version 1 is each chain's format as first written and never changes; a later
version also covers fields version 1 left out, and its own number. Stored entries are never re-hashed, so a chain may
start in version 1 and go on in a later one, but its versions never go down.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def plain(value: Mapping[str, Any] | None) -> dict:
    """What a JSON column gives back, so that the digest is computed over exactly what is stored."""
    return json.loads(json.dumps(dict(value or {}), cls=DjangoJSONEncoder, ensure_ascii=False))


def canonical_time(at: datetime) -> str:
    """The same instant always hashes the same, whatever time zone it was handed in."""
    if at.tzinfo is None:
        raise ValueError("hashed timestamps must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def digest(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 over the canonical JSON of `fields` plus the predecessor's digest."""
    body = json.dumps({**fields, "prev": prev_hash}, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      cls=DjangoJSONEncoder)
    return hashlib.sha256(body.encode()).hexdigest()


def versioned_fields(fields: Mapping[str, Any], *, version: int, known: Collection[int],
                     added: Mapping[str, Any]) -> dict:
    """The fields an entry of digest format `version` hashes: version 1 exactly `fields`, as first written; a later
    version also `added` and the version number, so that neither can be edited alone."""
    if version not in known:
        raise ValueError(f"unknown event hash version {version!r}")
    if version == 1:
        return dict(fields)
    return {**fields, **added, "version": version}


def version_problem(version: Any, prev_version: int | None, known: Collection[int]) -> str | None:
    """Why an entry's digest version is refused, before its digest is even computed: unknown, or lower than its
    predecessor's (an entry relabelled to an older format is caught even with its digest recomputed that way)."""
    if version not in known:
        return f"unknown hash version {version!r}"
    if prev_version is not None and version < prev_version:
        return f"hash version went down ({version} after {prev_version})"
    return None


@dataclass(frozen=True)
class Break:
    seq: int | None  # None: the head does not match the last entry
    problem: str


def verify(entries: Iterable[Any], *, fields_of, head_count: int, head_hash: str,
           versions: Collection[int] | None = None) -> Break | None:
    """Walk a chain in sequence order. `fields_of(entry)` rebuilds the hashed fields; entries carry seq/prev_hash/hash.

    With `versions`, entries also carry `hash_version`, which must be one of them and never go down along the chain;
    `fields_of` then rebuilds each entry in its own version. Returns the first break, or None when every entry is as
    written and the stored head matches the last one (so that a deleted newest entry is caught too).
    """
    prev, expected, prev_version = GENESIS, 1, None
    for entry in entries:
        if entry.seq != expected:
            return Break(expected, "missing (deleted?)")
        if entry.prev_hash != prev:
            return Break(entry.seq, "does not follow its predecessor")
        if versions is not None:
            problem = version_problem(entry.hash_version, prev_version, versions)
            if problem:
                return Break(entry.seq, problem)
            prev_version = entry.hash_version
        if digest(fields_of(entry), entry.prev_hash) != entry.hash:
            return Break(entry.seq, "content was changed")
        prev, expected = entry.hash, expected + 1
    if expected - 1 != head_count or prev != (head_hash or GENESIS):
        return Break(None, "newest entries are missing (deleted?)")
    return None
