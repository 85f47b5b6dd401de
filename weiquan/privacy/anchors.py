"""Chain-head anchors: the head of every case and merchant event chain, signed and kept outside the database.

Someone with write access to the database can rewrite a chain together with the head stored on its row, or restore
an older backup: the chain then verifies on its own. An anchor is a signed list of every chain's (event count, head
hash) at one moment, written to a folder (``WEIQUAN_ANCHOR_DIR``) and/or sent to a URL (``WEIQUAN_ANCHOR_URL``) that
the database's writers cannot change. `check_anchors` then proves every anchored chain still contains the anchored
event with the anchored hash: a rollback or rewrite of anything before the last anchor is caught. What happened
after the last anchor is not covered by it (the window is WEIQUAN_ANCHOR_INTERVAL, an hour by default; see
docs/decisions/0010).

Each anchor also names the digest of the one before it, so a removed anchor file is noticed too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from weiquan.core import signing

log = logging.getLogger(__name__)
FORMAT = "weiquan-anchor/1"


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _heads(model) -> list[list]:
    return [[pk, count, head] for pk, count, head in
            model.objects.filter(event_count__gt=0).order_by("pk").values_list("pk", "event_count", "event_head")]


def anchor_build(*, previous: str = "", at: datetime | None = None) -> dict:
    """The signed head list of every chain now: {"payload": {...}, "signature": {alg, kid, signature}}."""
    from weiquan.complaints.models import Complaint
    from weiquan.merchants.models import Merchant

    at = at or timezone.now()
    payload = {"format": FORMAT, "at": at.astimezone(UTC).isoformat(timespec="seconds"), "previous": previous,
               "complaints": _heads(Complaint), "merchants": _heads(Merchant)}
    return {"payload": payload, "signature": signing.sign(_canonical(payload))}


def anchor_digest(document: dict) -> str:
    return hashlib.sha256(_canonical(document["payload"])).hexdigest()


def _last_file(folder: Path) -> Path | None:
    files = sorted(folder.glob("anchor-*.json"))
    return files[-1] if files else None


def anchor_publish(*, folder: str | None = None, url: str | None = None) -> dict:
    """Build an anchor and write it to `folder` (0600 file in a 0700 folder) and/or POST it to `url`.
    Returns {"digest", "path", "url", "url_error", "complaints", "merchants"}: `url` is where it was delivered, ""
    when the POST failed after the file was written (the file anchor stands; `url_error` says why, and
    `anchor_send` retries). Raises OSError when nothing could be written or sent."""
    folder = folder if folder is not None else settings.ANCHOR_DIR
    url = url if url is not None else settings.ANCHOR_URL
    if not folder and not url:
        raise OSError("no anchor destination: set WEIQUAN_ANCHOR_DIR or WEIQUAN_ANCHOR_URL")
    previous = ""
    if folder:
        last = _last_file(Path(folder))
        if last is not None:
            previous = anchor_digest(json.loads(last.read_text(encoding="utf-8")))
    document = anchor_build(previous=previous)
    body = json.dumps(document, ensure_ascii=False, indent=1).encode()
    result = {"digest": anchor_digest(document), "path": "", "url": url or "", "url_error": "",
              "complaints": len(document["payload"]["complaints"]), "merchants": len(document["payload"]["merchants"])}
    if folder:
        path = Path(folder)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = document["payload"]["at"].replace(":", "").replace("-", "").replace("+0000", "Z")
        target = path / f"anchor-{stamp}-{result['digest'][:12]}.json"
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
        result["path"] = str(target)
    if url:
        try:
            anchor_send(body, url)
        except OSError as exc:
            if not folder:
                raise
            result["url"], result["url_error"] = "", str(exc)
    return result


def anchor_send(body: bytes, url: str) -> None:
    """POST one signed anchor document to `url`. Raises OSError unless it answered 2xx."""
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.ANCHOR_TIMEOUT_SECONDS) as response:  # noqa: S310
            if response.status >= 300:
                raise OSError(f"the anchor URL answered {response.status}")
    except ValueError as exc:  # not a URL urllib can open
        raise OSError(f"the anchor URL cannot be used: {exc}") from exc


@dataclass(frozen=True)
class Rollback:
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def _load(files: Iterable[Path], keys) -> tuple[list[tuple[Path, dict]], list[Rollback]]:
    documents, problems = [], []
    for file in files:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
            payload = document["payload"]
            assert payload.get("format") == FORMAT
        except (OSError, ValueError, KeyError, TypeError, AssertionError):
            problems.append(Rollback(file.name, "not a readable anchor"))
            continue
        why = signing.verify(_canonical(payload), document.get("signature"), keys)
        if why:
            problems.append(Rollback(file.name, f"signature: {why}"))
            continue
        documents.append((file, document))
    return documents, problems


def check_anchors(folder: str, *, keys=None) -> list[Rollback]:
    """Every anchored head that the database no longer holds, and every anchor that is forged or missing."""
    from weiquan.complaints.models import Complaint, ComplaintEvent
    from weiquan.merchants.models import Merchant, MerchantEvent

    keys = keys or signing.trusted_keys()
    documents, problems = _load(sorted(Path(folder).glob("anchor-*.json")), keys)
    previous = None
    for file, document in documents:
        claimed = document["payload"].get("previous", "")
        if previous is not None and claimed != previous:
            problems.append(Rollback(file.name, "the anchor before it is missing or was replaced"))
        previous = anchor_digest(document)
    for label, owner, model, event_model, key in (
            ("complaint", Complaint, Complaint, ComplaintEvent, "complaints"),
            ("merchant", Merchant, Merchant, MerchantEvent, "merchants")):
        points: dict[int, dict[int, tuple[str, str]]] = {}  # chain -> {count: (head, anchored at)}
        for _, document in documents:
            for pk, count, head in document["payload"][key]:
                points.setdefault(pk, {}).setdefault(count, (head, document["payload"]["at"]))
        field = f"{owner._meta.model_name}_id"
        for pk in sorted(points):
            wanted = points[pk]
            stored = dict(event_model.objects.filter(**{field: pk, "seq__in": list(wanted)})
                          .values_list("seq", "hash"))
            for count, (head, at) in sorted(wanted.items()):
                if count not in stored:
                    problems.append(Rollback(f"{label} {pk}", f"anchored at {at} with {count} events; event "
                                                              f"#{count} is gone (rolled back or deleted)"))
                    break
                if stored[count] != head:
                    problems.append(Rollback(f"{label} {pk}", f"event #{count} differs from the one anchored at "
                                                              f"{at} (the chain was rewritten)"))
                    break
        anchored_ids = set(points)
        gone = anchored_ids - set(model.objects.filter(pk__in=anchored_ids).values_list("pk", flat=True))
        problems += [Rollback(f"{label} {pk}", "anchored, but no longer in the database") for pk in sorted(gone)]
    return problems


def anchor_due(now: datetime | None = None) -> bool:
    """True when no anchor was published within WEIQUAN_ANCHOR_INTERVAL."""
    from weiquan.privacy.models import ChainAnchor

    now = now or timezone.now()
    last = ChainAnchor.objects.order_by("-at").values_list("at", flat=True).first()
    return last is None or (now - last).total_seconds() >= settings.ANCHOR_INTERVAL_SECONDS
