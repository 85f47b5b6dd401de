"""Merchant status, penalties, appeals and their publication (NTM Art.30).

Every status change goes through `workflow.find/apply` here, writes a `StatusChange` (the public record, published
within 1 working day), an event in the merchant's chain and a webhook to the platform, all in one transaction.
"""

import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weiquan.core.calendar import CalendarYearNotLoaded
from weiquan.core.outbox import task
from weiquan.merchants import workflow
from weiquan.merchants.event_types import GovernanceEventType
from weiquan.merchants.events import actor_role, record_event
from weiquan.merchants.models import (
    AppealState,
    Merchant,
    MerchantStatus,
    Penalty,
    PenaltyKind,
    PenaltySource,
    StatusChange,
)
from weiquan.merchants.services.common import GovernanceError, calendar, lock_merchant, notice_merchant, text, today
from weiquan.merchants.webhooks import webhook_enqueue
from weiquan.rights import RULE_TITLES

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
PUBLICATION_RULE = "R-NTM30"


def _rule(value: str) -> str:
    """A measure's basis is a rule the product can name to the merchant and the public (the rights engine's table):
    an ID it does not know would be published with an empty basis."""
    value = text(value, "rule_id", max_length=40)
    if not RULE_ID.match(value):
        raise GovernanceError("invalid", "rule_id must be a rule ID such as R-PLAT-VERIFY-6M or P-DEPOSIT-MINIMUM",
                              field="rule_id")
    if value not in RULE_TITLES:
        raise GovernanceError("invalid", _("未知的规则：%(rules)s") % {"rules": value}, field="rule_id")
    return value


def _publish_due(now):
    try:
        return calendar().working_deadline(now, 1)
    except CalendarYearNotLoaded:
        return None  # published straight after commit all the same; only the monitoring deadline is unknown


def merchant_transition(merchant: Merchant, *, actor, action: str, reason: str, rule_id: str,
                        penalty: Penalty | None = None,
                        event_type: GovernanceEventType = GovernanceEventType.STATUS_CHANGED,
                        data: dict | None = None) -> StatusChange:
    """Apply one row of the status table to a merchant the caller has locked, and record it everywhere."""
    row = workflow.find(merchant, actor, action)
    now = timezone.now()
    old, new = workflow.apply(merchant, row)
    merchant.status_reason, merchant.status_rule, merchant.status_changed_at = reason[:300], rule_id, now
    fields = ["status", "status_reason", "status_rule", "status_changed_at", "updated_at"]
    if new == MerchantStatus.EXITED:
        # Identity data is kept at least 3 years after the merchant leaves (R-PLAT-RETAIN-3Y).
        merchant.exited_on = timezone.localdate(now)
        merchant.identity_retained_until = calendar().add_years(merchant.exited_on, 3)
        fields += ["exited_on", "identity_retained_until"]
    merchant.save(update_fields=fields)
    change = StatusChange.objects.create(
        merchant=merchant, action=action, from_status=old, to_status=new, reason=reason, rule_id=rule_id,
        actor=actor, actor_role=actor_role(actor), at=now, penalty=penalty, publish_due_at=_publish_due(now),
    )
    record_event(merchant, type=event_type, actor=actor, rule_id=rule_id, old={"status": old},
                 new={"status": new}, at=now,
                 data={"action": action, "reason": reason, "status_change": change.pk,
                       "penalty": penalty.pk if penalty else None, **(data or {})})
    webhook_enqueue(topic="merchant.status_changed", payload={
        "merchant": merchant.external_id, "from": old, "to": new, "action": action, "reason": reason,
        "rule_id": rule_id, "at": now, "may_list": merchant.may_list, "may_sell": merchant.may_sell,
    })
    publish_status_change_task.enqueue(change.pk, key=f"publish_status_change:{change.pk}")
    return change


def status_change_publish(*, change_id: int) -> bool:
    """Put a decision on the merchant's public page (once). Returns whether this call published it."""
    with transaction.atomic():
        change = StatusChange.objects.filter(pk=change_id).first()
        if change is None:
            return False
        merchant = lock_merchant(change.merchant_id)
        now = timezone.now()
        done = StatusChange.objects.filter(pk=change_id, published_at__isnull=True).update(published_at=now)
        if not done:
            return False
        late = change.publish_due_at is not None and now > change.publish_due_at
        record_event(merchant, type=GovernanceEventType.STATUS_PUBLISHED, actor=None, rule_id=PUBLICATION_RULE, at=now,
                     data={"status_change": change_id, "late": late})
    return True


def status_changes_fill_publish_due(*, actor, year: int | None = None) -> int:
    """Give unpublished decisions made while their publication deadline's calendar year was not loaded that deadline
    (the monitoring of late publication needs it); run when an operator loads a year. Returns how many got one."""
    filled = 0
    for pk, at in StatusChange.objects.filter(published_at__isnull=True, publish_due_at__isnull=True).values_list(
            "pk", "at"):
        due = _publish_due(at)
        if due is not None:
            filled += StatusChange.objects.filter(pk=pk, publish_due_at__isnull=True).update(publish_due_at=due)
    return filled


def penalty_impose(*, actor, merchant_id: int, kind: str, reason: str, rule_id: str,
                   source: str = PenaltySource.MANUAL, source_ref: str = "", ends_on: date | None = None) -> Penalty:
    """Impose a measure (warning, restriction, suspension, termination). `actor=None` is the system's sweep, which
    only imposes measures for automatic sources and never twice for the same source and reference."""
    if kind not in PenaltyKind.values:
        raise GovernanceError("invalid", f"kind must be one of {PenaltyKind.values}", field="kind")
    if source not in PenaltySource.values:
        raise GovernanceError("invalid", f"source must be one of {PenaltySource.values}", field="source")
    if actor is None and source == PenaltySource.MANUAL:
        raise GovernanceError("invalid", "the system imposes measures only for automatic sources", field="source")
    reason = text(reason, "reason", min_length=2, max_length=2000)
    rule_id = _rule(rule_id)
    if ends_on is not None and ends_on <= today():
        raise GovernanceError("invalid", "ends_on must be a future date", field="ends_on")
    if kind == PenaltyKind.TERMINATION and ends_on is not None:
        raise GovernanceError("invalid", "a termination has no end date", field="ends_on")
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        if source != PenaltySource.MANUAL and source_ref:
            existing = merchant.penalties.filter(source=source, source_ref=source_ref, lifted_at__isnull=True).first()
            if existing:
                return existing
        action = workflow.PENALTY_ACTION[kind]
        try:
            workflow.find(merchant, actor, action)
        except workflow.TransitionNotAllowed as exc:
            raise GovernanceError(exc.code, exc.message, status=403 if exc.code == "actor_not_allowed" else 409) from exc
        penalty = Penalty.objects.create(
            merchant=merchant, kind=kind, source=source, source_ref=source_ref[:100], reason=reason, rule_id=rule_id,
            decided_by=actor, decided_at=timezone.now(), ends_on=ends_on,
        )
        merchant_transition(merchant, actor=actor, action=action, reason=reason, rule_id=rule_id, penalty=penalty,
                            event_type=GovernanceEventType.PENALTY_IMPOSED,
                            data={"kind": kind, "source": source, "source_ref": source_ref,
                                  "ends_on": ends_on.isoformat() if ends_on else None})
        notice_merchant(merchant, kind="penalty_imposed", dedupe_key=f"penalty:{penalty.pk}",
                        data={"penalty": penalty.pk, "kind": kind, "rule_id": rule_id, "reason": reason})
    return penalty


def _fall_back(merchant: Merchant, *, actor, reason: str, rule_id: str, penalty: Penalty) -> StatusChange | None:
    """After a measure ends, move the status down to what the measures still in force call for."""
    if merchant.status not in workflow.SEVERITY:
        return None
    in_force = set(merchant.penalties.filter(lifted_at__isnull=True).values_list("kind", flat=True))
    target = workflow.status_after_lifting(in_force)
    if workflow.SEVERITY[target] >= workflow.SEVERITY[merchant.status]:
        return None
    return merchant_transition(merchant, actor=actor, action=workflow.EASE_ACTION[target], reason=reason,
                               rule_id=rule_id, penalty=penalty, event_type=GovernanceEventType.STATUS_CHANGED,
                               data={"lifted_penalty": penalty.pk})


def _lift(merchant: Merchant, penalty: Penalty, *, actor, reason: str,
          event_type: GovernanceEventType = GovernanceEventType.PENALTY_LIFTED) -> None:
    now = timezone.now()
    penalty.lifted_at, penalty.lifted_by, penalty.lift_reason = now, actor, reason[:300]
    penalty.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record_event(merchant, type=event_type, actor=actor, rule_id=penalty.rule_id, at=now,
                 data={"penalty": penalty.pk, "kind": penalty.kind, "reason": reason})
    _fall_back(merchant, actor=actor, reason=reason, rule_id=penalty.rule_id, penalty=penalty)


def penalty_lift(*, actor, penalty_id: int, reason: str) -> Penalty:
    """End a measure early (compliance) or at its end date (the system)."""
    if actor is not None and workflow.actor_kind(actor) != workflow.COMPLIANCE:
        raise GovernanceError("forbidden", "only compliance officers lift penalties", status=403)
    reason = text(reason, "reason", min_length=2, max_length=300)
    with transaction.atomic():
        penalty = Penalty.objects.filter(pk=penalty_id).first()
        if penalty is None:
            raise GovernanceError("not_found", "penalty not found", status=404)
        merchant = lock_merchant(penalty.merchant_id)
        penalty = Penalty.objects.select_for_update().get(pk=penalty_id)
        if not penalty.in_force:
            raise GovernanceError("not_in_force", "the penalty is no longer in force", status=409)
        if penalty.kind == PenaltyKind.TERMINATION:
            raise GovernanceError("terminal", "a termination cannot be lifted; the merchant applies again", status=409)
        _lift(merchant, penalty, actor=actor, reason=reason)
    return penalty


def penalties_lift_automatic(*, merchant_id: int, sources: list[str], reason: str) -> int:
    """The cause of automatic measures went away (deposit topped up, re-verification approved): lift them."""
    lifted = 0
    with transaction.atomic():
        merchant = lock_merchant(merchant_id)
        for penalty in merchant.penalties.select_for_update().filter(source__in=sources, lifted_at__isnull=True):
            _lift(merchant, penalty, actor=None, reason=reason)
            lifted += 1
    return lifted


def penalty_appeal(*, actor, penalty_id: int, reasons: str) -> Penalty:
    """The merchant contests a measure; a compliance officer other than the one who decided reviews it."""
    reasons = text(reasons, "reasons", min_length=4, max_length=5000)
    with transaction.atomic():
        penalty = Penalty.objects.filter(pk=penalty_id).first()
        if penalty is None or not getattr(actor, "is_merchant_staff", False) or actor.merchant_id != penalty.merchant_id:
            raise GovernanceError("not_found", "penalty not found", status=404)
        merchant = lock_merchant(penalty.merchant_id)
        penalty = Penalty.objects.select_for_update().get(pk=penalty_id)
        if penalty.appeal_state != AppealState.NONE:
            raise GovernanceError("appeal_already_used", "this penalty has already been appealed", status=409)
        if not penalty.in_force:
            raise GovernanceError("not_in_force", "the penalty is no longer in force", status=409)
        penalty.appeal_state, penalty.appeal_text, penalty.appeal_submitted_at = (
            AppealState.PENDING, reasons, timezone.now())
        penalty.save(update_fields=["appeal_state", "appeal_text", "appeal_submitted_at"])
        record_event(merchant, type=GovernanceEventType.PENALTY_APPEALED, actor=actor, rule_id=penalty.rule_id,
                     data={"penalty": penalty.pk, "reasons": reasons})
    return penalty


def penalty_decide_appeal(*, actor, penalty_id: int, outcome: str, answer: str) -> Penalty:
    if workflow.actor_kind(actor) != workflow.COMPLIANCE:
        raise GovernanceError("forbidden", "only compliance officers review appeals", status=403)
    if outcome not in (AppealState.UPHELD, AppealState.OVERTURNED):
        raise GovernanceError("invalid", "outcome must be 'upheld' or 'overturned'", field="outcome")
    answer = text(answer, "answer", min_length=2, max_length=5000)
    with transaction.atomic():
        penalty = Penalty.objects.filter(pk=penalty_id).first()
        if penalty is None:
            raise GovernanceError("not_found", "penalty not found", status=404)
        merchant = lock_merchant(penalty.merchant_id)
        penalty = Penalty.objects.select_for_update().get(pk=penalty_id)
        if penalty.appeal_state != AppealState.PENDING:
            raise GovernanceError("no_pending_appeal", "there is no pending appeal on this penalty", status=409)
        if penalty.decided_by_id == actor.pk:
            raise GovernanceError("reviewer_made_decision", "an appeal goes to someone other than the decider",
                                  status=409)
        penalty.appeal_state, penalty.appeal_decided_by = outcome, actor
        penalty.appeal_decided_at, penalty.appeal_answer = timezone.now(), answer
        penalty.save(update_fields=["appeal_state", "appeal_decided_by", "appeal_decided_at", "appeal_answer"])
        record_event(merchant, type=GovernanceEventType.PENALTY_APPEAL_DECIDED, actor=actor, rule_id=penalty.rule_id,
                     data={"penalty": penalty.pk, "outcome": outcome, "answer": answer})
        if outcome == AppealState.OVERTURNED and penalty.in_force and penalty.kind != PenaltyKind.TERMINATION:
            _lift(merchant, penalty, actor=actor, reason=f"申诉复核撤销：{answer}"[:300])
        notice_merchant(merchant, kind="appeal_decided", dedupe_key=f"appeal:{penalty.pk}",
                        data={"penalty": penalty.pk, "outcome": outcome, "answer": answer})
    return penalty


def penalties_expire(*, on: date | None = None) -> int:
    """Lift short-term measures whose end date has passed (the sweep)."""
    on = on or today()
    lifted = 0
    due = Penalty.objects.filter(lifted_at__isnull=True, ends_on__lt=on).values_list("pk", "merchant_id")
    for penalty_id, merchant_id in due:
        with transaction.atomic():
            merchant = lock_merchant(merchant_id)  # merchant first, then the penalty: the one lock order
            penalty = Penalty.objects.select_for_update().get(pk=penalty_id)
            if not penalty.in_force:
                continue
            _lift(merchant, penalty, actor=None, reason="措施期限届满", event_type=GovernanceEventType.PENALTY_EXPIRED)
            lifted += 1
    return lifted


def status_changes_publish_pending() -> int:
    """Publish every decision not yet on the public page (the after-commit task may not have run)."""
    published = 0
    for change_id in StatusChange.objects.filter(published_at__isnull=True).values_list("pk", flat=True):
        published += status_change_publish(change_id=change_id)
    return published


@task(queue="default")
def publish_status_change_task(change_id: int) -> bool:
    """Runs `status_change_publish` from the outbox (declared here, beside it: see email_notice_task)."""
    return status_change_publish(change_id=change_id)
