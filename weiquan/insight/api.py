"""Analytics endpoints for BI tools and the console (platform staff and analysts only), served from the aggregates."""

from ninja import Query, Router, Schema

from weiquan.accounts.auth import API_AUTH
from weiquan.complaints.models import Complaint
from weiquan.complaints.selectors import complaint_get
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import ERRORS
from weiquan.insight import selectors
from weiquan.insight.models import Triage

router = Router(tags=["analytics"], auth=API_AUTH)


class GroupRow(Schema):
    key: str | int | None
    label: str
    count: int
    on_time_rate: float | None
    resolved_rate: float | None
    avg_resolution_hours: float | None
    satisfaction: float | None


class TriageOut(Schema):
    complaint_id: int
    suggested_category: str | None  # null: the triage found nothing to suggest
    confidence: float
    tags: list[str]
    urgent: bool
    urgent_terms: list[str]
    evidence_terms: list[str]
    model_version: str
    final_category: str
    confirmed_by_id: int | None
    confirmed_at: str | None




def _staff(request):
    if not selectors.can_see_analytics(request.auth):
        raise ApiError(403, "forbidden", "analytics are for platform staff and analysts")


@router.get("/complaints", response={200: list[GroupRow], **ERRORS}, operation_id="analytics_complaints",
            summary="Complaint figures grouped by category, merchant, product, month or channel")
def complaints(request, group_by: str = "category", date_from: str = Query("", alias="from"),
               date_to: str = Query("", alias="to"), category: str = "", merchant: str = "", product: str = "",
               channel: str = "", region: str = ""):
    _staff(request)
    unknown = sorted(set(request.GET) - {"group_by", *selectors.FILTER_PARAMETERS})
    if unknown:
        raise ApiError(422, "invalid", f"unknown parameter {unknown[0]}; known: group_by, "
                       f"{', '.join(selectors.FILTER_PARAMETERS)}", field=unknown[0])
    if group_by not in selectors.API_GROUPS:
        raise ApiError(422, "invalid", f"group_by must be one of {list(selectors.API_GROUPS)}", field="group_by")
    filters = selectors.Filters.parse(request.GET)
    rows = selectors.grouped(filters, group_by)
    return [{k: r[k] for k in ("key", "label", "count", "on_time_rate", "resolved_rate", "avg_resolution_hours",
                               "satisfaction")} for r in rows]


@router.get("/triage/{complaint_id}", response={200: TriageOut, **ERRORS}, operation_id="analytics_triage",
            summary="The triage of one case")
def triage(request, complaint_id: int):
    _staff(request)
    try:
        complaint = complaint_get(request.auth, complaint_id)
    except Complaint.DoesNotExist:
        raise ApiError(404, "not_found", "complaint not found") from None
    row = Triage.objects.filter(complaint=complaint).first()
    if row is None:
        raise ApiError(404, "not_triaged", "this case has no triage")
    return {"complaint_id": complaint.pk, "suggested_category": row.suggested_category or None,
            "confidence": row.confidence, "tags": row.tags, "urgent": row.urgent, "urgent_terms": row.urgent_terms,
            "evidence_terms": row.evidence_terms, "model_version": row.model_version,
            "final_category": row.final_category, "confirmed_by_id": row.confirmed_by_id,
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None}
