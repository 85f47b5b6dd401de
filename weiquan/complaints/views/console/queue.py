"""The console's queue (tabs, filters, search, bulk assign) and the SLA board."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_POST

from weiquan.complaints.models import Party
from weiquan.complaints.selectors import complaints_visible_to
from weiquan.complaints.selectors_pages import assignable_staff
from weiquan.complaints.selectors_queues import (
    BUCKETS,
    CONSOLE_TABS,
    PAGE_SIZE,
    PAGE_SIZES,
    PARTIES,
    SORTS,
    console_queue,
    sla_overview,
)
from weiquan.complaints.services import ComplaintError, complaint_act
from weiquan.complaints.views.case import refusal_text
from weiquan.complaints.views.console.access import console_required, is_supervisor, supervisor_required
from weiquan.complaints.views.console.forms import BUCKET_LABELS, QueueFilterForm
from weiquan.complaints.views.console.rows import label_rows, staff_choices
from weiquan.complaints.workflow import TransitionNotAllowed

TAB_LABELS = {
    "unassigned": gettext_lazy("未分配"),
    "mine": gettext_lazy("我的"),
    "awaiting_merchant": gettext_lazy("待商家处理"),
    "in_mediation": gettext_lazy("调解中"),
    "overdue": gettext_lazy("已超时"),
    "appeals": gettext_lazy("申诉复核"),
    "all": gettext_lazy("全部进行中"),
}
MAX_BULK = 200


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _active_filters(form) -> list[tuple[str, str]]:
    """(label, value in words) of each filter in use, shown above the results so nobody works a filtered queue
    unknowingly. Choice values show their labels, never their codes."""
    if not form.is_bound or not form.is_valid():
        return []
    shown = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], ()) or value is False:
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        values = value if isinstance(value, (list, tuple)) else [value]
        words = [str(choices.get(v, choices.get(str(v), v))) for v in values]
        shown.append((str(field.label), pgettext("列举分隔符", "、").join(words)))
    return shown


@console_required
@require_GET
def queue(request):
    tab = request.GET.get("tab", "unassigned")
    if tab not in CONSOLE_TABS:
        tab = "unassigned"
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()  # an unbound form (no parameters) filters nothing
    size = int(request.GET["size"]) if request.GET.get("size", "").isdigit() else PAGE_SIZE
    size = size if size in PAGE_SIZES else PAGE_SIZE
    sort = request.GET.get("sort", "deadline")
    sort = sort if sort.lstrip("-") in SORTS else "deadline"
    work = console_queue(request.user, tab=tab, filters=filters, page=_page_number(request), size=size, sort=sort)
    label_rows(work.rows)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("tab", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    context = {
        "tab": tab, "tabs": [(name, TAB_LABELS[name], work.count_labels[name]) for name in CONSOLE_TABS],
        "form": form, "work": work, "filters_active": filters.active(), "query": query.urlencode(),
        "active_filters": _active_filters(form), "size": size, "sizes": PAGE_SIZES, "sort": sort, "sort_query": sort_query.urlencode(),
        "sort_links": {name: ("-" + name if sort == name else name) for name in SORTS},
        "can_assign": is_supervisor(request.user),
        "staff": staff_choices(assignable_staff()) if is_supervisor(request.user) else [],
    }
    template = "complaints/console/_queue_results.html" if request.headers.get("HX-Request") and \
        request.headers.get("HX-Target") == "queue-results" else "complaints/console/queue.html"
    return render(request, template, context)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(reverse("complaints:console_queue"))


@supervisor_required
@require_POST
def bulk_assign(request):
    """Assign every ticked case through the workflow, as this supervisor; report each refusal by reference."""
    try:
        assignee_id = int(request.POST.get("assignee", ""))
        ids = sorted({int(v) for v in request.POST.getlist("complaints")})
    except ValueError:
        messages.error(request, _("请选择处理人和要分配的投诉。"))
        return _back(request)
    if not ids:
        messages.error(request, _("请勾选要分配的投诉。"))
        return _back(request)
    if len(ids) > MAX_BULK:
        messages.error(request, _("一次最多分配 %(n)d 件。") % {"n": MAX_BULK})
        return _back(request)
    visible = dict(complaints_visible_to(request.user).filter(pk__in=ids).values_list("pk", "reference"))
    done, refused = [], []
    for pk in ids:
        if pk not in visible:
            refused.append((str(pk), _("找不到该投诉")))
            continue
        try:
            complaint_act(actor=request.user, complaint_id=pk, action="assign", data={"assignee_id": assignee_id})
            done.append(visible[pk])
        except (TransitionNotAllowed, ComplaintError) as exc:
            refused.append((visible[pk], refusal_text(exc)))
    if done:
        messages.success(request, _("已分配 %(n)d 件：%(refs)s") % {"n": len(done), "refs": "、".join(done)})
    for reference, reason in refused:
        messages.error(request, _("%(ref)s 未分配：%(reason)s") % {"ref": reference, "reason": reason})
    return _back(request)


def _day_label(index: int, day) -> str:
    """今天 / 明天 / the weekday, then the date: "明天 3月6日"."""
    name = _("今天") if index == 0 else _("明天") if index == 1 else date_format(day, "l")
    # Translators: a date format (Django's date filter letters): month and day without leading zeros
    month_day = _("n月j日")
    return f"{name} {date_format(day, month_day)}"


@console_required
@require_GET
def sla(request):
    board, by_day = sla_overview(request.user)
    rows = [(party, Party(party).label, board["rows"][party]) for party in PARTIES]
    # (key, heading, queue parameters that list exactly those cases) per column of the by-day table
    columns = [("overdue", BUCKET_LABELS["overdue"], "bucket=overdue")]
    columns += [(day.isoformat(), _day_label(i, day), f"due_on={day.isoformat()}") for i, day in enumerate(by_day["days"])]
    after = by_day["days"][-1] + timedelta(days=1)
    columns.append(("later", _("%(n)d天以后") % {"n": len(by_day["days"])}, f"due_from={after.isoformat()}"))
    day_rows = [(party, Party(party).label,
                 [(key, by_day["rows"][party][key], query) for key, _label, query in columns]) for party in PARTIES]
    return render(request, "complaints/console/sla.html", {
        "rows": rows, "totals": board["totals"], "moment": board["moment"],
        "buckets": [(b, BUCKET_LABELS[b]) for b in BUCKETS],
        "day_columns": columns, "day_rows": day_rows,
        "day_totals": [(key, by_day["totals"][key], query) for key, _label, query in columns],
    })
