"""What a case's event chain commits to besides the events: the content its events point to.

Each content row (the case's own fields in two groups, messages, evidence, merchant responses, decisions, appeals,
remedies) is reduced to a salted SHA-256 of the fields a reader relies on. An event of hash version 3 carries the
digests of the rows its transaction added, changed or removed (`content`); replaying those deltas along the chain
gives what the record says each row is, and `verify_content` compares that with the rows as stored now, naming each
row that was edited, deleted or added outside the services.

The salt is per row and stored with it: the digest of a short text (a phone number in a message) cannot be guessed
by trying values, and erasing a row's content together with its salt leaves old digests that prove nothing about the
erased text while the chain still verifies (the erasure is itself an event that commits the new digest).

Which rows changed is decided against the content as it was when the service took the case's row lock (`before`),
not against the chain: a row edited outside the services is never swept into the next event's commitment unless
that event's own transaction rewrote it (docs/decisions: the case record commits to its content).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from weiquan.core import hashchain


def new_salt() -> str:
    return secrets.token_hex(16)


# (row kind, model name, related name on the case, the fields committed). The order of fields is not significant.
CASE_CONTENT = ("title", "description", "amount_claimed", "remedies_wanted", "category", "consumer_id",
                "merchant_id", "order_id", "listing_id", "received_at", "rating", "rating_comment")
CASE_STATE = ("status", "next_party", "phase", "deadline", "clock_paused_at", "not_accepted_reason", "close_reason",
              "closed_at", "resolved_at", "assigned_to_id", "priority", "appeal_used")
ROW_KINDS = (
    ("message", "Message", ("author_id", "author_party", "body", "staff_only", "created_at")),
    ("evidence", "Evidence", ("uploaded_by_id", "uploader_party", "file", "original_name", "content_type", "size",
                              "sha256", "description", "staff_only")),
    ("response", "MerchantResponse", ("responder_id", "kind", "reasons", "outcome")),
    ("decision", "Decision", ("decided_by_id", "is_appeal_review", "outcome", "reasons", "rule_ids",
                              "departs_from_proposal")),
    ("appeal", "Appeal", ("appellant_id", "appellant_party", "reasons", "decision_id")),
    ("remedy", "Remedy", ("response_id", "decision_id", "kind", "amount", "note", "rule_ids", "state", "due_at",
                          "executed_at", "executed_by_id", "execution_reference")),
)
# Fields added after rows were first committed: part of a row's digest only when set, so the rows written before
# them keep the digest their events recorded (a message to one party commits to its recipient).
OPTIONAL_FIELDS = {"message": ("to_party",)}
KIND_LABELS = {"case": "the case's content", "state": "the case's status and clock"}
ROW_NAMES = {"case": _("案件内容"), "state": _("案件状态与时限"), "message": _("留言"), "evidence": _("证据"),
             "response": _("商家答复"), "decision": _("裁决"), "appeal": _("申诉"), "remedy": _("处理措施")}


def _normal(value: Any) -> Any:
    """One representation per value, whatever the database driver hands back."""
    if isinstance(value, datetime):
        return hashchain.canonical_time(value)
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01'))}"
    if hasattr(value, "name") and not isinstance(value, str | int | bool):  # a FieldFile: its stored path
        return value.name or ""
    return value


def row_digest(salt: str, values: dict[str, Any]) -> str:
    body = json.dumps({k: _normal(v) for k, v in values.items()}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), cls=hashchain.DjangoJSONEncoder)
    return hashlib.sha256(f"{salt}\x1f{body}".encode()).hexdigest()


def case_entries(pk: int, values: dict[str, Any]) -> dict[str, str]:
    """The two digests of the case row itself (its content, and its status and clock), from its field values."""
    salt = values.get("content_salt") or ""
    return {
        f"case:{pk}": row_digest(salt, {f: values.get(f) for f in CASE_CONTENT}),
        f"state:{pk}": row_digest(salt, {f: values.get(f) for f in CASE_STATE}),
    }


def content_map(complaint_id: int, models: dict | None = None) -> dict[str, str]:
    """Every committed row of one case, as `{"message:12": digest, ...}`, read from the database now.

    `models` maps model names to classes (a migration passes its historical models); by default the app's own.
    """
    return content_maps([complaint_id], models).get(complaint_id, {})


def content_maps(complaint_ids: list[int], models: dict | None = None) -> dict[int, dict[str, str]]:
    """`content_map` of several cases in one query per kind of row (checking every chain reads them by the
    hundred); a case that does not exist is left out."""
    if models is None:
        # Through the app registry: models.py imports this module (new_salt), so importing it back would be a cycle.
        models = {name: apps.get_model("complaints", name) for name in ("Complaint", *(m for _, m, _ in ROW_KINDS))}
    found: dict[int, dict[str, str]] = {}
    for case in models["Complaint"].objects.filter(pk__in=complaint_ids).values(
            "pk", "content_salt", *CASE_CONTENT, *CASE_STATE):
        found[case["pk"]] = case_entries(case["pk"], case)
    for kind, model_name, fields in ROW_KINDS:
        model = models[model_name]
        present = {f.name for f in model._meta.get_fields()}
        optional = [f for f in OPTIONAL_FIELDS.get(kind, ()) if f in present]  # a migration's older model lacks them
        rows = model.objects.filter(complaint_id__in=list(found)).values(
            "pk", "complaint_id", "content_salt", *fields, *optional)
        for row in rows:
            pk, complaint_id, salt = row.pop("pk"), row.pop("complaint_id"), row.pop("content_salt")
            for name in optional:
                if row[name] in ("", None):
                    del row[name]
            found[complaint_id][f"{kind}:{pk}"] = row_digest(salt, row)
    return found


def delta(before: dict[str, str], after: dict[str, str]) -> dict[str, str | None]:
    """What changed from `before` to `after`: new or changed rows with their digest, removed rows with None."""
    changed: dict[str, str | None] = {k: v for k, v in after.items() if before.get(k) != v}
    changed.update({k: None for k in before if k not in after})
    return dict(sorted(changed.items()))


def replay(deltas) -> dict[str, str]:
    """The content the chain records, from its events' deltas in sequence order."""
    state: dict[str, str] = {}
    for change in deltas:
        for key, value in (change or {}).items():
            if value is None:
                state.pop(key, None)
            else:
                state[key] = value
    return state


@dataclass(frozen=True)
class ContentProblem:
    key: str
    problem: str

    @property
    def label(self) -> str:
        kind, _, pk = self.key.partition(":")
        return KIND_LABELS.get(kind, f"{kind} {pk}")

    def __str__(self) -> str:
        return f"{self.label}: {self.problem}"


def compare(recorded: dict[str, str], stored: dict[str, str]) -> list[ContentProblem]:
    """Every row whose stored content differs from what the chain records, in key order."""
    problems = []
    for key in sorted(set(recorded) | set(stored), key=_key_order):
        if key not in stored:
            problems.append(ContentProblem(key, "deleted outside the services"))
        elif key not in recorded:
            problems.append(ContentProblem(key, "added outside the services"))
        elif recorded[key] != stored[key]:
            problems.append(ContentProblem(key, "changed outside the services"))
    return problems


def _key_order(key: str) -> tuple[str, int]:
    kind, _, pk = key.partition(":")
    return kind, int(pk) if pk.isdigit() else 0
