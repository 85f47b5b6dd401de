"""The API of external bodies: transfers in (a body's integration token) and their status back."""

from __future__ import annotations

import json

from django.http import HttpRequest
from ninja import Router, Status

from weiquan.accounts.auth import API_AUTH
from weiquan.core.api_errors import ApiError
from weiquan.core.api_schemas import ERRORS, documented_body

from . import selectors
from .schemas import TransferIn, TransferStatusOut
from .services import transfer_receive
from .services.status import transfer_status

router = Router(tags=["agencies"], auth=API_AUTH)


@router.post("/transfers/in", response={200: TransferStatusOut, 201: TransferStatusOut, **ERRORS},
             openapi_extra=documented_body(TransferIn),
             summary="Transfer an item in (complaint, report or enquiry) from a body; idempotent by reference")
def transfer_in(request: HttpRequest):
    """Body: {reference, kind (complaint|report|enquiry or 投诉|举报|咨询), problem_class (a 12315 class), received_on,
    answer_due?, consumer {name, phone, email?}, merchant {uscc?, name?}, title, text, remedies_wanted?,
    amount_claimed?, attachments? [{filename, content_type, content_base64}]}. 201 when recorded, 200 with the
    first record when the same reference was sent before."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(422, "invalid", "the body is not JSON") from None
    received = transfer_receive(actor=request.auth, data=data)
    return Status(201 if received.created else 200, transfer_status(received.transfer))


@router.get("/transfers/{agency_code}/{reference}", response={200: TransferStatusOut, **ERRORS}, summary="The status of a transferred item")
def transfer_get(request: HttpRequest, agency_code: str, reference: str):
    transfer = selectors.transfer_for(request.auth, agency_code=agency_code, reference=reference)
    if transfer is None:
        raise ApiError(404, "not_found", "no such transfer")
    return transfer_status(transfer)
