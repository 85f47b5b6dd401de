"""The complaint department's console (agents and supervisors): one module per page."""

from weiquan.complaints.views.console.intake import intake
from weiquan.complaints.views.console.queue import bulk_assign, queue, sla
from weiquan.complaints.views.console.supervisor import supervisor
from weiquan.complaints.views.console.workspace import case, evidence_frame

__all__ = ["bulk_assign", "case", "evidence_frame", "intake", "queue", "sla", "supervisor"]
