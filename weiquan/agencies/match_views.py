"""Staff pages for transferred complaints whose merchant nobody could match (an unknown USCC, or a store name that
fits none or several): list them, search the stores by USCC or name, and name the merchant; the case then opens and
the match is recorded on its record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from weiquan.core.masking import mask_name, mask_phone
from weiquan.merchants.models import Merchant

from . import selectors
from .models import TransferStatus
from .refusals import refusal_text
from .services import AgencyError, transfer_match_merchant
from .services.transfers import merchant_candidates


def _staff(request) -> None:
    if not getattr(request.user, "is_platform_staff", False):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def unmatched(request):
    _staff(request)
    rows = (selectors.transfers_visible_to(request.user).filter(status=TransferStatus.NEEDS_MERCHANT)
            .order_by("answer_due", "received_on", "pk"))
    return render(request, "agencies/unmatched.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def match(request, transfer_id: int):
    _staff(request)
    transfer = get_object_or_404(selectors.transfers_visible_to(request.user), pk=transfer_id)
    if request.method == "POST":
        chosen = request.POST.get("merchant", "")
        merchant = Merchant.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        if merchant is None:
            messages.error(request, _("请从搜索结果中选择商家"))
        else:
            try:
                transfer = transfer_match_merchant(actor=request.user, transfer=transfer, merchant=merchant)
            except AgencyError as error:
                messages.error(request, _("这条转办已经确认过商家") if error.code == "conflict" else refusal_text(error))
            else:
                messages.success(request, _("已确认商家，投诉已立案"))
                return redirect(reverse("complaints:console_case", args=[transfer.complaint_id]))
        return redirect("agencies:match", transfer_id=transfer.pk)
    query = request.GET.get("q", "").strip()[:100]
    if not query and "q" not in request.GET:
        query = transfer.merchant_uscc or transfer.merchant_name  # start from what the body sent
    return render(request, "agencies/match.html", {
        "transfer": transfer, "query": query, "candidates": merchant_candidates(query=query),
        "waiting": transfer.status == TransferStatus.NEEDS_MERCHANT,
        "consumer": {"name": mask_name(transfer.consumer_name), "phone": mask_phone(transfer.consumer_phone)},
    })
