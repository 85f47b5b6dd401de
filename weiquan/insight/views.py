"""Insight pages for platform staff and analysts: dashboard, drill-downs and exports, root causes, spike alerts,
clusters, merchant risk, and the triage confirm/correct action used by the console's triage panel."""

import csv
import io
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weiquan.complaints.models import Category, Channel, Complaint, Priority
from weiquan.complaints.selectors import complaint_get
from weiquan.complaints.services import ComplaintError
from weiquan.core.dbrouter import reads_from_replica
from weiquan.insight import clusters, names, root_causes, selectors, services
from weiquan.insight.models import ComplaintCluster, MerchantRiskScore, SpikeAlert
from weiquan.merchants.models import Merchant

EXPORT_COLUMNS = ("key", "label", "count", "on_time_rate", "resolved_rate", "avg_resolution_hours", "satisfaction",
                  "appeal_rate", "overturn_rate", "repeat_rate")
NUMBERED_GROUPS = frozenset({"merchant", "product"})
# The dimensions offered for export, each with the label its link shows (the code goes in the address only).
EXPORT_GROUPS = (("category", gettext_lazy("按类别")), ("merchant", gettext_lazy("按商家")),
                 ("product", gettext_lazy("按商品")), ("month", gettext_lazy("按月份")),
                 ("channel", gettext_lazy("按渠道")), ("region", gettext_lazy("按地区")), ("issue", gettext_lazy("按问题")))
CASE_COLUMNS = ("reference", "received_at", "merchant", "category_label", "status_label", "channel_label",
                "priority_label", "title", "description")
# Export headers people read in a spreadsheet, in their language (the keys stay internal).
COLUMN_HEADERS = {
    "key": gettext_lazy("编号"),
    "label": gettext_lazy("名称"),
    "count": gettext_lazy("投诉量"),
    "on_time_rate": gettext_lazy("按时首次答复率"),
    "resolved_rate": gettext_lazy("解决率"),
    "avg_resolution_hours": gettext_lazy("平均解决时长（小时）"),
    "satisfaction": gettext_lazy("满意度"),
    "appeal_rate": gettext_lazy("申诉率"),
    "overturn_rate": gettext_lazy("改判率"),
    "repeat_rate": gettext_lazy("重复投诉率"),
    "reference": gettext_lazy("投诉编号"),
    "received_at": gettext_lazy("收到时间（北京时间）"),
    "merchant": gettext_lazy("商家"),
    "category_label": gettext_lazy("类别"),
    "status_label": gettext_lazy("状态"),
    "channel_label": gettext_lazy("渠道"),
    "priority_label": gettext_lazy("优先级"),
    "title": gettext_lazy("标题"),
    "description": gettext_lazy("描述"),
}


def analytics_page(view):
    """Analysts only; a page that only reads (GET) may read from the replica (figures a few seconds old)."""
    reading = reads_from_replica(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.can_see_analytics(request.user):
            raise PermissionDenied
        return reading(request, *args, **kwargs)
    return wrapper


def _filters(request):
    params, refused = names.with_ids(request.GET)  # store and product names typed in the filter boxes
    if refused:
        field, message = next(iter(refused.items()))
        return None, selectors.FilterError(field, message)
    try:
        filters = selectors.Filters.parse(params)
    except selectors.FilterError as exc:
        return None, exc
    if filters.date_from is None and filters.date_to is None and "from" not in request.GET:
        default = selectors.default_filters()
        filters = selectors.Filters(**{**filters.__dict__, "date_from": default.date_from,
                                       "date_to": default.date_to})
    return filters, None


def _drill(filters, **extra) -> str:
    params = filters.as_params(**{k: v for k, v in extra.items() if k in filters.__dict__})
    params.update({k: v for k, v in extra.items() if k not in filters.__dict__ and v not in (None, "")})
    return f"{reverse('insight:cases')}?{urlencode(params)}"


def _with_links(filters, rows, group_by):
    field = {"category": "category", "merchant": "merchant_id", "product": "product_id", "channel": "channel",
             "region": "region", "issue": "issue"}.get(group_by)
    for row in rows:
        if group_by in ("month", "day"):
            start, end = _period(row["key"], group_by)
            row["url"] = _drill(filters, date_from=start, date_to=end)
        elif field:
            row["url"] = _drill(filters, **{field: row["key"]})
        row["late_url"] = row["url"] + "&measure=late"
        row["unresolved_url"] = row["url"] + "&measure=unresolved"
    return rows


def _period(key: str, group_by: str):
    from calendar import monthrange
    from datetime import date

    if group_by == "day":
        day = date.fromisoformat(key)
        return day, day
    year, month = (int(p) for p in key.split("-"))
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


@analytics_page
def dashboard(request):
    filters, error = _filters(request)
    status = 200
    if error:  # the page again with every figure, the refusal beside the filters and what was typed kept
        filters, status = selectors.default_filters(), 400
    span = (filters.date_to - filters.date_from).days if filters.date_from and filters.date_to else 999
    time_group = "day" if span <= 62 else "month"
    context = {
        "filters": filters, "query": urlencode(filters.as_params()),
        "totals": selectors.totals(filters),
        "cases_url": _drill(filters),
        "over_time": _with_links(filters, selectors.grouped(filters, time_group), time_group),
        "time_group": time_group,
        "by_category": _with_links(filters, selectors.grouped(filters, "category"), "category"),
        "by_issue": _with_links(filters, selectors.grouped(filters, "issue", limit=15), "issue"),
        "by_channel": _with_links(filters, selectors.grouped(filters, "channel"), "channel"),
        "by_merchant": _with_links(filters, selectors.grouped(filters, "merchant", limit=20), "merchant"),
        "by_product": _with_links(filters, selectors.grouped(filters, "product", limit=15), "product"),
        "by_region": _with_links(filters, selectors.grouped(filters, "region", limit=15), "region"),
        "categories": Category.choices, "channels": Channel.choices,
        **names.names_of(filters.merchant_id, filters.product_id),
        "filter_error": error.message if error else "",
        "suggest_urls": {kind: reverse("insight:suggest", args=[kind]) for kind in ("merchant", "product")},
        "export_groups": EXPORT_GROUPS,
    }
    context["totals"]["cases_late_url"] = context["cases_url"] + "&measure=late"
    context["charts"] = {
        "over_time": _chart(context["over_time"], "line", _("投诉量")),
        "category": _chart(context["by_category"], "bar", _("投诉量")),
        "issue": _chart(context["by_issue"], "bar", _("投诉量"), horizontal=True),
        "channel": _chart(context["by_channel"], "doughnut", _("投诉量")),
    }
    if error:
        context.update({"merchant_name": request.GET.get("merchant_name", ""),
                        "product_name": request.GET.get("product_name", "")})
    return render(request, "insight/dashboard.html", context, status=status)


@analytics_page
def suggest(request, kind: str):
    """{"names": [...]}: stores or products whose name contains ?q= (the filter boxes' suggestions)."""
    if kind not in ("merchant", "product"):
        raise Http404
    query = request.GET.get("q", "")[:100]
    found = names.merchants_named(query) if kind == "merchant" else names.products_named(query)
    return JsonResponse({"names": found})


def _chart(rows, kind: str, label: str, *, horizontal: bool = False) -> dict:
    return {"type": kind, "label": str(label), "horizontal": horizontal, "labels": [str(r["label"]) for r in rows],
            "values": [r["count"] for r in rows], "urls": [r.get("url", "") for r in rows]}


def _export(rows, columns, *, name: str, fmt: str):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append([str(COLUMN_HEADERS.get(c, c)) for c in columns])
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([str(COLUMN_HEADERS.get(c, c)) for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


def _labelled(row: dict) -> dict:
    """Codes in a case row as words (channel, priority); category and status come labelled already."""
    row["channel_label"] = str(Channel(row["channel"]).label) if row.get("channel") in Channel.values else row.get(
        "channel", "")
    row["priority_label"] = str(Priority(row["priority"]).label) if row.get("priority") in Priority.values else row.get(
        "priority", "")
    return row


def _cell(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # no formula injection through complaint text
    return value


@analytics_page
def export(request):
    filters, error = _filters(request)
    group_by, fmt = request.GET.get("group_by", "category"), request.GET.get("format", "csv")
    if error or group_by not in selectors.GROUPS or fmt not in ("csv", "xlsx"):
        return HttpResponseBadRequest(error.message if error else "group_by / format")
    # A store's or product's number helps find it again; any other group's key is an internal code (a category,
    # channel or issue code) or repeats the label (a month), so the sheet starts with the name.
    columns = EXPORT_COLUMNS if group_by in NUMBERED_GROUPS else EXPORT_COLUMNS[1:]
    return _export(selectors.grouped(filters, group_by), columns, name=f"complaints-by-{group_by}", fmt=fmt)


@analytics_page
def cases(request):
    filters, error = _filters(request)
    measure = request.GET.get("measure", "")
    if error:
        return HttpResponseBadRequest(error.message)
    try:
        qs = selectors.drilldown(request.user, filters, measure=measure)
    except selectors.FilterError as exc:
        return HttpResponseBadRequest(exc.message)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = (_labelled(selectors.redacted_row(c)) for c in qs.iterator(chunk_size=1000, limit=50_000))
        return _export(rows, CASE_COLUMNS, name="complaints", fmt=fmt)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = {**filters.as_params(), **({"measure": measure} if measure else {})}
    return render(request, "insight/cases.html", {
        "filters": filters, "measure": measure, "page": page,
        "rows": [selectors.redacted_row(c, viewer=request.user) for c in page],
        "query": urlencode(params), "total": page.paginator.count,
    })


@analytics_page
def root_cause(request):
    filters, error = _filters(request)
    kind, key = request.GET.get("kind", "category"), request.GET.get("key", "")
    if error or kind not in root_causes.TARGET_KINDS:
        return HttpResponseBadRequest(error.message if error else "kind")
    if kind != "category":
        key = int(key) if key.isdigit() else None
    target_filters = selectors.Filters(**{**filters.__dict__, "merchant_id": None, "product_id": None,
                                          "category": ""})
    choices = selectors.grouped(target_filters, kind, limit=50)
    if not key and choices:
        key = choices[0]["key"]
    result = root_causes.root_causes(kind=kind, key=key, filters=target_filters) if key else None
    label = selectors.labels_for(kind, [key]).get(key, key) if key else ""
    return render(request, "insight/root_causes.html", {
        "filters": filters, "kind": kind, "key": key, "label": label, "choices": choices, "result": result,
        "params": filters.as_params(),
    })


@analytics_page
def root_cause_cases(request):
    """The complaints behind one root-cause term (the ids the analysis found; shown only where the viewer may see
    them, personal data redacted)."""
    from weiquan.complaints.selectors import complaints_visible_to

    raw = [part for part in request.GET.get("ids", "").split(",") if part]
    if not raw or len(raw) > root_causes.CASES_PER_TERM or not all(p.isascii() and p.isdigit() for p in raw):
        return HttpResponseBadRequest(_("ids：最多 %(n)d 个投诉编号，以逗号分隔")
                                      % {"n": root_causes.CASES_PER_TERM})
    qs = complaints_visible_to(request.user).processable().filter(pk__in=[int(p) for p in raw]).select_related(
        "merchant", "consumer")
    return render(request, "insight/root_cause_cases.html", {
        "term": request.GET.get("term", "")[:80], "rows": [selectors.redacted_row(c, viewer=request.user) for c in
                                                          qs.order_by("-received_at")]})


@analytics_page
def spikes(request):
    alerts = SpikeAlert.objects.select_related("acknowledged_by").order_by("acknowledged_at", "-day", "-count")[:200]
    return render(request, "insight/spikes.html", {"alerts": alerts})


@analytics_page
def spike_detail(request, alert_id: int):
    alert = get_object_or_404(SpikeAlert, pk=alert_id)
    qs = Complaint.objects.none()
    if alert.complaint_ids:
        from weiquan.complaints.selectors import complaints_visible_to

        qs = complaints_visible_to(request.user).processable().filter(pk__in=alert.complaint_ids).select_related(
            "merchant", "consumer")
    return render(request, "insight/spike_detail.html", {
        "alert": alert, "rows": [selectors.redacted_row(c, viewer=request.user) for c in qs.order_by("-received_at")]})


@analytics_page
@require_POST
def spike_acknowledge(request, alert_id: int):
    try:
        services.spike_acknowledge(actor=request.user, alert_id=alert_id)
    except ComplaintError as exc:
        raise PermissionDenied(exc.message) from exc
    return redirect("insight:spikes")


@analytics_page
def cluster_list(request):
    state = request.GET.get("state", ComplaintCluster.State.OPEN)
    qs = ComplaintCluster.objects.select_related("merchant", "product").order_by("-last_at")
    if state in ComplaintCluster.State.values:
        qs = qs.filter(state=state)
    return render(request, "insight/clusters.html", {"clusters": qs[:200], "state": state,
                                                     "states": ComplaintCluster.State.choices})


@analytics_page
def cluster_detail(request, cluster_id: int):
    from weiquan.complaints.selectors import complaints_visible_to

    cluster = get_object_or_404(ComplaintCluster.objects.select_related("merchant", "product", "decided_by"),
                                pk=cluster_id)
    cases_qs = complaints_visible_to(request.user).processable().filter(cluster_member__cluster=cluster).select_related(
        "merchant", "consumer").order_by("received_at")
    if request.method == "POST":
        try:
            handler = request.POST.get("handler_id", "")
            _cluster, noted = clusters.cluster_decide(actor=request.user, cluster_id=cluster.pk,
                                                      note=request.POST.get("note", ""),
                                                      state=request.POST.get("state", "decided"),
                                                      handler_id=int(handler) if handler.isdigit() else None)
        except ComplaintError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录统一处理意见，并写入 %(n)d 件未结投诉的内部备注。") % {"n": noted})
        return redirect("insight:cluster_detail", cluster_id=cluster.pk)
    return render(request, "insight/cluster_detail.html", {
        "cluster": cluster, "rows": [selectors.redacted_row(c, viewer=request.user) for c in cases_qs],
        "duplicates": Complaint.objects.filter(duplicate_of__in=cases_qs).count(),
        "can_decide": request.user.is_superuser or request.user.role in clusters.CASE_HANDLERS,
        "handlers": clusters.coordinating_handlers() if request.user.is_superuser
        or request.user.role in clusters.COORDINATORS else [],
    })


@analytics_page
def risk_list(request):
    latest = MerchantRiskScore.objects.order_by("-computed_on").values_list("computed_on", flat=True).first()
    scores = MerchantRiskScore.objects.filter(computed_on=latest).select_related("merchant").order_by(
        "-score", "merchant__name")[:200] if latest else []
    return render(request, "insight/risk.html", {"scores": scores, "computed_on": latest})


@analytics_page
def risk_detail(request, merchant_id: int):
    merchant = get_object_or_404(Merchant, pk=merchant_id)
    history = list(MerchantRiskScore.objects.filter(merchant=merchant).order_by("-computed_on")[:30])
    if not history:
        raise Http404
    from weiquan.merchants.selectors import is_console_user

    return render(request, "insight/risk_detail.html", {"merchant": merchant, "current": history[0],
                                                        "history": history,
                                                        "can_see_flags": is_console_user(request.user)})


@require_POST
def triage_confirm(request, complaint_id: int):
    """One click: confirm the suggestion (or correct it) from the console's triage panel."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        complaint = complaint_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None
    try:
        services.triage_confirm(actor=request.user, complaint_id=complaint.pk,
                                category=request.POST.get("category", ""))
    except ComplaintError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("类别已确认。"))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = selectors.case_url(complaint.pk) or reverse("insight:dashboard")
    if request.headers.get("HX-Request"):
        from weiquan.insight.panel import triage_context

        complaint.refresh_from_db()
        context = triage_context(request, complaint)
        context["next"] = target  # the page the panel sits on, not this endpoint
        return render(request, "insight/partials/_triage_panel.html", context)
    return redirect(target)
