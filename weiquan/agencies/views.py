"""Pages of the agencies app: staff refer a case and download its bundle; a body's staff see only the cases
referred to their body (404 for any other), write to the platform, request documents and report the outcome. Every
page and file a body's user opens is logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weiquan.accounts.models import Role
from weiquan.complaints import selectors as complaint_selectors
from weiquan.complaints.labels import event_label
from weiquan.complaints.models import Complaint
from weiquan.core.downloads import file_download
from weiquan.core.masking import mask_name, mask_phone
from weiquan.core.pdf import FontMissing

from .bundle import build_bundle
from .models import Body, Referral, ReferralMessage, ReferralOutcome
from .refusals import refusal_text
from .services import AgencyError
from .services.common import body_of
from .services.referrals import (
    REFERABLE_KINDS,
    agency_view_log,
    referral_conclude,
    referral_create,
    referral_message_add,
)


def _agency_user(request) -> Body:
    body = body_of(request.user)
    if request.user.role != Role.AGENCY or body is None:
        raise PermissionDenied
    return body


def _referred_case(request, complaint_id: int) -> tuple[Complaint, Referral]:
    body = _agency_user(request)
    try:
        complaint = complaint_selectors.complaint_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None
    referral = Referral.objects.filter(complaint=complaint, body=body).first()
    if referral is None:
        raise Http404
    return complaint, referral


@login_required
@require_GET
def referred_cases(request):
    body = _agency_user(request)
    agency_view_log(user=request.user, complaint=None, what="list")
    rows = Referral.objects.filter(body=body).select_related("complaint", "complaint__merchant")
    return render(request, "agencies/cases.html", {"body": body, "rows": rows})


@login_required
@require_GET
def referred_case(request, complaint_id: int):
    complaint, referral = _referred_case(request, complaint_id)
    agency_view_log(user=request.user, complaint=complaint, what="case")
    events = [{"at": e.at, "label": event_label(e.type)}
              for e in complaint.events.order_by("seq")]
    return render(request, "agencies/case.html", {
        "complaint": complaint, "referral": referral, "events": events,
        "evidence": complaint.evidence.order_by("id"), "messages_": referral.messages.select_related("author"),
        "outcomes": ReferralOutcome.choices,
        "consumer": {"name": mask_name(complaint.consumer.display_name), "phone": mask_phone(complaint.consumer.phone)},
    })


@login_required
@require_POST
def referred_case_post(request, complaint_id: int):
    complaint, referral = _referred_case(request, complaint_id)
    action = request.POST.get("action", "")
    try:
        if action in ("message", "document_request"):
            kind = ReferralMessage.Kind.DOCUMENT_REQUEST if action == "document_request" else ReferralMessage.Kind.MESSAGE
            referral_message_add(actor=request.user, referral=referral, text=request.POST.get("text", ""), kind=kind)
            messages.success(request, _("已发送给平台"))
        elif action == "conclude":
            referral_conclude(actor=request.user, referral=referral, outcome=request.POST.get("outcome", ""),
                              text=request.POST.get("text", ""))
            messages.success(request, _("办理结果已记入案件"))
        else:
            messages.error(request, _("未知的操作"))
    except AgencyError as error:
        messages.error(request, refusal_text(error))
    return redirect("agencies:case", complaint_id=complaint.pk)


def _bundle_response(complaint: Complaint, body: Body | None, note: str = "") -> HttpResponseBase:
    contact = {"name": complaint.consumer.display_name, "phone": complaint.consumer.phone}
    try:
        data = build_bundle(complaint=complaint, body=body, referral_note=note, contact=contact)
    except FontMissing as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    return file_download(data, filename=f"{complaint.reference}-bundle.zip", content_type="application/zip")


@login_required
@require_GET
def referred_case_bundle(request, complaint_id: int):
    complaint, referral = _referred_case(request, complaint_id)
    agency_view_log(user=request.user, complaint=complaint, what="bundle")
    return _bundle_response(complaint, referral.body, referral.note)


# ---- platform staff ----------------------------------------------------------------------------------------------

def _staff_case(request, complaint_id: int) -> Complaint:
    if not getattr(request.user, "is_platform_staff", False):
        raise PermissionDenied
    try:
        return complaint_selectors.complaint_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def staff_bundle(request, complaint_id: int):
    return _bundle_response(_staff_case(request, complaint_id), None)


@login_required
@require_http_methods(["GET", "POST"])
def staff_refer(request, complaint_id: int):
    complaint = _staff_case(request, complaint_id)
    bodies = Body.objects.filter(kind__in=REFERABLE_KINDS, active=True)
    if request.method == "POST":
        body = bodies.filter(pk=request.POST.get("body") or 0).first()
        if body is None:
            messages.error(request, _("请选择移送机构"))
        else:
            try:
                referral_create(actor=request.user, complaint=complaint, body=body, note=request.POST.get("note", ""))
            except AgencyError as error:
                messages.error(request, refusal_text(error))
            except FontMissing:
                messages.error(request, _("移送函无法生成：服务器缺少中文字体，请联系管理员。"))
            else:
                messages.success(request, _("已移送，证据包已签名"))
                return redirect("agencies:refer", complaint_id=complaint.pk)
    return render(request, "agencies/refer.html", {
        "complaint": complaint, "bodies": bodies,
        "referrals": Referral.objects.filter(complaint=complaint).select_related("body").prefetch_related("messages"),
    })
