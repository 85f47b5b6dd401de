"""How fresh each analytics page's figures are ("统计截至 …"). The figures are computed in the background, so a page
says up to when they are complete rather than implying they are live:
- case figures (overview, drill-downs, root causes, clusters) are rebuilt as each case event is processed: complete
  up to now when no event waits, else up to the oldest event still waiting;
- spike alerts come from the periodic sweep: as of its last run;
- risk scores: as of their latest computation."""

from datetime import datetime

from django.utils import timezone

from weiquan.insight.models import MerchantRiskScore, SweepState
from weiquan.insight.sweep import ORDERS_WATERMARK

EVENT_TASK = "weiquan.insight.tasks.on_complaint_event"
SWEPT_SECTIONS = frozenset({"spikes"})
RISK_SECTIONS = frozenset({"risk"})


def _oldest_waiting_event() -> datetime | None:
    from weiquan.core import outbox
    from weiquan.core.models import OutboxTask

    if outbox.runs_inline():
        return None  # tasks run as events happen: nothing ever waits
    return OutboxTask.objects.filter(task_path=EVENT_TASK, state__in=[
        OutboxTask.State.PENDING, OutboxTask.State.RUNNING]).order_by("created_at").values_list(
        "created_at", flat=True).first()


def figures_as_of(section: str) -> datetime | None:
    """The time up to which `section`'s figures are complete; None when they were never computed."""
    if section in RISK_SECTIONS:
        return MerchantRiskScore.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()
    if section in SWEPT_SECTIONS:
        return SweepState.objects.filter(name=ORDERS_WATERMARK).values_list("value", flat=True).first()
    return _oldest_waiting_event() or timezone.now()
