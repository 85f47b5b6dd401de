"""The compliance console: applications with their documents, the re-verification calendar, expiring licences,
merchants with their penalties and deposit ledgers, and the advance-compensation queue."""

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weiquan.merchants import selectors, services, workflow
from weiquan.merchants.access import advance_required, console_required, flash_error, form_error
from weiquan.merchants.events import verify_merchant_chain
from weiquan.merchants.forms import (
    AppealDecisionForm,
    DepositForm,
    PenaltyForm,
    ReasonForm,
    ReviewForm,
    category_choices,
)
from weiquan.merchants.labels import ACTION_LABELS, STATUS_MEANING, event_label, problem_rows
from weiquan.merchants.models import (
    AppealState,
    ApplicationState,
    DepositAccount,
    Merchant,
    MerchantApplication,
    MerchantStatus,
)
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.services.deposits import category_rule, deposit_minimum


def _may_decide(user) -> bool:
    return workflow.actor_kind(user) == workflow.COMPLIANCE


def _events(user, merchant, limit=30):
    rows = []
    for e in selectors.events_visible_to(user, merchant.pk).order_by("-seq")[:limit]:
        data = e.data or {}
        text = data.get("reason") or data.get("reasons") or data.get("note") or data.get("answer") or ""
        rows.append({"event": e, "label": event_label(e.type), "text": text})
    return rows


def _problems(application):
    return problem_rows(services.missing_requirements(application))


@console_required
def dashboard(request):
    from weiquan.quality import selectors as quality

    user, today = request.user, timezone.localdate()
    counts = {
        "queue": selectors.application_queue(user).count(),
        "needs_info": MerchantApplication.objects.filter(state=ApplicationState.NEEDS_INFO).count(),
        "reverification_due": Merchant.objects.filter(
            reverification_due_on__lte=today + timedelta(days=30),
            status__in=[MerchantStatus.ACTIVE, MerchantStatus.WARNED, MerchantStatus.RESTRICTED,
                        MerchantStatus.SUSPENDED]).count(),
        "expiring": selectors.expiring_licences(user).count(),
        "listing_exceptions": quality.listing_exceptions(user).count(),
        "price_flags": quality.price_flags_visible_to(user).filter(state="open").count(),
        "appeals": selectors.pending_appeals(user).count(),
        "publication_overdue": selectors.status_changes_overdue(user).count(),
        "advance_due": services.overdue_money_remedies().count(),
        "restricted": Merchant.objects.filter(status__in=[MerchantStatus.RESTRICTED, MerchantStatus.SUSPENDED]).count(),
    }
    return render(request, "merchants/console/dashboard.html", {"counts": counts})


@console_required
def applications(request):
    tab = request.GET.get("tab", "queue")
    if tab == "needs_info":
        qs = selectors.applications_visible_to(request.user).filter(state=ApplicationState.NEEDS_INFO)
    elif tab == "decided":
        qs = selectors.applications_visible_to(request.user).filter(
            state__in=[ApplicationState.APPROVED, ApplicationState.REJECTED]).order_by("-decided_at")
    else:
        tab, qs = "queue", selectors.application_queue(request.user)
    page = Paginator(qs.prefetch_related("merchant__licences__kind"), 50).get_page(request.GET.get("page"))
    required: dict[str, list] = {}
    names = {c: n for c, n in category_choices()}

    def category_label(code):
        return names.get(code, code)

    rows = []
    for a in page:
        if a.category not in required:
            required[a.category] = services.required_kinds(a.category)
        problems = services.missing_requirements(a, required=required[a.category])
        rows.append({"application": a, "category": category_label(a.category), "problems": problem_rows(problems)})
    return render(request, "merchants/console/applications.html", {"rows": rows, "page": page, "tab": tab})


@console_required
def application_detail(request, application_id: int):
    try:
        application = selectors.application_get(request.user, application_id)
    except MerchantApplication.DoesNotExist:
        raise Http404 from None
    form = ReviewForm(initial={"requested_items": [p["kind"] for p in _problems(application) if p["kind"]]})
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.application_review(actor=request.user, application_id=application.pk,
                                            decision=data["decision"], reasons=data["reasons"],
                                            requested_items=data["requested_items"], note=data["note"])
            except GovernanceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("审核结论已记录"))
                return redirect("merchants:console_application", application_id=application.pk)
    licences = application.merchant.licences.select_related("kind").order_by("kind__code", "-created_at")
    return render(request, "merchants/console/application.html", {
        "application": application, "form": form, "problems": _problems(application), "licences": licences,
        "required": services.required_kinds(application.category), "may_decide": _may_decide(request.user),
        "events": _events(request.user, application.merchant, 20),
    }, status=422 if form.errors else 200)


@console_required
def reverification(request):
    return render(request, "merchants/console/reverification.html", {
        "months": selectors.reverification_calendar(request.user),
        "open_tasks": selectors.open_applications(request.user).filter(kind="reverification").select_related(
            "merchant").order_by("due_on"),
    })


@console_required
def licences(request):
    today = timezone.localdate()
    rows = [{"licence": item, "days_left": (item.valid_until - today).days}
            for item in selectors.expiring_licences(request.user)]
    return render(request, "merchants/console/licences.html", {"rows": rows})


@console_required
def merchants(request):
    qs = selectors.merchants_visible_to(request.user).exclude(status=MerchantStatus.APPLYING)
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    if status in MerchantStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(legal_name__icontains=q) | Q(uscc__iexact=q) | Q(external_id=q))
    qs = qs.annotate(in_force=Count("penalties", filter=Q(penalties__lifted_at__isnull=True))).order_by("name")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "merchants/console/merchants.html", {
        "page": page, "status": status, "q": q, "statuses": MerchantStatus.choices})


def _merchant_or_404(user, merchant_id: int) -> Merchant:
    merchant = selectors.merchants_visible_to(user).filter(pk=merchant_id).first()
    if merchant is None:
        raise Http404
    return merchant


@console_required
def merchant_detail(request, merchant_id: int):
    from weiquan.fairtrade.selectors import rating_summary

    merchant = _merchant_or_404(request.user, merchant_id)
    form = PenaltyForm()
    if request.method == "POST":
        form = PenaltyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.penalty_impose(actor=request.user, merchant_id=merchant.pk, kind=data["kind"],
                                        reason=data["reason"], rule_id=data["rule_id"], ends_on=data["ends_on"])
            except GovernanceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("处罚已作出，将在1个工作日内公示"))
                return redirect("merchants:console_merchant", merchant_id=merchant.pk)
    penalties = selectors.penalties_visible_to(request.user).filter(merchant=merchant)
    return render(request, "merchants/console/merchant.html", {
        "merchant": merchant, "form": form, "penalties": penalties, "may_decide": _may_decide(request.user),
        "meaning": STATUS_MEANING.get(merchant.status, ""), "allowed": [
            ACTION_LABELS[a] for a in workflow.allowed_actions(merchant, request.user)],
        "licences": selectors.current_licences(request.user, merchant.pk),
        "account": selectors.deposit_account(request.user, merchant.pk), "minimum": deposit_minimum(merchant),
        "rule": category_rule(merchant), "events": _events(request.user, merchant),
        "chain_break": verify_merchant_chain(merchant),
        "changes": merchant.status_changes.select_related("actor").order_by("-at")[:20],
        "lift_form": ReasonForm(), "appeal_form": AppealDecisionForm(), "ratings": rating_summary(merchant.pk),
        "open_task": merchant.applications.filter(state__in=["draft", "submitted", "needs_info"]).first(),
    }, status=422 if form.errors else 200)


@console_required
@require_POST
def penalty_lift(request, penalty_id: int):
    penalty = selectors.penalties_visible_to(request.user).filter(pk=penalty_id).first()
    if penalty is None:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写解除原因"))
    else:
        try:
            services.penalty_lift(actor=request.user, penalty_id=penalty.pk, reason=form.cleaned_data["reason"])
        except GovernanceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("处罚已解除"))
    return redirect("merchants:console_merchant", merchant_id=penalty.merchant_id)


@console_required
@require_POST
def penalty_appeal_decide(request, penalty_id: int):
    penalty = selectors.penalties_visible_to(request.user).filter(pk=penalty_id).first()
    if penalty is None:
        raise Http404
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择复核结论并填写意见"))
    else:
        try:
            services.penalty_decide_appeal(actor=request.user, penalty_id=penalty.pk,
                                           outcome=form.cleaned_data["outcome"], answer=form.cleaned_data["answer"])
        except GovernanceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("申诉复核结论已记录"))
    return redirect("merchants:console_merchant", merchant_id=penalty.merchant_id)


@console_required
@require_POST
def reverify_now(request, merchant_id: int):
    merchant = _merchant_or_404(request.user, merchant_id)
    try:
        services.reverification_open(actor=request.user, merchant_id=merchant.pk)
    except GovernanceError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("已要求商家在7天内完成核验"))
    return redirect("merchants:console_merchant", merchant_id=merchant.pk)


@console_required
def penalties(request):
    tab = request.GET.get("tab", "in_force")
    qs = selectors.penalties_visible_to(request.user)
    if tab == "appeals":
        qs = qs.filter(appeal_state=AppealState.PENDING)
    elif tab == "all":
        pass
    else:
        tab, qs = "in_force", qs.filter(lifted_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "merchants/console/penalties.html", {"page": page, "tab": tab})


@advance_required
def deposits(request):
    rows = []
    for account in selectors.deposit_accounts(request.user)[:500]:
        minimum = deposit_minimum(account.merchant)
        rows.append({"account": account, "minimum": minimum, "short": account.balance < minimum})
    return render(request, "merchants/console/deposits.html", {"rows": rows})


@advance_required
def deposit_ledger(request, merchant_id: int):
    merchant = _merchant_or_404(request.user, merchant_id)
    form = DepositForm()
    if request.method == "POST":
        form = DepositForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            operations: dict[str, Callable[..., object]] = {
                "top_up": services.deposit_top_up, "hold": services.deposit_hold,
                "release": services.deposit_release, "withdrawal": services.deposit_withdraw}
            operation = operations[data["kind"]]
            extra = {"reference": data["note"]} if data["kind"] == "top_up" else {"note": data["note"]}
            try:
                operation(actor=request.user, merchant_id=merchant.pk, amount=data["amount"], **extra)
            except GovernanceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("保证金流水已记录"))
                return redirect("merchants:console_deposit", merchant_id=merchant.pk)
    entries = Paginator(selectors.deposit_entries(request.user, merchant.pk), 100).get_page(request.GET.get("page"))
    return render(request, "merchants/console/deposit.html", {
        "merchant": merchant, "account": selectors.deposit_account(request.user, merchant.pk),
        "minimum": deposit_minimum(merchant), "page": entries, "form": form,
        "may_move": _may_decide(request.user) or request.user.role == "integration",
    }, status=422 if form.errors else 200)


@advance_required
def advance_queue(request):
    accounts = {a.merchant_id: a for a in DepositAccount.objects.all()}
    rows = []
    for remedy in services.overdue_money_remedies()[:300]:
        account = accounts.get(remedy.complaint.merchant_id)
        rule = category_rule(remedy.complaint.merchant)
        rows.append({"remedy": remedy, "available": account.available if account else 0,
                     "covered": bool(account and account.available >= remedy.amount),
                     "automatic": bool(rule and rule.auto_advance_compensation
                                       and remedy.amount <= rule.auto_compensation_cap)})
    may_pay = request.user.is_superuser or request.user.role in ("agent", "supervisor", "admin")
    return render(request, "merchants/console/advance.html", {"rows": rows, "may_pay": may_pay})


@advance_required
@require_POST
def advance_pay(request, remedy_id: int):
    try:
        entry, created = services.advance_compensation_pay(actor=request.user, remedy_id=remedy_id)
    except GovernanceError as exc:
        flash_error(request, exc)
    else:
        if created:
            messages.success(request, _("已从保证金先行赔付 ¥%(amount)s，并记录在投诉 %(ref)s 上") % {
                "amount": entry.amount, "ref": entry.complaint_reference})
        else:
            messages.info(request, _("这笔赔付此前已经支付，未重复扣款"))
    return redirect("merchants:console_advance")

