"""Deadlines refused for an unloaded calendar year, given their date once an operator loads that year.

A phase clock that needed an unloaded year was left empty and the refusal recorded (sla.enter_phase / sla.resume).
When the year is loaded, the clock is worked out again exactly as the workflow would have set it had the year been
there: the phase's deadline from the phase's start on the active policy (sla.deadline_for), the outside body's cap
(sla.within_body_deadline), then each pause of this phase, in order, moving it on by the working days it lost
(sla.extend_for_pause). The result is written with a `deadline_set` event in the case's chain, under the case lock.
"""

from django.db import transaction

from weiquan.complaints import sla
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.complaints.selectors_calendar import refused_clocks_query
from weiquan.complaints.services.common import lock, write_event
from weiquan.core.calendar import CalendarYearNotLoaded


def clock_was_refused(complaint: Complaint) -> bool:
    """Whether the event that last set this case's clock recorded a refusal (not merely a body's cap). A resume
    after a refusal carries the empty deadline on without saying so again, so such events are passed over."""
    for kind, new in (ComplaintEvent.objects.filter(complaint_id=complaint.pk, new__has_key="deadline")
                      .order_by("-seq").values_list("type", "new").iterator()):
        if "deadline_refused" in new:
            return True
        if kind != EventType.RESUME_CLOCK or new.get("deadline") is not None:
            return False
    return False


def _pauses_since(complaint: Complaint) -> list[tuple]:
    """(paused at, resumed at or None) for each pause of the current phase, from the case's events."""
    events = (ComplaintEvent.objects.filter(complaint_id=complaint.pk, at__gte=complaint.phase_started_at,
                                            type__in=[EventType.PAUSE_CLOCK, EventType.RESUME_CLOCK])
              .order_by("seq").values_list("type", "at"))
    pauses: list[tuple] = []
    for kind, at in events:
        if kind == EventType.PAUSE_CLOCK:
            pauses.append((at, None))
        elif pauses and pauses[-1][1] is None:
            pauses[-1] = (pauses[-1][0], at)
    return pauses


def clock_worked_out(complaint: Complaint):
    """The deadline the workflow would have set on this phase with the calendar as it is now. Raises
    CalendarYearNotLoaded when it still needs an unloaded year. Leaves the instance as it was."""
    start, phase = complaint.phase_started_at, complaint.phase
    if start is None:
        raise ValueError("the phase has no start")
    deadline = sla.within_body_deadline(complaint, phase, start, sla.deadline_for(phase, start))
    held = complaint.deadline, complaint.clock_paused_at
    try:
        for paused_at, resumed_at in _pauses_since(complaint):
            if resumed_at is None:
                break  # paused now: resuming moves the deadline on, as it always does
            complaint.deadline, complaint.clock_paused_at = deadline, paused_at
            deadline = sla.within_body_deadline(complaint, phase, resumed_at, sla.extend_for_pause(complaint,
                                                                                                    resumed_at))
    finally:
        complaint.deadline, complaint.clock_paused_at = held
    return deadline


def complaints_fill_refused_deadlines(*, actor, year: int | None = None) -> int:
    """Give every open case whose clock was refused the deadline it now has; returns how many got one. Cases whose
    clock still needs an unloaded year are left as they are. Safe to run again and beside the workflow: each case is
    read again under its lock and changed only if its clock is still the refused one."""
    filled = 0
    for pk in list(Complaint.objects.filter(refused_clocks_query()).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            complaint = lock(pk)
            if (not Complaint.objects.filter(refused_clocks_query(), pk=pk).exists()
                    or not complaint.phase_started_at or not clock_was_refused(complaint)):
                continue
            try:
                deadline = clock_worked_out(complaint)
            except CalendarYearNotLoaded:
                continue
            if deadline is None or deadline == complaint.deadline:
                continue
            old = complaint.deadline
            complaint.deadline = deadline
            complaint.save(update_fields=["deadline"])
            write_event(complaint, type=EventType.DEADLINE_SET, actor=actor, old={"deadline": old},
                        new={"deadline": deadline},
                        data={"phase": complaint.phase, "counted_from": complaint.phase_started_at,
                              "calendar_year": year})
            filled += 1
    return filled
