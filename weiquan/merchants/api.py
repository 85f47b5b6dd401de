"""Merchant governance endpoints: applications, licences, public information, penalties, deposits, advance
compensation. Thin: parse, call a selector or service, present. A merchant asking about another merchant's rows gets
404, exactly as if they did not exist."""

from datetime import date

from django.conf import settings
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from weiquan.accounts.auth import API_AUTH
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import ERRORS, example, file_answer
from weiquan.core.api_types import Money
from weiquan.core.downloads import file_download
from weiquan.core.idempotency import answer_idempotent
from weiquan.merchants import present, selectors, services
from weiquan.merchants.models import Licence, Merchant, MerchantApplication, Penalty
from weiquan.merchants.schemas import (
    ApplicationOut,
    ApplicationPage,
    DepositEntryOut,
    DepositOut,
    DueAdvanceOut,
    LicenceOut,
    MerchantDetailOut,
    MerchantEventsOut,
    MerchantPublicOut,
    PenaltyOut,
)
from weiquan.merchants.services.deposits import deposit_minimum

router = Router(tags=["merchants"], auth=API_AUTH)
FULL_CONTACT_ROLES = {"compliance", "admin"}


def _not_found(what: str = "merchant") -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")


def _merchant(request, merchant_id: int) -> Merchant:
    merchant = selectors.merchants_visible_to(request.auth).filter(pk=merchant_id).first()
    if merchant is None:
        raise _not_found()
    return merchant


def _application(request, application_id: int) -> MerchantApplication:
    try:
        return selectors.application_get(request.auth, application_id)
    except MerchantApplication.DoesNotExist:
        raise _not_found("application") from None


def _full_contact(user, merchant_id: int) -> bool:
    return user.is_superuser or user.role in FULL_CONTACT_ROLES or selectors.own_merchant_id(user) == merchant_id


def _application_body(request, application: MerchantApplication) -> dict:
    licences = application.merchant.licences.filter(superseded_by__isnull=True).select_related("kind")
    return present.application(application, missing=services.missing_requirements(application), licences=licences,
                               full_contact=_full_contact(request.auth, application.merchant_id))


class IdentityIn(Schema):
    model_config = example(
        shop_name="优选服饰旗舰店", legal_name="上海优选服饰有限公司", uscc="91310115MA1K4HXY3R",
        legal_representative="王五", registered_address="上海市浦东新区世纪大道1号",
        operating_address="上海市浦东新区世纪大道1号", service_phone="021-60000000", contact_name="赵六",
        contact_phone="13900000000", contact_email="shop@example.com", category="apparel")

    shop_name: str = Field(..., max_length=200)
    legal_name: str = Field(..., max_length=200)
    uscc: str = Field(..., max_length=40, description="统一社会信用代码, checked by its GB 32100-2015 check character")
    legal_representative: str = Field(..., max_length=100)
    registered_address: str = Field(..., max_length=300)
    operating_address: str = Field(..., max_length=300)
    service_phone: str = Field("", max_length=32)
    contact_name: str = Field(..., max_length=100)
    contact_phone: str = Field(..., max_length=32)
    contact_email: str = Field("", max_length=254)
    category: str = Field(..., max_length=64)


class ApplicationCreateIn(IdentityIn):
    merchant_id: int | None = Field(None, description="staff only: the merchant to open an application for")


class ReviewIn(Schema):
    model_config = example(decision="request_info", requested_items=["food_licence"], note="请补充食品经营许可证")

    decision: str = Field(..., pattern="^(approve|reject|request_info)$")
    reasons: str = Field("", max_length=5000)
    requested_items: list[str] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=2000)


class PenaltyIn(Schema):
    model_config = example(kind="warning", reason="逾期未发货且未说明", rule_id="R-ECL59")

    kind: str = Field(..., pattern="^(warning|restriction|suspension|termination)$")
    reason: str = Field(..., max_length=2000)
    rule_id: str = Field(..., max_length=40)
    ends_on: date | None = Field(None, ge=date(1970, 1, 1), le=date(2100, 12, 31))


class TextIn(Schema):
    model_config = example(text="已按时发货，附物流单号")

    text: str = Field(..., max_length=5000)


class AppealDecisionIn(Schema):
    model_config = example(outcome="upheld", answer="物流记录显示发货逾期，维持处罚。")

    outcome: str = Field(..., pattern="^(upheld|overturned)$")
    answer: str = Field(..., max_length=5000)


class TopUpIn(Schema):
    model_config = example(amount="2000.00", reference="BANK-20260301-0001")

    amount: Money = Field(..., gt=0, max_digits=12, decimal_places=2)
    reference: str = Field("", max_length=100)


class AdvanceIn(Schema):
    model_config = example(remedy_id=42)

    remedy_id: int = Field(..., ge=1)


# -- public ---------------------------------------------------------------------------------------------------------

@router.get("/public/{key}", auth=None, response={200: MerchantPublicOut, **ERRORS}, by_alias=True,
            summary="A merchant's public page: verified identity, status, published "
            "decisions and spot-check results (E-commerce Law Art.15, NTM Art.30)")
def public_page(request, key: str):
    from weiquan.quality.selectors import public_results

    try:
        merchant = selectors.public_merchant(key)
    except Merchant.DoesNotExist:
        raise _not_found() from None
    results = [{"listing": i.listing.title, "result": i.state, "severity": i.severity, "defects": i.defects,
                "inspected_on": i.inspected_on.isoformat() if i.inspected_on else None}
               for i in public_results(merchant_id=merchant.pk)[:50]]
    return present.merchant_public(merchant, changes=selectors.public_status_changes(merchant)[:100],
                                   licences=selectors.public_licences(merchant), results=results)


# -- applications ---------------------------------------------------------------------------------------------------

@router.get("/applications", response={200: ApplicationPage, **ERRORS}, summary="Applications the caller may see (staff: all; a merchant: its own)")
def list_applications(request, state: str | None = None, limit: int = 50, offset: int = 0):
    qs = selectors.applications_visible_to(request.auth)
    if state:
        qs = qs.filter(state__in=state.split(","))
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return {"count": qs.count(), "items": [
        {"id": a.pk, "merchant_id": a.merchant_id, "kind": a.kind, "state": a.state, "shop_name": a.shop_name,
         "category": a.category, "submitted_at": a.submitted_at, "due_on": a.due_on} for a in qs[offset:offset + limit]]}


@router.post("/applications", response={201: ApplicationOut, **ERRORS}, summary="Open an application for the caller's merchant")
def create_application(request, payload: ApplicationCreateIn):
    data = payload.dict()
    merchant_id = data.pop("merchant_id") or selectors.own_merchant_id(request.auth)
    if merchant_id is None or not selectors.merchants_visible_to(request.auth).filter(pk=merchant_id).exists():
        raise _not_found()
    application = services.application_create(actor=request.auth, merchant_id=merchant_id, identity=data)
    return Status(201, _application_body(request, application))


@router.get("/applications/{int:application_id}", response={200: ApplicationOut, **ERRORS},
            summary="One application with its licences and what is missing")
def get_application(request, application_id: int):
    return _application_body(request, _application(request, application_id))


@router.put("/applications/{int:application_id}", response={200: ApplicationOut, **ERRORS},
            summary="Change the declared identity of a draft")
def update_application(request, application_id: int, payload: IdentityIn):
    _application(request, application_id)
    application = services.application_update(actor=request.auth, application_id=application_id,
                                              identity=payload.dict())
    return _application_body(request, application)


@router.post("/applications/{int:application_id}/licences", response={201: LicenceOut, **ERRORS},
             summary="Upload a scanned licence with its particulars (PDF, JPEG or PNG)")
def add_licence(request, application_id: int, file: File[UploadedFile], kind: Form[str], number: Form[str],
                issuer: Form[str], valid_from: Form[date], valid_until: Form[date | None] = None):
    _application(request, application_id)
    if file.size is not None and file.size > settings.EVIDENCE_MAX_BYTES:
        raise ApiError(422, "file_too_large", f"files may be at most {settings.EVIDENCE_MAX_BYTES} bytes", field="file")
    item = services.licence_add(actor=request.auth, application_id=application_id, kind=kind, number=number,
                                issuer=issuer, valid_from=valid_from, valid_until=valid_until, name=file.name or "",
                                content=file.read())
    return Status(201, present.licence(item))


@router.post("/applications/{int:application_id}/submit", response={200: ApplicationOut, **ERRORS},
             summary="Submit for review")
def submit_application(request, application_id: int):
    _application(request, application_id)
    application = services.application_submit(actor=request.auth, application_id=application_id)
    return _application_body(request, application)


@router.post("/applications/{int:application_id}/review", response={200: ApplicationOut, **ERRORS},
             summary="Approve, reject or ask for more (compliance)")
def review_application(request, application_id: int, payload: ReviewIn):
    _application(request, application_id)
    application = services.application_review(actor=request.auth, application_id=application_id,
                                              decision=payload.decision, reasons=payload.reasons,
                                              requested_items=payload.requested_items, note=payload.note)
    return _application_body(request, application)


@router.get("/licences/{int:licence_id}/file", response={200: None, **ERRORS},
            openapi_extra=file_answer("The scanned licence", ("application/pdf", "image/jpeg", "image/png")), summary="The scanned licence (staff and the merchant itself)")
def licence_file(request, licence_id: int):
    item = selectors.licences_visible_to(request.auth).filter(pk=licence_id).first()
    if item is None:
        raise _not_found("licence")
    return file_download(item.file, filename=f"licence-{item.pk}{_ext(item)}", content_type=item.content_type,
                         inline=False)


def _ext(item: Licence) -> str:
    return "." + item.original_name.rsplit(".", 1)[-1].lower() if "." in item.original_name else ""


# -- one merchant ---------------------------------------------------------------------------------------------------

@router.get("/{int:merchant_id}", response={200: MerchantDetailOut, **ERRORS}, by_alias=True,
            summary="A merchant's governance record (staff and the merchant itself)")
def get_merchant(request, merchant_id: int):
    merchant = _merchant(request, merchant_id)
    body = present.merchant_detail(merchant, full_contact=_full_contact(request.auth, merchant.pk))
    body["licences"] = [present.licence(i) for i in selectors.current_licences(request.auth, merchant.pk)]
    return body


@router.get("/{int:merchant_id}/events", response={200: MerchantEventsOut, **ERRORS},
            summary="The merchant's hash-chained governance record")
def list_events(request, merchant_id: int):
    merchant = _merchant(request, merchant_id)
    from weiquan.merchants.events import verify_merchant_chain

    problem = verify_merchant_chain(merchant)
    return {"intact": problem is None, "problem": str(problem) if problem else None,
            "items": [present.event(e) for e in selectors.events_visible_to(request.auth, merchant.pk)]}


@router.get("/{int:merchant_id}/penalties", response={200: list[PenaltyOut], **ERRORS},
            summary="Penalties and their history (staff and the merchant itself)")
def list_penalties(request, merchant_id: int):
    merchant = _merchant(request, merchant_id)
    return [present.penalty(p) for p in selectors.penalties_visible_to(request.auth).filter(merchant=merchant)]


@router.post("/{int:merchant_id}/penalties", response={201: PenaltyOut, **ERRORS}, summary="Impose a penalty (compliance)")
def impose_penalty(request, merchant_id: int, payload: PenaltyIn):
    _merchant(request, merchant_id)
    penalty = services.penalty_impose(actor=request.auth, merchant_id=merchant_id, kind=payload.kind,
                                      reason=payload.reason, rule_id=payload.rule_id, ends_on=payload.ends_on)
    return Status(201, present.penalty(penalty))


def _penalty(request, penalty_id: int) -> Penalty:
    penalty = selectors.penalties_visible_to(request.auth).filter(pk=penalty_id).first()
    if penalty is None:
        raise _not_found("penalty")
    return penalty


@router.post("/penalties/{int:penalty_id}/appeal", response={200: PenaltyOut, **ERRORS}, summary="The merchant appeals a penalty")
def appeal_penalty(request, penalty_id: int, payload: TextIn):
    _penalty(request, penalty_id)
    penalty = services.penalty_appeal(actor=request.auth, penalty_id=penalty_id, reasons=payload.text)
    return present.penalty(penalty)


@router.post("/penalties/{int:penalty_id}/appeal-decision", response={200: PenaltyOut, **ERRORS},
             summary="Decide an appeal (another compliance officer)")
def decide_appeal(request, penalty_id: int, payload: AppealDecisionIn):
    _penalty(request, penalty_id)
    penalty = services.penalty_decide_appeal(actor=request.auth, penalty_id=penalty_id, outcome=payload.outcome,
                                             answer=payload.answer)
    return present.penalty(penalty)


@router.post("/penalties/{int:penalty_id}/lift", response={200: PenaltyOut, **ERRORS}, summary="Lift a penalty early (compliance)")
def lift_penalty(request, penalty_id: int, payload: TextIn):
    _penalty(request, penalty_id)
    penalty = services.penalty_lift(actor=request.auth, penalty_id=penalty_id, reason=payload.text)
    return present.penalty(penalty)


# -- deposits -------------------------------------------------------------------------------------------------------

@router.get("/{int:merchant_id}/deposit", response={200: DepositOut, **ERRORS},
            summary="Deposit balance and ledger (platform staff and the merchant itself)")
def get_deposit(request, merchant_id: int, limit: int = 100, offset: int = 0):
    merchant = _merchant(request, merchant_id)
    if not (selectors.is_staff_reader(request.auth) or selectors.own_merchant_id(request.auth) == merchant.pk):
        raise _not_found()
    entries = selectors.deposit_entries(request.auth, merchant.pk)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return {"account": present.account(selectors.deposit_account(request.auth, merchant.pk),
                                       minimum=deposit_minimum(merchant)),
            "count": entries.count(), "entries": [present.entry(e) for e in entries[offset:offset + limit]]}


@router.post("/{int:merchant_id}/deposit/top-ups", response={201: DepositEntryOut, 200: DepositEntryOut, **ERRORS},
             summary="Record money received for the deposit (finance integration; honours Idempotency-Key)")
def top_up(request, merchant_id: int, payload: TopUpIn):
    _merchant(request, merchant_id)

    def compute() -> tuple[int, dict]:
        entry = services.deposit_top_up(actor=request.auth, merchant_id=merchant_id, amount=payload.amount,
                                        reference=payload.reference)
        return 201, present.entry(entry)

    # A top-up the key recorded before answers 200 (as documented), the same entry as the first answer.
    return answer_idempotent(request, scope=f"merchants.{merchant_id}.deposit.top_up", payload=payload.dict(),
                             compute=compute, replayed_status=200)


@router.get("/advance-compensations/due", response={200: list[DueAdvanceOut], **ERRORS},
            summary="Overdue money remedies the deposit may pay (platform staff)")
def due_advances(request):
    if not selectors.is_staff_reader(request.auth):
        raise ApiError(403, "forbidden", "platform staff only")
    return [{"remedy_id": r.pk, "complaint": r.complaint.reference, "merchant_id": r.complaint.merchant_id,
             "kind": r.kind, "amount": str(r.amount), "due_at": r.due_at} for r in services.overdue_money_remedies()]


@router.post("/advance-compensations", response={201: DepositEntryOut, 200: DepositEntryOut, **ERRORS},
             summary="Pay an overdue remedy from the merchant's deposit (agents; safe to retry)")
def pay_advance(request, payload: AdvanceIn):
    entry, created = services.advance_compensation_pay(actor=request.auth, remedy_id=payload.remedy_id)
    return Status(201 if created else 200, present.entry(entry))
