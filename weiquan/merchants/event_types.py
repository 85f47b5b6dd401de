"""The one vocabulary of a merchant's governance record (merchants and quality write it). Stored values are these
strings (a StrEnum compares, hashes and serialises as its value), so rows written before the enum read and verify the
same; `merchants/labels.py` gives each type its words (a test fails on a type without a zh-Hans and an English label),
and pages show those words, never the code."""

from enum import StrEnum


class GovernanceEventType(StrEnum):
    # Joining the platform and the periodic verification
    APPLICATION_CREATED = "application_created"
    APPLICATION_UPDATED = "application_updated"
    APPLICATION_SUBMITTED = "application_submitted"
    APPLICATION_INFO_REQUESTED = "application_info_requested"
    APPLICATION_APPROVED = "application_approved"
    APPLICATION_REJECTED = "application_rejected"
    LICENCE_ADDED = "licence_added"
    LICENCE_EXPIRING = "licence_expiring"
    LICENCE_EXPIRED = "licence_expired"
    REVERIFICATION_SCHEDULED = "reverification_scheduled"
    REVERIFICATION_OPENED = "reverification_opened"
    REVERIFICATION_DUE_CHANGED = "reverification_due_changed"
    REVERIFICATION_REMINDED = "reverification_reminded"
    REVERIFICATION_LAPSED = "reverification_lapsed"
    # Status and penalties
    STATUS_CHANGED = "status_changed"
    STATUS_PUBLISHED = "status_published"
    PENALTY_IMPOSED = "penalty_imposed"
    PENALTY_LIFTED = "penalty_lifted"
    PENALTY_EXPIRED = "penalty_expired"
    PENALTY_APPEALED = "penalty_appealed"
    PENALTY_APPEAL_DECIDED = "penalty_appeal_decided"
    # The deposit: one type per ledger entry kind (`deposit_<EntryKind>`), and the call to top up
    DEPOSIT_TOP_UP = "deposit_top_up"
    DEPOSIT_HOLD = "deposit_hold"
    DEPOSIT_RELEASE = "deposit_release"
    DEPOSIT_WITHDRAWAL = "deposit_withdrawal"
    DEPOSIT_ADVANCE_COMPENSATION = "deposit_advance_compensation"
    TOPUP_REQUESTED = "topup_requested"
    # Quality: listings, price honesty, spot checks
    LISTING_COMPLIANT = "listing_compliant"
    LISTING_NONCOMPLIANT = "listing_noncompliant"
    LISTING_DELISTED = "listing_delisted"
    PRICE_FLAG_RAISED = "price_flag_raised"
    PRICE_FLAG_CLEARED = "price_flag_cleared"
    PRICE_FLAG_RESOLVED = "price_flag_resolved"
    PRICE_FLAG_DISMISSED = "price_flag_dismissed"
    INSPECTION_PASSED = "inspection_passed"
    INSPECTION_FAILED = "inspection_failed"
    # The record itself: the staff-only commitment of a merchant's rows when they were first committed (0010)
    SNAPSHOT = "snapshot"
