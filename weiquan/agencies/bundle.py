"""Evidence bundles: one ZIP a court or regulator can check offline.

Layout: `cover-letter.pdf`, `evidence/NN-<name>` (every evidence file), `events.json` (the case's whole event chain
with its hashes and head), `manifest.json` (SHA-256 of every other file, the case, the chain head) and
`signature.json` (the platform's Ed25519 signature over the exact bytes of manifest.json, with the key id).

Verification trusts only a key it is given (a pinned key file or the site's published keys), never one in the
bundle. It reports the first problem: a bad signature, then a broken event chain (naming the event), then a file
altered or missing, then a file added.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from weiquan.core import hashchain, signing

MANIFEST, SIGNATURE, EVENTS, COVER = "manifest.json", "signature.json", "events.json", "cover-letter.pdf"
FORMAT = "weiquan-evidence-bundle/1"
MAX_BUNDLE_BYTES = 50 * 1024 * 1024


def _dump(value) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True).encode()


def _safe_name(name: str) -> str:
    keep = "".join(c if (c.isalnum() or c in "._-") else "_" for c in name)
    return keep.strip("._")[:80] or "file"


def events_document(complaint) -> dict:
    events = list(complaint.events.order_by("seq"))
    return {
        "complaint_id": complaint.pk, "reference": complaint.reference,
        "head": {"count": complaint.event_count, "hash": complaint.event_head},
        "events": [
            {"seq": e.seq, "type": e.type, "actor_id": e.actor_id, "actor_role": e.actor_role,
             "at": hashchain.canonical_time(e.at), "old": e.old, "new": e.new, "data": e.data,
             "visible_to_parties": e.visible_to_parties, "hash_version": e.hash_version,
             "content": getattr(e, "content", None) or {}, "prev_hash": e.prev_hash, "hash": e.hash}
            for e in events
        ],
    }


def build_bundle(*, complaint, body, referral_note: str = "", contact: dict | None = None) -> bytes:
    """The signed ZIP of `complaint` for `body`. Reads files and events as stored; writes nothing."""
    from .cover import cover_letter_pdf

    created_at = timezone.now()
    files: dict[str, bytes] = {}
    listed = []
    # An item without a file was erased with the consumer's personal data: nothing left to send.
    for position, evidence in enumerate(complaint.evidence.exclude(file="").order_by("id"), start=1):
        with evidence.file.open("rb") as handle:
            raw = handle.read()
        path = f"evidence/{position:02d}-{_safe_name(evidence.original_name)}"
        files[path] = raw
        listed.append({"path": path, "sha256": hashlib.sha256(raw).hexdigest(), "stored_sha256": evidence.sha256,
                       "uploaded_by": evidence.uploader_party, "name": evidence.original_name})
    files[EVENTS] = _dump(events_document(complaint))
    files[COVER] = cover_letter_pdf(
        complaint=complaint, body=body, referral_note=referral_note, events=list(complaint.events.order_by("seq")),
        evidence=listed, decisions=list(complaint.decisions.order_by("id")),
        remedies=list(complaint.remedies.order_by("id")), contact=contact or {}, created_at=created_at)
    manifest = {
        "format": FORMAT, "case": complaint.reference, "created_at": created_at, "recipient": body.code if body else "",
        "event_chain": {"count": complaint.event_count, "head": complaint.event_head},
        "evidence": listed,
        "files": {path: hashlib.sha256(raw).hexdigest() for path, raw in sorted(files.items())},
    }
    manifest_bytes = _dump(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, raw in sorted(files.items()):
            archive.writestr(path, raw)
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, _dump(signing.sign(manifest_bytes)))
    return buffer.getvalue()


@dataclass
class Verdict:
    ok: bool
    problem: str = ""
    case: str = ""
    key_id: str = ""
    files: int = 0
    events: int = 0


def _chain_problem(document: dict) -> str | None:
    """The first event of the JSON chain that does not hold, recomputed offline."""
    from weiquan.complaints.events import HASH_VERSIONS, event_digest

    events = document.get("events")
    if not isinstance(events, list):
        return "events.json has no event list"
    prev_hash, prev_version = hashchain.GENESIS, None
    for position, event in enumerate(events, start=1):
        seq = event.get("seq") if isinstance(event, dict) else None
        if seq != position:
            return f"event {position} is missing (found event {seq} in its place)"
        problem = hashchain.version_problem(event.get("hash_version"), prev_version, HASH_VERSIONS)
        if problem:
            return f"event {seq}: {problem}"
        if event.get("prev_hash") != prev_hash:
            return f"event {seq} does not follow event {seq - 1}"
        try:
            recomputed = event_digest(
                complaint_id=document.get("complaint_id"), seq=seq, type=event.get("type"),
                actor_id=event.get("actor_id"), actor_role=event.get("actor_role"),
                at=datetime.fromisoformat(event.get("at")), old=event.get("old") or {}, new=event.get("new") or {},
                data=event.get("data") or {}, visible_to_parties=event.get("visible_to_parties", True),
                prev_hash=prev_hash, hash_version=event.get("hash_version"), content=event.get("content") or {})
        except (TypeError, ValueError) as exc:
            return f"event {seq} cannot be read ({exc})"
        if recomputed != event.get("hash"):
            return f"event {seq} ({event.get('type')}) was altered"
        prev_hash, prev_version = event["hash"], event.get("hash_version")
    head = document.get("head") or {}
    if head.get("count") != len(events) or head.get("hash") != prev_hash:
        return f"the chain ends at event {len(events)} but the case's head says event {head.get('count')}: " \
               "events were removed from the end"
    return None


def verify_bundle(data: bytes, *, keys: dict) -> Verdict:
    """Check a bundle against trusted `keys` ({key id: public key}); the first problem, or ok."""
    if len(data) > MAX_BUNDLE_BYTES:
        return Verdict(False, "the bundle is larger than 50 MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if not n.endswith("/")]
        contents = {name: archive.read(name) for name in names}
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return Verdict(False, "not a ZIP file")
    for required in (MANIFEST, SIGNATURE):
        if required not in contents:
            return Verdict(False, f"missing file: {required}")
    try:
        signature = json.loads(contents[SIGNATURE])
        manifest = json.loads(contents[MANIFEST])
    except (ValueError, UnicodeDecodeError):
        return Verdict(False, "manifest.json or signature.json is not JSON")
    problem = signing.verify(contents[MANIFEST], signature, keys)
    if problem:
        return Verdict(False, f"signature.json: {problem}")
    verdict = Verdict(False, case=str(manifest.get("case", "")), key_id=str(signature.get("kid", "")))
    listed = manifest.get("files")
    if manifest.get("format") != FORMAT or not isinstance(listed, dict):
        verdict.problem = "manifest.json is not a Weiquan evidence bundle manifest"
        return verdict
    if EVENTS in contents and hashlib.sha256(contents[EVENTS]).hexdigest() != listed.get(EVENTS):
        try:
            chain = _chain_problem(json.loads(contents[EVENTS]))
        except (ValueError, UnicodeDecodeError):
            chain = None
        verdict.problem = f"events.json: {chain}" if chain else f"altered file: {EVENTS}"
        return verdict
    for path, digest in sorted(listed.items()):
        if path not in contents:
            verdict.problem = f"missing file: {path}"
            return verdict
        if hashlib.sha256(contents[path]).hexdigest() != digest:
            verdict.problem = f"altered file: {path}"
            return verdict
    added = sorted(set(contents) - set(listed) - {MANIFEST, SIGNATURE})
    if added:
        verdict.problem = f"added file: {added[0]}"
        return verdict
    document = json.loads(contents[EVENTS]) if EVENTS in contents else {"events": []}
    chain = _chain_problem(document)
    if chain:  # signed as it is, yet not a sound chain: the case's record was already broken when exported
        verdict.problem = f"events.json: {chain}"
        return verdict
    verdict.ok, verdict.files, verdict.events = True, len(listed), len(document.get("events", []))
    return verdict
