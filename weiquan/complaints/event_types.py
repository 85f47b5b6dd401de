"""The one vocabulary of case event types. Stored values are these strings (a StrEnum compares and hashes as its
value), so rows written before the enum existed read the same; `record_event` refuses a type not listed here, and
`complaints/labels.py` gives each one its words (a test fails on a type without a zh-Hans and an English label)."""

from enum import StrEnum


class EventType(StrEnum):
    # Filing and the case's own bookkeeping
    SUBMITTED = "submitted"
    PRIORITY_CHANGED = "priority_changed"
    CATEGORY_CHANGED = "category_changed"
    CATEGORY_CONFIRMED = "category_confirmed"
    FACTS_ADDED = "facts_added"
    # The thread
    MESSAGE = "message"
    STAFF_NOTE = "staff_note"
    EVIDENCE_ADDED = "evidence_added"
    # The clock (the SLA sweep)
    REMINDER_SENT = "reminder_sent"
    SLA_BREACHED = "sla_breached"
    DEADLINE_SET = "deadline_set"  # a refused clock given its date once its calendar year was loaded
    AUTO_ESCALATED = "auto_escalated"
    # Referral to an external body (agencies)
    REFERRED = "referred"
    REFERRAL_MESSAGE = "referral_message"
    REFERRAL_DOCUMENT_REQUEST = "referral_document_request"
    REFERRAL_OUTCOME = "referral_outcome"
    # A transfer from an external body whose merchant staff had to confirm (agencies)
    TRANSFER_MERCHANT_MATCHED = "transfer_merchant_matched"
    # Workflow actions: each action of complaints/workflow.py writes the event of the same name
    ACCEPT = "accept"
    REQUEST_INFO = "request_info"
    REJECT = "reject"
    PROVIDE_INFO = "provide_info"
    RESPOND = "respond"
    ACCEPT_OFFER = "accept_offer"
    REJECT_OFFER = "reject_offer"
    ESCALATE = "escalate"
    ASSIGN = "assign"
    PAUSE_CLOCK = "pause_clock"
    RESUME_CLOCK = "resume_clock"
    DECIDE = "decide"
    APPEAL = "appeal"
    DECIDE_APPEAL = "decide_appeal"
    FINALIZE = "finalize"
    CONFIRM_REMEDY = "confirm_remedy"
    WITHDRAW = "withdraw"
    CLOSE = "close"
    RATE = "rate"
    # Personal data (privacy/erasure.py): the consumer's own text and files erased, the record still provable
    PERSONAL_DATA_ERASED = "personal_data_erased"
    # ... or, while the law makes the deletion wait, restricted: stored (its free text encrypted), processed no more
    PROCESSING_RESTRICTED = "processing_restricted"
