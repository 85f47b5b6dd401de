"""The merchant's portal: its own complaints by deadline, the case page with its answer, and its figures by month.

Every read starts from the merchant's scoped selectors (another store's case is a 404); every write goes through the
workflow's services. The answer form is the merchant's own because it carries evidence with it: the response and its
files are written in one transaction, so a refused file leaves no half-made answer behind.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from weiquan.accounts.models import Role
from weiquan.complaints import limits, selectors, selectors_pages
from weiquan.complaints.labels import ACTION_LABELS
from weiquan.complaints.models import Complaint, RemedyKind
from weiquan.complaints.selectors_queues import INBOX_VIEWS, merchant_inbox
from weiquan.complaints.selectors_stats import merchant_performance, performance_totals
from weiquan.complaints.services import ComplaintError, complaint_act, evidence_add, files_removed_on_failure
from weiquan.complaints.views import case as shared
from weiquan.complaints.views.console.forms import InboxFilterForm
from weiquan.complaints.views.console.rows import label_rows
from weiquan.complaints.workflow import TransitionNotAllowed

VIEW_LABELS = {
    "todo": gettext_lazy("待我处理"),
    "open": gettext_lazy("进行中"),
    "closed": gettext_lazy("已结束"),
    "all": gettext_lazy("全部"),
}
# What the merchant records when it has carried a remedy out.
EXECUTION_LABELS = {
    RemedyKind.REFUND: gettext_lazy("退款流水号"),
    RemedyKind.COMPENSATION: gettext_lazy("赔付流水号"),
    RemedyKind.RETURN: gettext_lazy("退货物流单号"),
    RemedyKind.EXCHANGE: gettext_lazy("换货物流单号"),
    RemedyKind.REPAIR: gettext_lazy("维修单号"),
}
# Actions the page offers in forms of its own (the shared action forms offer the rest).
OWN_FORMS = {"respond", "confirm_remedy"}


def merchant_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.role == Role.MERCHANT and user.merchant_id):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _own_case(request, complaint_id: int) -> Complaint:
    try:
        return selectors_pages.case_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@merchant_required
@require_GET
def inbox(request):
    view = request.GET.get("view", "open")
    if view not in INBOX_VIEWS:
        view = "open"
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()  # an unbound form (no parameters) filters nothing
    work = merchant_inbox(request.user, view=view, filters=filters, page=_page_number(request))
    label_rows(work.rows)
    query = request.GET.copy()
    for key in ("page", "view"):
        query.pop(key, None)
    context = {
        "view": view, "views": [(name, VIEW_LABELS[name], work.count_labels[name]) for name in INBOX_VIEWS],
        "form": form, "work": work, "filters_active": filters.active(), "query": query.urlencode(),
        "merchant": request.user.merchant,
    }
    template = "complaints/merchant/_inbox_results.html" if request.headers.get("HX-Target") == "inbox-results" \
        else "complaints/merchant/inbox.html"
    return render(request, template, context)


@merchant_required
@require_GET
def case(request, complaint_id: int):
    complaint = _own_case(request, complaint_id)
    context = shared.case_context(request, complaint)
    case_data = context["case"]
    allowed = case_data["allowed_actions"]
    # The shared action forms show what is left; answering and recording execution have forms of their own here.
    case_data["allowed_actions"] = [a for a in allowed if a not in OWN_FORMS]
    context.update({
        "can_respond": "respond" in allowed,
        "can_confirm": "confirm_remedy" in allowed,
        "execution": [(r, EXECUTION_LABELS.get(r.kind, gettext_lazy("履行凭证"))) for r in case_data["owed_remedies"]],
        "contact": selectors.consumer_contact(request.user, complaint),
        "order": complaint.order,
        "lines": list(complaint.lines.all()),
        "respond_label": ACTION_LABELS["respond"],
    })
    return render(request, "complaints/merchant/case.html", context)


def _back(request, complaint: Complaint) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not (target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())):
        target = reverse("complaints:merchant_case", args=[complaint.pk])
    return HttpResponseRedirect(target)


@merchant_required
@require_POST
def respond(request, complaint_id: int):
    """An offer (remedy rows) or a reasoned refusal, with evidence files, all or nothing."""
    complaint = _own_case(request, complaint_id)
    data = shared.action_data("respond", request.POST)
    data.setdefault("remedies", [])
    if data.get("kind") == "refusal":
        data["remedies"] = []  # rows left filled in on the form do not belong to a refusal
    uploads = request.FILES.getlist("file")
    description = request.POST.get("description", "")
    failed_file, repeats = None, []
    try:
        with files_removed_on_failure(), transaction.atomic():  # a refused answer leaves no file on disk
            complaint_act(actor=request.user, complaint_id=complaint.pk, action="respond", data=data)
            for upload in uploads:
                failed_file = upload.name
                limits.check_upload(request.user)
                evidence = evidence_add(actor=request.user, complaint_id=complaint.pk, name=upload.name,
                                        content=upload, description=description)
                if evidence.already_on_case:
                    repeats.append(upload.name)
            failed_file = None
    except (ComplaintError, TransitionNotAllowed) as exc:
        shared.keep_form(request, complaint, "respond", exc)  # the form comes back with what was typed
        reason = shared.refusal_text(exc)
        if failed_file:
            reason = _("%(name)s：%(reason)s") % {"name": failed_file, "reason": reason}
        messages.error(request, _("答复未提交：%(reason)s") % {"reason": reason})
    else:
        stored = len(uploads) - len(repeats)
        if stored:
            messages.success(request, _("已提交答复，并上传 %(count)d 个证据文件。") % {"count": stored})
        else:
            messages.success(request, _("已提交答复。"))
        for name in repeats:
            messages.info(request, shared.already_on_case_text(name))
    return _back(request, complaint)


@merchant_required
@require_GET
def performance(request):
    months = merchant_performance(request.user)
    return render(request, "complaints/merchant/performance.html", {
        "months": months, "totals": performance_totals(months), "merchant": request.user.merchant,
        "chart": {
            "labels": [m.month.strftime("%Y-%m") for m in months],
            "per_thousand": [float(m.per_thousand_orders) if m.per_thousand_orders is not None else None
                             for m in months],
            "on_time": [float(m.on_time_rate) if m.on_time_rate is not None else None for m in months],
        },
    })

