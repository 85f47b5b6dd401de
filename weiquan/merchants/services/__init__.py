"""Writes on merchant governance. Views, the API, admin actions, commands and tasks all call these."""

from weiquan.merchants.services.common import GovernanceError, governance_event_record, notice_merchant
from weiquan.merchants.services.deposits import (
    advance_compensation_pay,
    advance_compensation_sweep,
    deposit_hold,
    deposit_release,
    deposit_top_up,
    deposit_withdraw,
    overdue_money_remedies,
    platform_service_account,
)
from weiquan.merchants.services.onboarding import (
    application_create,
    application_review,
    application_submit,
    application_update,
    clean_identity,
    licence_add,
    merchant_signup,
    missing_requirements,
    required_kinds,
)
from weiquan.merchants.services.reverification import reverification_open, reverification_sweep
from weiquan.merchants.services.status import (
    penalty_appeal,
    penalty_decide_appeal,
    penalty_impose,
    penalty_lift,
    status_change_publish,
)
from weiquan.merchants.services.stores import merchant_for_platform_store, merchants_for_platform_stores
from weiquan.merchants.services.sweep import GovernanceSweepReport, governance_sweep
from weiquan.merchants.webhooks import webhook_enqueue

__all__ = [
    "GovernanceError", "GovernanceSweepReport", "advance_compensation_pay", "advance_compensation_sweep",
    "application_create", "application_review", "application_submit", "application_update", "clean_identity",
    "deposit_hold", "deposit_release", "deposit_top_up", "deposit_withdraw", "governance_event_record",
    "governance_sweep", "licence_add", "merchant_for_platform_store", "merchants_for_platform_stores",
    "notice_merchant", "webhook_enqueue",
    "merchant_signup", "missing_requirements", "overdue_money_remedies", "penalty_appeal", "penalty_decide_appeal",
    "penalty_impose", "penalty_lift", "platform_service_account", "required_kinds", "reverification_open",
    "reverification_sweep", "status_change_publish",
]
