"""The agencies API's shapes: what a body sends with a transfer and the status it reads back (also the data of the
`transfer.status_changed` webhook)."""

from datetime import date, datetime

from ninja import Field, Schema
from pydantic import ConfigDict


class TransferConsumerIn(Schema):
    name: str = Field("", max_length=100)
    phone: str = Field("", max_length=40, description="required for a complaint")
    email: str = Field("", max_length=200)


class TransferMerchantIn(Schema):
    uscc: str = Field("", max_length=18, description="统一社会信用代码; a complaint gives uscc or name")
    name: str = Field("", max_length=200)


class TransferAttachmentIn(Schema):
    filename: str = Field(..., max_length=200, description="its extension must be an evidence type (as for uploads)")
    content_type: str = Field("application/octet-stream", max_length=100,
                              description="informative: the type kept is the one the file's first bytes prove")
    content_base64: str = Field(..., description="the file, base64 (1 byte to 10 MB); refused like an evidence "
                                                 "upload (file_too_large, file_type)")


class TransferIn(Schema):
    """An item a body transfers in. The service reads the body itself so that its refusals name the field."""

    model_config = ConfigDict(title="TransferIn", json_schema_extra={"examples": [{
        "reference": "12315-2026-000123", "kind": "complaint", "problem_class": "quality",
        "received_on": "2026-03-02", "consumer": {"name": "张三", "phone": "13800000000"},
        "merchant": {"name": "优选服饰旗舰店"}, "title": "外套开线", "text": "收到的外套袖口开线，要求退货退款。"}]})

    reference: str = Field(..., min_length=1, max_length=64, description="the body's own reference (idempotency)")
    kind: str = Field("complaint", description="complaint, report or enquiry (or 投诉, 举报, 咨询)")
    problem_class: str = Field("other", description="a 12315 problem class")
    received_on: date
    answer_due: date | None = None
    consumer: TransferConsumerIn
    merchant: TransferMerchantIn
    title: str = Field(..., min_length=1, max_length=200)
    text: str = Field(..., min_length=1, max_length=10000)
    remedies_wanted: list[str] | None = Field(None, description="remedy kinds; default other")
    amount_claimed: str | None = Field(None, description="CNY, e.g. 299.00")
    attachments: list[TransferAttachmentIn] | None = Field(None, max_length=10)


class TransferCase(Schema):
    reference: str
    status: str
    category: str
    received_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: str | None = None


class TransferStatusOut(Schema):
    agency_code: str
    reference: str = Field(..., description="the body's own reference of the item")
    kind: str
    problem_class: str
    transfer_status: str = Field(..., description="recorded, needs_merchant or case_opened")
    received_on: date
    answer_due: date | None
    case: TransferCase | None = Field(..., description="the case the item became, once there is one")
