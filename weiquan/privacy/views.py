"""Pages for personal data: the consumer's own requests and copies, the compliance role's request queue, and the
data-protection officer's reports (who saw whose data; what the retention sweep erased)."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weiquan.accounts.models import Role
from weiquan.core.calendar import SHANGHAI
from weiquan.core.downloads import file_download
from weiquan.privacy import selectors
from weiquan.privacy.models import DataSubjectRequest, Erasure, RetentionRun
from weiquan.privacy.requests import (
    Kind,
    PrivacyError,
    Status,
    deletion_answer,
    dsr_handle,
    dsr_submit,
    may_handle,
    request_due,
)
from weiquan.privacy.services import record_access


def consumer_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.role != Role.CONSUMER:
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapped


def handler_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not may_handle(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapped


def _error_text(exc: PrivacyError) -> str:
    return {
        "required": _("请填写必填内容：更正请求需说明哪项信息有误、应改为什么；拒绝需说明理由。"),
        "handled": _("该请求已经办理。"),
        "invalid": _("内容过长或含有不允许的字符。"),
    }.get(exc.code, _("操作未完成。"))


def _consumer_error_text(exc: PrivacyError) -> str:
    """The consumer's own words for a refused request (the staff form has its own)."""
    if exc.code == "required":
        return _("更正请求需写明哪项信息有误、应改为什么。")
    if exc.field == "kind":
        return _("请选择请求类型。")
    if exc.field == "details":
        return _("说明最多 2000 字，且不能含有不允许的字符。")
    return _error_text(exc)


@consumer_required
@require_http_methods(["GET", "POST"])
def mine(request):
    values = {"kind": "", "details": ""}
    if request.method == "POST":
        values = {"kind": request.POST.get("kind", ""), "details": request.POST.get("details", "")}
        try:
            item = dsr_submit(subject=request.user, kind=values["kind"], details=values["details"])
        except PrivacyError as exc:
            messages.error(request, _consumer_error_text(exc))  # the form below keeps what was entered
        else:
            messages.success(request, _("已收到您的请求（%(kind)s），我们将在期限内办理。") % {
                "kind": item.get_kind_display()})
            return redirect("privacy:mine")
    items = list(selectors.requests_of(request.user))
    copy_ready = any(i.kind == Kind.EXPORT and i.status == Status.DONE for i in items)
    open_kinds = {i.kind for i in items if i.is_open}
    choosable = [code for code, _label in Kind.choices if code not in open_kinds]
    chosen = values["kind"] if values["kind"] in choosable else (choosable[0] if choosable else "")
    return render(request, "privacy/mine.html", {
        "items": items, "copy_ready": copy_ready, "kinds": Kind.choices, "open_kinds": open_kinds,
        "chosen": chosen, "details": values["details"], "due_if_sent_now": request_due(timezone.now()),
    })


def _copy_allowed(user) -> bool:
    return DataSubjectRequest.objects.filter(subject=user, kind=Kind.EXPORT, status=Status.DONE).exists()


@consumer_required
@require_GET
def copy_download(request, fmt: str):
    """The person's copy, once their export request was handled: JSON, or the readable PDF."""
    from weiquan.privacy.export import personal_data_export

    if not _copy_allowed(request.user):
        raise Http404
    data = personal_data_export(request.user)
    if fmt == "json":
        return file_download(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode(),
                             filename="weiquan-personal-data.json", content_type="application/json; charset=utf-8")
    else:
        from weiquan.core.pdf import FontMissing
        from weiquan.privacy.pdf import personal_data_pdf

        try:
            body = personal_data_pdf(data)
        except FontMissing:
            messages.error(request, _("暂时无法生成 PDF，请先下载 JSON 副本。"))
            return redirect("privacy:mine")
        return file_download(body, filename="weiquan-personal-data.pdf", content_type="application/pdf", inline=False)


@handler_required
@require_GET
def queue(request):
    show_all = request.GET.get("all") == "1"
    page = Paginator(selectors.requests_queue(open_only=not show_all), 50).get_page(request.GET.get("page"))
    return render(request, "privacy/queue.html", {"page": page, "show_all": show_all, "now": timezone.now()})


@handler_required
@require_http_methods(["GET", "POST"])
def request_detail(request, request_id: int):
    item = DataSubjectRequest.objects.select_related("subject", "handled_by").filter(pk=request_id).first()
    if item is None:
        raise Http404
    if request.method == "POST":
        try:
            dsr_handle(actor=request.user, request_id=item.pk, approve=request.POST.get("decision") == "approve",
                       outcome=request.POST.get("outcome", ""),
                       corrections={k: request.POST.get(k) for k in ("display_name", "phone", "address")})
        except PrivacyError as exc:
            messages.error(request, _error_text(exc))
            return redirect("privacy:request_detail", request_id=item.pk)
        messages.success(request, _("请求已办理。"))
        return redirect("privacy:queue")
    subject = item.subject
    contact = None
    if item.is_open and item.kind == Kind.CORRECTION:  # to correct it, the handler sees it whole: recorded
        record_access(viewer=request.user, subject=subject, field=["name", "phone", "address"],
                      reason=f"personal-data request {item.pk}")
        contact = {"name": subject.display_name, "phone": subject.phone, "address": subject.address}
    answer = deletion_answer(subject) if item.is_open and item.kind == Kind.DELETION else None
    return render(request, "privacy/request_detail.html", {
        "item": item, "contact": contact, "answer": answer, "answer_text": answer.explain() if answer else "",
        "now": timezone.now()})


def _day_start(value: str | None):
    day = parse_date(value or "") if value else None
    return datetime.combine(day, time.min, tzinfo=SHANGHAI) if day else None


@handler_required
@require_GET
def access_log(request):
    """The data-protection officer's report: who read whose full personal data, when and why."""
    try:
        since = _day_start(request.GET.get("since"))
        until = _day_start(request.GET.get("until"))
    except ValueError:
        since = until = None
    if until:
        until += timedelta(days=1)  # the whole "until" day
    rows = selectors.access_report(since=since, until=until, viewer=request.GET.get("viewer", "").strip()[:150],
                                   subject=request.GET.get("subject", "").strip()[:150])
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "privacy/access_log.html", {"page": page, "filters": request.GET, "roles": dict(
        Role.choices)})


@handler_required
@require_GET
def retention(request):
    runs = RetentionRun.objects.order_by("-at")[:60]
    erasures = Erasure.objects.select_related("actor").order_by("-at")[:200]
    from django.conf import settings

    return render(request, "privacy/retention.html", {"runs": runs, "erasures": erasures,
                                                      "periods": settings.WEIQUAN_RETENTION})


@handler_required
@require_POST
def retention_run(request):
    from weiquan.privacy.retention import retention_sweep

    run = retention_sweep()
    messages.success(request, _("保存期限清理已运行：删除 %(n)s 人的个人信息。") % {
        "n": run.counts.get("restricted_erased", 0) + run.counts.get("dormant_erased", 0)})
    return redirect("privacy:retention")
