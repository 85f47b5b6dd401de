"""Merchant governance: identity and qualifications, status and penalties, deposits, the platform outbox."""

from weiquan.merchants.models.deposits import DepositAccount, DepositEntry, EntryKind
from weiquan.merchants.models.governance import (
    EVENT_HASH_VERSION,
    AppealState,
    GovernanceNotice,
    MerchantEvent,
    Penalty,
    PenaltyKind,
    PenaltySource,
    StatusChange,
)
from weiquan.merchants.models.merchant import CategoryRule, LicenceKind, Merchant, MerchantStatus
from weiquan.merchants.models.onboarding import (
    OPEN_APPLICATION_STATES,
    ApplicationKind,
    ApplicationState,
    Licence,
    MerchantApplication,
    ReverificationTrigger,
)
from weiquan.merchants.models.webhooks import WebhookMessage

__all__ = [
    "EVENT_HASH_VERSION", "OPEN_APPLICATION_STATES", "AppealState", "ApplicationKind", "ApplicationState",
    "CategoryRule", "DepositAccount", "DepositEntry", "EntryKind", "GovernanceNotice", "Licence", "LicenceKind",
    "Merchant", "MerchantApplication", "MerchantEvent", "MerchantStatus", "Penalty", "PenaltyKind", "PenaltySource",
    "ReverificationTrigger", "StatusChange", "WebhookMessage",
]
