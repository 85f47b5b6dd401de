"""Case clocks that wait for a calendar year: which open cases may have a refused deadline, and how many have none."""

from django.db.models import F, Q

from weiquan.complaints import sla
from weiquan.complaints.models import TERMINAL_STATUSES, Complaint

# Only working-day clocks can be refused: calendar-day periods need no schedule (sla.PHASE_RULES).
WORKING_DAY_PHASES = tuple(phase for phase, (_field, working, _party) in sla.PHASE_RULES.items() if working)


def refused_clocks_query() -> Q:
    """Open cases whose working-day clock may have been refused: no date (the only way such a clock is left empty),
    or only the outside body's deadline, which is what a refused clock under a body's cap shows."""
    return (Q(phase__in=WORKING_DAY_PHASES) & ~Q(status__in=TERMINAL_STATUSES)
            & (Q(deadline__isnull=True) | Q(body_due_at__isnull=False, deadline=F("body_due_at"))))


def refused_clock_count() -> int:
    """How many open cases run without a deadline because a calendar year is not loaded (settings'
    WEIQUAN_CALENDAR_REFUSED_COUNTERS, for the warning staff see)."""
    return Complaint.objects.filter(refused_clocks_query(), deadline__isnull=True).count()
