"""The one vocabulary of fair-trading events (`services.common.record`). Stored values are these strings (a StrEnum
compares as its value), so rows written before the enum read the same; `fairtrade/labels.py` gives each type its words
(a test fails on a type without a zh-Hans and an English label), and pages show those words, never the code."""

from enum import StrEnum


class FairTradeEventType(StrEnum):
    # A flag: detection, the merchant asked and answering, the officer's decision
    FLAG_RAISED = "flag_raised"
    FLAG_REFRESHED = "flag_refreshed"
    EXPLANATION_REQUESTED = "explanation_requested"
    EXPLAINED = "explained"
    CLOSED_UNFOUNDED = "closed_unfounded"
    PENALISED = "penalised"
    REVIEWS_MARKED_FAKE = "reviews_marked_fake"
    CASES_OPENED = "cases_opened"
    REPORT_LINKED = "report_linked"
    # Reviews from the platform
    REVIEW_RECEIVED = "review_received"
    REVIEW_CHANGED = "review_changed"
    REVIEW_DELETED = "review_deleted"
    # Consumers' reports
    REPORT_RECEIVED = "report_received"
    REPORT_DISMISSED = "report_dismissed"
