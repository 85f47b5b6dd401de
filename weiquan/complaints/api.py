"""Complaint endpoints: thin: parse, call a selector or service, present. Unseen cases answer 404."""

from ninja import Body, File, Form, Query, Router, Status
from ninja.files import UploadedFile

from weiquan.accounts.auth import API_AUTH
from weiquan.accounts.models import Role
from weiquan.commerce.models import Order
from weiquan.complaints import api_cursor, limits, present, selectors, selectors_stores
from weiquan.complaints.assessment import lines_with_listing_promise
from weiquan.complaints.models import Channel, Complaint
from weiquan.complaints.schemas import (
    AssessmentVersionOut,
    ComplaintActionIn,
    ComplaintDetail,
    ComplaintIn,
    ComplaintPage,
    EvidenceOut,
    FactsIn,
    MessageIn,
    MessageOut,
    RightsOut,
)
from weiquan.complaints.services import (
    complaint_act,
    complaint_facts_add,
    complaint_preview,
    complaint_submit,
    evidence_add,
    message_post,
)
from weiquan.complaints.services.submit import FILER_CHANNELS
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import ERRORS, documented_body, file_answer
from weiquan.core.counting import bounded_counts
from weiquan.core.downloads import file_download
from weiquan.core.idempotency import answer_idempotent

router = Router(tags=["complaints"], auth=API_AUTH)
RATE_LIMITED = {429: ERRORS[422]}  # consumers and merchants filing, posting or uploading too often
# The body of an action is read by the action itself (its own refusals name the field), so the operation takes any
# JSON object and the document declares what the actions read.
ACTION_BODY = documented_body(ComplaintActionIn, required=False)
NOT_FOUND = ApiError(404, "not_found", "complaint not found")
# The list's count is exact up to this many (ComplaintPage.count): the pages' counts stop at a thousand, an
# integration paging through a day's cases needs more.
API_COUNT_CAP = 10_000
CURSOR_HELP = ("Start after the item a page ended on: pass the next_cursor of the previous page (not with offset). "
               "Costs the same at any depth, and cases filed meanwhile do not shift the pages")


def _visible(request, complaint_id: int) -> Complaint:
    try:
        return selectors.complaint_get(request.auth, complaint_id)
    except Complaint.DoesNotExist:
        raise NOT_FOUND from None


def _idempotent(request, scope: str, payload: dict, compute) -> Status:
    """The first answer for an Idempotency-Key (or a fresh one without a key)."""
    return answer_idempotent(request, scope=scope, payload=payload, compute=compute)


def _default_channel(user) -> str:
    return Channel.API if user.role in (Role.INTEGRATION, Role.CONSUMER) else Channel.PHONE


def store_and_listing(merchant_ref: str, listing_ref: str | None):
    """The store and (optional) listing a complaint without an order names by their public IDs, or a 404."""
    merchant = selectors_stores.store_by_public_id(merchant_ref)
    if merchant is None:
        raise ApiError(404, "merchant_not_found", "no store has this public ID", field="merchant")
    listing = None
    if listing_ref is not None:
        listing = selectors_stores.listing_by_public_id(listing_ref)
        if listing is None or listing.merchant_id != merchant.pk:
            raise ApiError(404, "listing_not_found", "this store has no listing with this public ID", field="listing")
    return merchant, listing


def _what_is_complained_about(user, payload: ComplaintIn) -> dict:
    """{order, lines} for an order, or {merchant, listing} without one; a refusal as an ApiError. The order comes
    with its consumer and store and the lines with their products: filing and its reply read none of them again."""
    if user.role not in FILER_CHANNELS:  # before any order lookup, so order numbers cannot be probed
        raise ApiError(403, "forbidden", "you may not file complaints")
    if payload.order_no is None:
        if payload.merchant is None:
            raise ApiError(422, "invalid", "give order_no and line_nos, or merchant when there is no order",
                           field="order_no")
        if payload.line_nos:
            raise ApiError(422, "invalid", "line_nos belong to an order", field="line_nos")
        merchant, listing = store_and_listing(payload.merchant, payload.listing)
        if user.role != Role.CONSUMER:
            raise ApiError(422, "invalid", "over the API only a consumer files without an order (agents use phone "
                           "intake)", field="merchant")
        return {"order": None, "line_ids": [], "merchant": merchant, "listing": listing}
    if payload.merchant is not None or payload.listing is not None:
        raise ApiError(422, "invalid", "give either order_no and line_nos, or merchant (and listing)", field="merchant")
    orders = Order.objects.all() if user.role != Role.CONSUMER else Order.objects.filter(consumer=user)
    try:  # get(): by its unique number, without the ORDER BY first() would add
        order = orders.select_related("consumer", "merchant").get(order_no=payload.order_no)
    except Order.DoesNotExist:
        raise ApiError(404, "order_not_found", "order not found") from None
    if not payload.line_nos:
        raise ApiError(422, "invalid", "line_nos is required with order_no", field="line_nos")
    # Sorted here, not by the query (the model's ordering would join the order only to sort one order's lines)
    lines = sorted(lines_with_listing_promise(order.lines.select_related("product").filter(
        line_no__in=payload.line_nos).order_by(), order.merchant_id), key=lambda line: line.line_no)
    missing = sorted(set(payload.line_nos) - {line.line_no for line in lines})
    if missing:
        raise ApiError(422, "invalid", f"the order has no line {missing}", field="line_nos")
    return {"order": order, "line_ids": [line.pk for line in lines], "lines": lines, "merchant": None, "listing": None}


@router.post("/preview", response={200: RightsOut, **ERRORS}, operation_id="complaints_preview",
             summary="What filing this body would store as rights_facts and rights_assessment (changes nothing)")
def preview_complaint(request, payload: ComplaintIn):
    user = request.auth
    about = _what_is_complained_about(user, payload)
    preview = complaint_preview(actor=user, **about,
                                category=payload.category, remedies_wanted=payload.remedies_wanted,
                                facts=payload.facts, channel=payload.channel or _default_channel(user))
    return Status(200, {"rights_facts": preview["rights_facts"], "rights_assessment": preview["rights_assessment"]})


@router.post("", response={201: ComplaintDetail, **ERRORS, **RATE_LIMITED}, operation_id="complaints_create",
             exclude_unset=True, summary="File a complaint (honours Idempotency-Key)")
def create_complaint(request, payload: ComplaintIn):
    user = request.auth
    about = _what_is_complained_about(user, payload)

    def compute():
        limits.check_filing(user, about["order"].pk if about.get("order") is not None else None)
        complaint = complaint_submit(
            actor=user, **about,
            category=payload.category, title=payload.title, description=payload.description,
            remedies_wanted=payload.remedies_wanted, amount_claimed=payload.amount_claimed,
            channel=payload.channel or _default_channel(user), priority=payload.priority,
            received_at=payload.received_at, external_ref=payload.external_ref, facts=payload.facts,
        )
        return 201, present.detail(user, complaint)

    return _idempotent(request, "complaints.create", payload.dict(), compute)


@router.get("", response={200: ComplaintPage, **ERRORS}, operation_id="complaints_list",
            summary="Complaints the caller may see")
def list_complaints(request, status: str | None = None, merchant_id: int | None = None, category: str | None = None,
                    overdue: bool | None = None, q: str | None = None, limit: int = 50, offset: int = 0,
                    cursor: str | None = Query(None, description=CURSOR_HELP)):
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    qs = selectors.complaint_list(request.auth, status=status, merchant_id=merchant_id, category=category,
                                  overdue=overdue, q=q).order_by(*api_cursor.ORDER)
    page = qs
    if cursor:
        if offset:
            raise ApiError(422, "invalid", "give either cursor or offset", field="cursor")
        try:
            page = api_cursor.after(qs, cursor)
        except ValueError:
            raise ApiError(422, "invalid", "not a cursor this list gave", field="cursor") from None
    rows = list(page[offset:offset + limit + 1])  # one more than the page: whether another page follows
    merchant_view = request.auth.is_merchant_staff
    items = [present.summary(c, merchant_view=merchant_view) for c in rows[:limit]]
    count = bounded_counts({"all": qs}, cap=API_COUNT_CAP)["all"]
    return {"count": min(count, API_COUNT_CAP), "count_exact": count <= API_COUNT_CAP, "items": items,
            "next_cursor": api_cursor.cursor_after(rows[limit - 1]) if len(rows) > limit else None}


@router.get("/{complaint_id}", response={200: ComplaintDetail, **ERRORS}, operation_id="complaints_get",
            exclude_unset=True, summary="One case as the caller may see it")
def get_complaint(request, complaint_id: int):
    return Status(200, present.detail(request.auth, _visible(request, complaint_id)))


@router.get("/{complaint_id}/assessments", response={200: list[AssessmentVersionOut], **ERRORS},
            operation_id="complaints_assessments_list",
            summary="Every assessment version of a case, oldest first (the current one is on the case)")
def list_assessments(request, complaint_id: int):
    complaint = _visible(request, complaint_id)
    return Status(200, [present.assessment_version_item(v) for v in complaint.assessment_versions.order_by("version")])


@router.post("/{complaint_id}/facts", response={200: ComplaintDetail, **ERRORS}, operation_id="complaints_facts_add",
             exclude_unset=True,
             summary="State further facts (consumer of the case, staff): a new assessment version with an event")
def add_facts(request, complaint_id: int, payload: FactsIn):
    _visible(request, complaint_id)

    def compute():
        complaint = complaint_facts_add(actor=request.auth, complaint_id=complaint_id, facts=payload.facts,
                                        note=payload.note)
        return 200, present.detail(request.auth, complaint)

    return _idempotent(request, f"complaints.{complaint_id}.facts", payload.dict(), compute)


@router.post("/{complaint_id}/actions/{action}", response={200: ComplaintDetail, **ERRORS},
             operation_id="complaints_act", exclude_unset=True, openapi_extra=ACTION_BODY,
             summary="Take a workflow action (accept, respond, decide, appeal, ...)")
def take_action(request, complaint_id: int, action: str, payload: Body[dict | None] = None):
    _visible(request, complaint_id)
    data = payload or {}

    def compute():
        complaint = complaint_act(actor=request.auth, complaint_id=complaint_id, action=action, data=data)
        return 200, present.detail(request.auth, complaint)

    return _idempotent(request, f"complaints.{complaint_id}.{action}", data, compute)


@router.get("/{complaint_id}/messages", response={200: list[MessageOut], **ERRORS},
            operation_id="complaints_messages_list", summary="The case's messages the caller may read")
def list_messages(request, complaint_id: int):
    complaint = _visible(request, complaint_id)
    return Status(200, present.messages_for(request.auth, complaint))


@router.post("/{complaint_id}/messages", response={201: MessageOut, **ERRORS, **RATE_LIMITED},
             operation_id="complaints_messages_create", summary="Post a message on the case (honours Idempotency-Key)")
def post_message(request, complaint_id: int, payload: MessageIn):
    _visible(request, complaint_id)

    def compute():
        limits.check_message(request.auth)
        message = message_post(actor=request.auth, complaint_id=complaint_id, body=payload.body,
                               staff_only=payload.staff_only, to_party=payload.to_party)
        return 201, present.message_item(message)

    return _idempotent(request, f"complaints.{complaint_id}.message", payload.dict(), compute)


@router.post("/{complaint_id}/evidence", response={201: EvidenceOut, 200: EvidenceOut, **ERRORS, **RATE_LIMITED},
             operation_id="complaints_evidence_upload",
             summary="Add an evidence file (the same bytes again from the same party: 200 with the item already there)")
def upload_evidence(request, complaint_id: int, file: File[UploadedFile], description: Form[str] = "",
                    staff_only: Form[bool] = False):
    _visible(request, complaint_id)
    limits.check_upload(request.auth)
    evidence = evidence_add(actor=request.auth, complaint_id=complaint_id, name=file.name or "", content=file,
                            description=description, staff_only=staff_only)
    return Status(200 if evidence.already_on_case else 201, present.evidence_item(evidence))


@router.get("/{complaint_id}/evidence/{evidence_id}", url_name="complaint_evidence_download",
            response={200: None, **ERRORS}, operation_id="complaints_evidence_download",
            openapi_extra=file_answer("The file, with the content type found in its first bytes at upload",
                                      ("image/*", "video/*", "application/*")),
            summary="Download one evidence file (parties of the case only)")
def download_evidence(request, complaint_id: int, evidence_id: int):
    complaint = _visible(request, complaint_id)
    if not selectors.is_party_or_staff(request.auth, complaint):
        raise ApiError(403, "forbidden", "only the parties to the case and platform staff open its evidence")
    evidence = selectors.complaint_evidence(request.auth, complaint).filter(pk=evidence_id).first()
    if evidence is None:
        raise ApiError(404, "not_found", "evidence not found")
    if not evidence.file:
        raise ApiError(404, "not_found", "the file was erased with the consumer's personal data")
    # The case page's download answers with the same headers (weiquan.core.downloads).
    return file_download(evidence.file, filename=evidence.original_name, content_type=evidence.content_type)
