"""Fair-trading pages: the officer's console (flags, one flag, consumers' reports), the merchant's portal (flags it
was asked about, its answer), and the report form (public by listing id; from a consumer's order page)."""


from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weiquan.accounts.models import Role
from weiquan.fairtrade import labels, selectors, services, workflow
from weiquan.fairtrade.forms import CloseForm, DismissForm, ExplanationForm, PenaltyForm, ReportForm, RequestForm
from weiquan.fairtrade.models import FlagKind, FlagState, ReportState
from weiquan.merchants.access import console_required, merchant_required

ERROR_TEXT = {
    "not_allowed": gettext_lazy("此提示当前状态下不能这样处理"),
    "forbidden": gettext_lazy("您无权进行此操作"),
    "not_found": gettext_lazy("找不到此记录"),
}


def _flash(request, exc: services.FairTradeError) -> None:
    messages.error(request, ERROR_TEXT.get(exc.code) or _("输入有误，请检查后重试"))


@console_required
def console(request):
    kind = request.GET.get("kind") or ""
    state = request.GET.get("state") or "active"
    merchant = (request.GET.get("merchant") or "").strip()
    qs = selectors.flag_list(request.user, merchant=merchant or None,
                             kind=kind if kind in FlagKind.values else None,
                             state=state if state in [*FlagState.values, "active"] else None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "fairtrade/console/flags.html", {
        "page": page, "kind": kind, "state": state, "merchant": merchant, "kinds": FlagKind.choices,
        "states": [("active", _("未结")), *FlagState.choices],
        "new_reports": selectors.reports_visible_to(request.user).filter(state=ReportState.NEW).count(),
    })


def _flag_context(user, flag) -> dict:
    reviews = []
    if flag.kind in (FlagKind.FAKE_REVIEWS, FlagKind.REVIEW_DELETION):
        by_review: dict[str, list] = {}
        for signal in flag.signals:
            for row in signal["rows"]:
                by_review.setdefault(str(row), []).append(labels.SIGNALS.get(signal["code"], ""))
        for review in selectors.flag_reviews(flag).select_related("listing")[:200]:
            reviews.append({"review": review, "signals": by_review.get(review.external_id, []),
                            "deleted_by": labels.DELETED_BY.get(review.deleted_by, ""),
                            "reason": labels.DELETION_REASONS.get(review.deletion_reason, review.deletion_reason)})
    lines = []
    if flag.kind in (FlagKind.TIE_IN, FlagKind.PERSONALISED_PRICE):
        overcharges = flag.figures.get("overcharges") or {}
        cases = flag.figures.get("cases") or {}
        lines = [{"ref": str(row), "overcharge": overcharges.get(str(row)), "case": cases.get(str(row))}
                 for row in flag.rows[:200]]
    rating = selectors.listing_rating(flag.listing_id) if flag.listing_id else None
    return {"flag": flag, "signals": labels.signal_rows(flag), "figures": labels.figure_rows(flag),
            "reviews": reviews, "lines": lines, "more_rows": max(0, len(flag.rows) - 200), "rating": rating,
            "events": selectors.flag_events(user, flag)}


@console_required
def flag_detail(request, flag_id: int):
    flag = selectors.flags_visible_to(request.user).filter(pk=flag_id).first()
    if flag is None:
        raise Http404
    context = _flag_context(request.user, flag)
    context.update({
        "actions": workflow.allowed(flag.state, workflow.OFFICER), "request_form": RequestForm(),
        "close_form": CloseForm(), "penalty_form": PenaltyForm(), "reports": flag.reports.all(),
        "may_open_cases": flag.kind == FlagKind.PERSONALISED_PRICE and flag.state != FlagState.UNFOUNDED,
    })
    return render(request, "fairtrade/console/flag.html", context)


@console_required
@require_POST
def flag_action(request, flag_id: int, action: str):
    flag = selectors.flags_visible_to(request.user).filter(pk=flag_id).first()
    if flag is None:
        raise Http404
    forms = {"request": RequestForm, "close": CloseForm, "penalise": PenaltyForm}
    try:
        if action == "cases":
            opened = services.flag_open_cases(actor=request.user, flag_id=flag.pk)
            messages.success(request, _("已为 %(n)d 位多付款的买家发起投诉") % {"n": len(opened)})
        elif action in forms:
            form = forms[action](request.POST)
            if not form.is_valid():
                messages.error(request, _("请完整填写后再提交"))
                return redirect("fairtrade:console_flag", flag_id=flag.pk)
            data = form.cleaned_data
            if action == "request":
                services.flag_request_explanation(actor=request.user, flag_id=flag.pk, message=data["message"])
                messages.success(request, _("已要求商家说明；商家现在可以在商家中心看到此提示"))
            elif action == "close":
                services.flag_close_unfounded(actor=request.user, flag_id=flag.pk, note=data["note"])
                messages.success(request, _("已关闭：提示不成立"))
            else:
                services.flag_penalise(actor=request.user, flag_id=flag.pk, kind=data["kind"],
                                       reason=data["reason"], ends_on=data["ends_on"])
                messages.success(request, _("已作出处罚，将按规定公示"))
        else:
            raise Http404
    except services.FairTradeError as exc:
        _flash(request, exc)
    return redirect("fairtrade:console_flag", flag_id=flag.pk)


@console_required
def reports(request):
    qs = selectors.reports_visible_to(request.user)
    tab = request.GET.get("tab", "new")
    qs = qs.filter(state=ReportState.NEW) if tab == "new" else qs.exclude(state=ReportState.NEW)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "fairtrade/console/reports.html", {"page": page, "tab": tab, "form": DismissForm()})


@console_required
@require_POST
def report_dismiss(request, report_id: int):
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写未采纳的理由"))
    else:
        try:
            services.report_dismiss(actor=request.user, report_id=report_id, note=form.cleaned_data["note"])
            messages.success(request, _("已处理"))
        except services.FairTradeError as exc:
            _flash(request, exc)
    return redirect("fairtrade:console_reports")


@merchant_required
def portal(request):
    flags = selectors.flag_list(request.user)
    return render(request, "fairtrade/portal/flags.html", {"flags": flags[:200]})


@merchant_required
def portal_flag(request, flag_id: int):
    flag = selectors.flags_visible_to(request.user).filter(pk=flag_id).first()
    if flag is None:
        raise Http404
    form = ExplanationForm()
    if request.method == "POST":
        form = ExplanationForm(request.POST)
        if form.is_valid():
            try:
                services.flag_explain(actor=request.user, flag_id=flag.pk,
                                      explanation=form.cleaned_data["explanation"])
            except services.FairTradeError as exc:
                _flash(request, exc)
            else:
                messages.success(request, _("说明已提交，平台将据此审查"))
                return redirect("fairtrade:portal_flag", flag_id=flag.pk)
    context = _flag_context(request.user, flag)
    context.update({"form": form, "may_explain": "explain" in workflow.allowed(flag.state, workflow.MERCHANT)})
    return render(request, "fairtrade/portal/flag.html", context, status=422 if form.errors else 200)


def report_form(request):
    """Anyone may report by listing id; a logged-in consumer coming from an order page has the order filled in."""
    user = request.user
    is_consumer = getattr(user, "is_authenticated", False) and user.role == Role.CONSUMER
    initial = {"listing": request.GET.get("listing", ""), "order_no": request.GET.get("order", "") if is_consumer
               else "", "kind": request.GET.get("kind", "fake_reviews")}
    form = ReportForm(initial=initial)
    order_no = (request.POST.get("order_no") if request.method == "POST" else initial["order_no"]) or ""
    choices = selectors.order_listing_choices(user, order_no) if is_consumer and order_no else []
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_submit(actor=user, listing_id=data["listing"], kind=data["kind"],
                                       description=data["description"],
                                       order_no=data["order_no"] if is_consumer else "")
            except services.FairTradeError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, _("找不到该商品编号") if exc.field == "listing" else
                               _("这不是您的订单，或该商品不属于此订单的商家") if exc.field == "order_no" else
                               _("输入有误，请检查后重试"))
            else:
                return render(request, "fairtrade/report_done.html", {})
    return render(request, "fairtrade/report.html", {"form": form, "is_consumer": is_consumer, "choices": choices},
                  status=422 if form.errors else 200)
