"""What a merchant's governance chain commits to besides its events: the governance rows its events point to.

As for cases (complaints/content.py, docs/decisions/0010): each governance row is reduced to a salted SHA-256 of the
fields a reader relies on; an event of hash version 3 carries the digests of the rows its transaction added, changed
or removed (`content`), and replaying them gives what the record says each row is. `verify-events` compares that
with the rows as stored and names every one edited, deleted or added outside the services.

The rows: the merchant's standing (status, its reason and rule, the verification and retention clocks), its deposit
account and ledger, penalties with their appeals, the published status changes, applications (onboarding and
re-verification: state and the reviewer's decision), licences, and spot-check results (an inspection once it has
one). Identity and contact details are not committed: they are copied from the approved application, which is.

One salt per merchant (on its row): nothing committed is personal data that will be erased, and a digest of a short
text still cannot be confirmed by trying values without the salt. A merchant that no event has touched yet records
its state as created (`fresh`), so an edit before its first event is caught too.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from weiquan.complaints.content import ContentProblem, compare, delta, new_salt, replay, row_digest

__all__ = ["ROW_NAMES", "ContentProblem", "compare", "content_map", "delta", "fresh", "new_salt", "replay"]

STANDING = ("status", "status_reason", "status_rule", "status_changed_at", "last_verified_on",
            "reverification_due_on", "exited_on", "identity_retained_until")
# (row kind, app, model, the fields committed, which rows count). The order of fields is not significant.
ROW_KINDS: tuple[tuple[str, str, str, tuple[str, ...], dict], ...] = (
    ("deposit", "merchants", "DepositAccount", ("balance", "held", "topup_due_on", "entry_count"), {}),
    ("entry", "merchants", "DepositEntry", ("account_id", "seq", "kind", "amount", "balance_after", "held_after",
                                            "note", "reference", "remedy_id", "complaint_id", "actor_id"), {}),
    ("penalty", "merchants", "Penalty", ("kind", "source", "source_ref", "reason", "rule_id", "decided_by_id",
                                         "decided_at", "ends_on", "lifted_at", "lifted_by_id", "lift_reason",
                                         "appeal_state", "appeal_text", "appeal_submitted_at", "appeal_decided_by_id",
                                         "appeal_decided_at", "appeal_answer"), {}),
    ("status_change", "merchants", "StatusChange", ("action", "from_status", "to_status", "reason", "rule_id",
                                                    "actor_id", "at", "penalty_id", "published_at"), {}),
    ("application", "merchants", "MerchantApplication", ("kind", "state", "trigger", "shop_name", "legal_name",
                                                         "uscc", "category", "submitted_at", "reviewer_id",
                                                         "decided_at", "decision_reasons", "requested_items",
                                                         "request_note", "due_on", "lapsed_at"), {}),
    ("licence", "merchants", "Licence", ("kind_id", "number", "issuer", "valid_from", "valid_until", "file", "sha256",
                                         "size", "superseded_by_id", "expiry_flagged_on", "expired_recorded_on"), {}),
    # A spot check counts once it has a result; its follow-up counters (buyers notified) are not committed.
    ("inspection", "quality", "Inspection", ("listing_id", "state", "severity", "defects", "inspected_on", "report",
                                             "report_sha256", "report_size", "recorded_by_id", "recorded_at",
                                             "published_at"), {"state__in": ["passed", "failed"]}),
)
ROW_NAMES = {"merchant": _("商家状态与时限"), "deposit": _("保证金余额"), "entry": _("保证金流水记录"),
             "penalty": _("处罚决定"), "status_change": _("状态变更公示记录"), "application": _("资质审核记录"),
             "licence": _("证照信息"), "inspection": _("抽检结果")}


def _models() -> dict[str, Any]:
    # Through the app registry: quality builds on merchants, so merchants does not import it.
    return {"Merchant": apps.get_model("merchants", "Merchant"),
            **{name: apps.get_model(app, name) for _, app, name, _, _ in ROW_KINDS}}


def fresh(merchant_id: int, salt: str, models: dict | None = None) -> dict[str, str]:
    """What the record says of a merchant no event has touched: its standing as the model creates it."""
    model = (models or _models())["Merchant"]
    return {f"merchant:{merchant_id}": row_digest(salt, {f: model._meta.get_field(f).get_default()
                                                         for f in STANDING})}


def content_map(merchant_id: int, models: dict | None = None) -> dict[str, str]:
    """Every committed governance row of one merchant, as `{"penalty:12": digest, ...}`, read now.

    `models` maps model names to classes (a migration passes its historical models); by default the apps' own."""
    models = models or _models()
    merchant = models["Merchant"].objects.filter(pk=merchant_id).values("content_salt", *STANDING).first()
    if merchant is None:
        return {}
    salt = merchant.pop("content_salt")
    found = {f"merchant:{merchant_id}": row_digest(salt, merchant)}
    for kind, _app, name, fields, where in ROW_KINDS:
        for row in models[name].objects.filter(merchant_id=merchant_id, **where).values("pk", *fields):
            found[f"{kind}:{row.pop('pk')}"] = row_digest(salt, row)
    return found
