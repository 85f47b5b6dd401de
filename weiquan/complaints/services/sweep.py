"""The periodic sweep: what is overdue, and what follows from it. Safe to run twice or in several workers at once.

- a merchant silent past its deadline: breach recorded, the case goes to mediation on its own;
- a consumer who must reply: reminded before the deadline, then the case is closed with the reason recorded;
- the platform late on intake, mediation or an appeal: breach recorded, priority raised, supervisors told;
- an appeal window that has run out: the decision becomes final;
- a remedy not executed in time: breach recorded against the merchant.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from weiquan.complaints import sla
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Complaint, Party, Phase, Priority, Remedy, SlaBreach
from weiquan.complaints.services.actions import complaint_act
from weiquan.complaints.services.common import lock, write_event
from weiquan.complaints.services.priority import complaint_set_priority
from weiquan.complaints.workflow import TransitionNotAllowed

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    escalated: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    finalized: list[int] = field(default_factory=list)
    breaches: int = 0

    def as_dict(self) -> dict:
        return {"escalated": len(self.escalated), "reminded": len(self.reminded), "closed": len(self.closed),
                "finalized": len(self.finalized), "breaches": self.breaches}


def _record_breach(complaint: Complaint, *, phase: str, party: str, deadline: datetime, now: datetime,
                   action_taken: str) -> bool:
    try:
        with transaction.atomic():
            SlaBreach.objects.create(complaint=complaint, phase=phase, party=party, deadline=deadline,
                                     detected_at=now, action_taken=action_taken)
    except IntegrityError:
        return False  # recorded by an earlier or a parallel sweep
    return True


def _overdue_ids(now: datetime, phases) -> list[int]:
    return list(
        Complaint.objects.filter(phase__in=phases, deadline__lt=now, clock_paused_at__isnull=True)
        .order_by("deadline").values_list("pk", flat=True)
    )


def sla_sweep(*, now: datetime | None = None) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport()
    policy = sla.active_policy()

    for pk in _overdue_ids(now, [Phase.MERCHANT_RESPONSE]):
        with transaction.atomic():
            complaint = lock(pk)
            if complaint.phase != Phase.MERCHANT_RESPONSE or complaint.deadline is None or complaint.deadline >= now:
                continue
            if _record_breach(complaint, phase=complaint.phase, party=Party.MERCHANT, deadline=complaint.deadline,
                              now=now, action_taken="auto_escalated"):
                report.breaches += 1
            complaint_act(actor=None, complaint_id=pk, action="escalate", data={})
            report.escalated.append(pk)

    reminder_edge = now + timedelta(hours=policy.consumer_reminder_hours)
    consumer_phases = [Phase.CONSUMER_INFO, Phase.CONSUMER_REPLY]
    to_remind = Complaint.objects.filter(
        phase__in=consumer_phases, deadline__gte=now, deadline__lt=reminder_edge, reminded_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(to_remind):
        with transaction.atomic():
            complaint = lock(pk)
            if complaint.reminded_at is not None or complaint.phase not in consumer_phases:
                continue
            complaint.reminded_at = now
            complaint.save(update_fields=["reminded_at"])
            write_event(complaint, type=EventType.REMINDER_SENT, actor=None, data={"deadline": complaint.deadline})
            report.reminded.append(pk)

    for pk in _overdue_ids(now, consumer_phases):
        with transaction.atomic():
            complaint = lock(pk)
            if complaint.phase not in consumer_phases or complaint.deadline is None or complaint.deadline >= now:
                continue
            if _record_breach(complaint, phase=complaint.phase, party=Party.CONSUMER, deadline=complaint.deadline,
                              now=now, action_taken="closed"):
                report.breaches += 1
            reason = "consumer did not reply in time" if complaint.phase == Phase.CONSUMER_REPLY else \
                "consumer did not provide the requested information in time"
            complaint_act(actor=None, complaint_id=pk, action="close", data={"reason": reason})
            report.closed.append(pk)

    for pk in _overdue_ids(now, [Phase.APPEAL_WINDOW]):
        try:
            complaint_act(actor=None, complaint_id=pk, action="finalize", data={})
            report.finalized.append(pk)
        except TransitionNotAllowed:
            continue  # appealed or finalized meanwhile

    for pk in _overdue_ids(now, [Phase.INTAKE, Phase.MEDIATION, Phase.APPEAL_DECISION]):
        with transaction.atomic():
            complaint = lock(pk)
            if complaint.deadline is None or complaint.deadline >= now or complaint.clock_paused_at:
                continue
            if _record_breach(complaint, phase=complaint.phase, party=Party.PLATFORM, deadline=complaint.deadline,
                              now=now, action_taken="priority_raised"):
                report.breaches += 1
                if complaint.priority in (Priority.LOW, Priority.NORMAL):
                    # Through the priority service, so the change is its own event with the old and new values;
                    # then the case is read again under the same lock, as the breach event follows that one.
                    complaint_set_priority(actor=None, complaint_id=pk, priority=Priority.HIGH,
                                           reason=f"{complaint.phase} deadline passed")
                    complaint = lock(pk)
                write_event(complaint, type=EventType.SLA_BREACHED, actor=None,
                            data={"phase": complaint.phase, "deadline": complaint.deadline})

    # order_by() drops the model's ordering by id, which would otherwise defeat distinct().
    overdue_remedies = Remedy.objects.filter(state=Remedy.State.ORDERED, due_at__lt=now).order_by().values_list(
        "complaint_id", "due_at").distinct()
    for complaint_id, due in list(overdue_remedies):
        assert due is not None  # the filter on due_at__lt keeps only remedies with a due time
        with transaction.atomic():
            complaint = lock(complaint_id)
            if _record_breach(complaint, phase=Phase.REMEDY_EXECUTION, party=Party.MERCHANT, deadline=due, now=now,
                              action_taken="recorded"):
                report.breaches += 1
                write_event(complaint, type=EventType.SLA_BREACHED, actor=None,
                            data={"phase": Phase.REMEDY_EXECUTION, "deadline": due})

    if any(report.as_dict().values()):
        log.info("sla sweep: %s", report.as_dict())
    return report



