"""The platform's clocks on a case: which phase runs, who owes the next move, and the deadline on the business calendar.

Working-day deadlines end at 23:59:59 Asia/Shanghai on the Nth working day after the start day; calendar-day ones at
23:59:59 on the Nth day after it. A deadline in a year whose official schedule is not loaded is refused (left empty
and recorded), never guessed.
"""

import threading
import time as clock
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from weiquan.complaints.models import Complaint, Party, Phase, Remedy, SlaPolicy, Status
from weiquan.core.calendar import CalendarYearNotLoaded
from weiquan.core.services import business_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)

# phase -> (policy field, counted in working days?, party who owes the move)
PHASE_RULES: dict[str, tuple[str, bool, str]] = {
    Phase.INTAKE: ("intake_working_days", True, Party.PLATFORM),
    Phase.CONSUMER_INFO: ("consumer_info_days", False, Party.CONSUMER),
    Phase.MERCHANT_RESPONSE: ("merchant_response_working_days", True, Party.MERCHANT),
    Phase.CONSUMER_REPLY: ("consumer_reply_days", False, Party.CONSUMER),
    Phase.MEDIATION: ("mediation_working_days", True, Party.PLATFORM),
    Phase.APPEAL_WINDOW: ("appeal_window_days", False, Party.NONE),
    Phase.APPEAL_DECISION: ("appeal_decision_working_days", True, Party.PLATFORM),
    Phase.REMEDY_EXECUTION: ("refund_execution_days", False, Party.MERCHANT),
}

STATUS_PHASE: dict[str, str] = {
    Status.SUBMITTED: Phase.INTAKE,
    Status.NEEDS_INFO: Phase.CONSUMER_INFO,
    Status.AWAITING_MERCHANT: Phase.MERCHANT_RESPONSE,
    Status.MERCHANT_RESPONDED: Phase.CONSUMER_REPLY,
    Status.IN_MEDIATION: Phase.MEDIATION,
    Status.DECIDED: Phase.APPEAL_WINDOW,
    Status.APPEALED: Phase.APPEAL_DECISION,
    Status.RESOLVED: Phase.REMEDY_EXECUTION,
}


# The phases an outside body's answer deadline caps: the platform's and the merchant's moves. The consumer's own
# periods (to add information, to reply, to appeal) and the time to carry out a decided remedy are never shortened.
BODY_CAPPED_PHASES = frozenset({Phase.INTAKE, Phase.MERCHANT_RESPONSE, Phase.MEDIATION, Phase.APPEAL_DECISION})


def within_body_deadline(complaint: Complaint, phase: str, start: datetime, deadline: datetime | None):
    """The phase's deadline, brought forward to the body's answer deadline when that comes first. A body deadline
    already past when the phase starts caps nothing (the phase keeps its own clock; the case page says it was missed)."""
    due = complaint.body_due_at
    if due is None or phase not in BODY_CAPPED_PHASES or start >= due:
        return deadline
    return due if deadline is None or deadline > due else deadline


def body_deadline_outlook(complaint: Complaint, now: datetime) -> dict | None:
    """The body's answer deadline as the case page says it: the date, and the working days left or the days missed."""
    if complaint.body_due_at is None:
        return None
    due_day = complaint.body_due_at.astimezone(SHANGHAI).date()
    today = now.astimezone(SHANGHAI).date()
    outlook = {"by": complaint.body_due_by, "due": complaint.body_due_at, "due_day": due_day,
               "today": due_day == today and now <= complaint.body_due_at, "working_days_left": None,
               "days_over": None, "answered": not complaint.is_open}
    if now > complaint.body_due_at:
        outlook["days_over"] = max(1, (today - due_day).days)
    elif due_day > today:
        calendar, day, left = business_calendar(), today, 0
        try:
            while day < due_day:  # working days after today up to and including the due day
                day += timedelta(days=1)
                left += calendar.is_working_day(day)
            outlook["working_days_left"] = left
        except CalendarYearNotLoaded:
            pass  # the date stands on its own; a count in an unloaded year is not guessed
    return outlook


# The active policy is read by every filing and phase change and edited by an administrator now and then: each
# process keeps it for POLICY_CACHE_SECONDS and forgets it as soon as a policy is saved or deleted in that process, so
# another process sees an edit within that time (as the business calendar's cache does, core/services.py).
POLICY_CACHE_SECONDS = 60
_policy_lock = threading.Lock()
_policy: tuple[float, SlaPolicy] | None = None


def active_policy() -> SlaPolicy:
    """The active policy (the model's defaults when none is active). Callers only read it: it is shared."""
    global _policy
    with _policy_lock:
        held = _policy
    if held is not None and clock.monotonic() - held[0] < POLICY_CACHE_SECONDS:
        return held[1]
    policy = SlaPolicy.objects.filter(active=True).first() or SlaPolicy()
    with _policy_lock:
        _policy = (clock.monotonic(), policy)
    return policy


def forget_policy() -> None:
    """The next read takes the policy from the table."""
    global _policy
    with _policy_lock:
        _policy = None


def policy_changed(using: str = "default", **_kwargs) -> None:
    """Forget the kept policy now and when the change commits (a read in between may have kept the old row)."""
    forget_policy()
    transaction.on_commit(forget_policy, using=using)


post_save.connect(policy_changed, sender=SlaPolicy, dispatch_uid="sla_policy_saved")
post_delete.connect(policy_changed, sender=SlaPolicy, dispatch_uid="sla_policy_deleted")


def deadline_for(phase: str, start: datetime, policy: SlaPolicy | None = None) -> datetime:
    """Raises CalendarYearNotLoaded when the answer depends on an unloaded year."""
    field, working, _party = PHASE_RULES[phase]
    count = getattr(policy or active_policy(), field)
    calendar = business_calendar()
    if working:
        return calendar.working_deadline(start, count)
    local_day = start.astimezone(SHANGHAI).date()
    return datetime.combine(calendar.add_days(local_day, count), END_OF_DAY, tzinfo=SHANGHAI)


def remedy_due(start: datetime, policy: SlaPolicy | None = None) -> datetime:
    return deadline_for(Phase.REMEDY_EXECUTION, start, policy)


def enter_phase(complaint: Complaint, start: datetime, policy: SlaPolicy | None = None) -> dict:
    """Set phase, next party and deadline from the complaint's (new) status. Returns what changed, for the event."""
    phase = STATUS_PHASE.get(complaint.status, "")
    party: str
    refused = None
    if phase == Phase.REMEDY_EXECUTION:
        pending = complaint.remedies.filter(state=Remedy.State.ORDERED).order_by("due_at").first()
        deadline, party = (pending.due_at, Party.MERCHANT) if pending else (None, Party.NONE)
        if pending is None:
            phase = ""
    elif phase:
        party = PHASE_RULES[phase][2]
        if phase == Phase.APPEAL_WINDOW and complaint.remedies.filter(state=Remedy.State.ORDERED).exists():
            party = Party.MERCHANT
        try:
            deadline = deadline_for(phase, start, policy)
        except CalendarYearNotLoaded as exc:
            deadline, refused = None, f"calendar year {exc.year} is not loaded"
        deadline = within_body_deadline(complaint, phase, start, deadline)
    else:
        deadline, party = None, Party.NONE
    complaint.phase, complaint.next_party, complaint.deadline = phase, party, deadline
    complaint.phase_started_at, complaint.reminded_at = start, None
    complaint.clock_paused_at, complaint.clock_pause_reason = None, ""
    changes = {"phase": phase, "next_party": party, "deadline": deadline}
    if refused:
        changes["deadline_refused"] = refused
    return changes


def resume(complaint: Complaint, resumed_at: datetime) -> dict:
    """Restart a paused clock: the deadline moves on by the working days lost. Returns what changed, for the event.

    When the new deadline would fall in a year whose schedule is not loaded, it is left empty and the refusal is
    recorded, exactly as when a phase starts.
    """
    try:
        complaint.deadline = within_body_deadline(complaint, complaint.phase, resumed_at,
                                                  extend_for_pause(complaint, resumed_at))
        changes = {"deadline": complaint.deadline}
    except CalendarYearNotLoaded as exc:
        complaint.deadline = None
        changes = {"deadline": None, "deadline_refused": f"calendar year {exc.year} is not loaded"}
    complaint.clock_paused_at, complaint.clock_pause_reason = None, ""
    return changes


def extend_for_pause(complaint: Complaint, resumed_at: datetime) -> datetime | None:
    """Move the deadline on by the working days that passed while the clock was paused."""
    if complaint.deadline is None or complaint.clock_paused_at is None:
        return complaint.deadline
    calendar = business_calendar()
    paused_day = complaint.clock_paused_at.astimezone(SHANGHAI).date()
    resumed_day = resumed_at.astimezone(SHANGHAI).date()
    lost = 0
    day = paused_day
    while day < resumed_day:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            lost += 1
    if lost == 0:
        return complaint.deadline
    deadline_day = complaint.deadline.astimezone(SHANGHAI).date()
    return datetime.combine(calendar.add_working_days(deadline_day, lost), END_OF_DAY, tzinfo=SHANGHAI)


def filing_outlook(complaint: Complaint) -> dict:
    """What happens after filing, with dates, for the confirmation a consumer sees: the platform's intake deadline,
    then the merchant's answer period counted from it (the latest the merchant must answer if intake takes its full
    time). Dates in an unloaded calendar year are left out, never guessed."""
    policy = active_policy()
    outlook = {"intake_by": complaint.deadline, "merchant_days": policy.merchant_response_working_days,
               "consumer_reply_days": policy.consumer_reply_days, "mediation_days": policy.mediation_working_days,
               "merchant_by": None}
    if complaint.deadline is not None:
        try:
            outlook["merchant_by"] = deadline_for(Phase.MERCHANT_RESPONSE, complaint.deadline, policy)
        except CalendarYearNotLoaded:
            pass
    return outlook
