"""The merchant's own governance pages: status, application and what is missing, licences, deposit, penalties."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weiquan.merchants import selectors, services
from weiquan.merchants.access import flash_error, form_error, merchant_required
from weiquan.merchants.forms import AppealForm, IdentityForm, LicenceForm, SignupForm
from weiquan.merchants.labels import NOTICE_LABELS, STATUS_MEANING, problem_rows
from weiquan.merchants.models import ApplicationState, Merchant, MerchantStatus
from weiquan.merchants.notice_texts import notice_text
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.services.common import notices_mark_read
from weiquan.merchants.services.deposits import deposit_minimum

IDENTITY_KEYS = list(IdentityForm.base_fields)


def _merchant(request) -> Merchant:
    return selectors.merchants_visible_to(request.user).get(pk=selectors.own_merchant_id(request.user))  # type: ignore[misc]


def _current_application(request):
    return selectors.applications_visible_to(request.user).filter(
        state__in=[ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.NEEDS_INFO]).first()


def _problems(application):
    return problem_rows(services.missing_requirements(application))


def apply(request):
    """A new merchant applies: account and declared identity in one form; licences come next."""
    if request.user.is_authenticated and selectors.own_merchant_id(request.user):
        return redirect("merchants:portal_application")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _application = services.merchant_signup(
                username=data["username"], password=data["password"], email=data["email"],
                identity={k: data[k] for k in IDENTITY_KEYS})
        except GovernanceError as exc:
            form_error(form, exc)
        else:
            login(request, user, backend="weiquan.accounts.backends.GuardedModelBackend")
            messages.success(request, _("申请已创建。请上传证照后提交审核。"))
            return redirect("merchants:portal_application")
    return render(request, "merchants/portal/apply.html", {
        "form": form, "account_fields": [form[n] for n in ("username", "email", "password")],
        "identity_fields": [form[n] for n in IDENTITY_KEYS]}, status=422 if form.errors else 200)


@merchant_required
@require_POST
def notices_read(request):
    """Mark the merchant's notices read: a POST of its own, since opening a page never changes anything."""
    notices_mark_read(user=request.user)
    return redirect("merchants:portal")


@merchant_required
def overview(request):
    merchant = _merchant(request)
    application = _current_application(request)
    today = timezone.localdate()
    licences = [{"licence": item, "days_left": (item.valid_until - today).days if item.valid_until else None}
                for item in selectors.current_licences(request.user, merchant.pk)]
    from weiquan.quality.selectors import listing_exceptions, price_flags_visible_to

    notices = [{"notice": n, "label": NOTICE_LABELS.get(n.kind, n.kind), "unread": n.read_at is None,
                "text": notice_text(n)}
               for n in selectors.notices_for(request.user)[:10]]
    return render(request, "merchants/portal/overview.html", {
        "merchant": merchant, "meaning": STATUS_MEANING.get(merchant.status, ""), "application": application,
        "problems": _problems(application) if application else [], "licences": licences,
        "account": selectors.deposit_account(request.user, merchant.pk), "minimum": deposit_minimum(merchant),
        "penalties": selectors.penalties_visible_to(request.user).filter(lifted_at__isnull=True),
        "exceptions": listing_exceptions(request.user).count(),
        "flags": price_flags_visible_to(request.user).filter(state="open").count(), "notices": notices,
        "last_application": selectors.applications_visible_to(request.user).order_by("-created_at").first(),
    })


@merchant_required
def application(request):
    merchant = _merchant(request)
    current = _current_application(request)
    identity_form = licence_form = None
    if current is not None:
        identity_form = IdentityForm(initial={k: getattr(current, k) for k in IDENTITY_KEYS})
        licence_form = LicenceForm(initial={"kind": current.requested_items[0] if current.requested_items else None})
    status = 200
    if request.method == "POST" and current is not None:
        if "save_identity" in request.POST:
            identity_form = IdentityForm(request.POST)
            if identity_form.is_valid():
                try:
                    services.application_update(actor=request.user, application_id=current.pk,
                                                identity=identity_form.cleaned_data)
                except GovernanceError as exc:
                    form_error(identity_form, exc)
                else:
                    messages.success(request, _("申请信息已保存"))
                    return redirect("merchants:portal_application")
        elif "add_licence" in request.POST:
            licence_form = LicenceForm(request.POST, request.FILES)
            if licence_form.is_valid():
                data = licence_form.cleaned_data
                upload = data["file"]
                try:
                    services.licence_add(actor=request.user, application_id=current.pk, kind=data["kind"],
                                         number=data["number"], issuer=data["issuer"], valid_from=data["valid_from"],
                                         valid_until=data["valid_until"], name=upload.name, content=upload.read())
                except GovernanceError as exc:
                    form_error(licence_form, exc)
                else:
                    messages.success(request, _("证照已上传"))
                    return redirect("merchants:portal_application")
        status = 422
    licences = merchant.licences.filter(superseded_by__isnull=True).select_related("kind")
    return render(request, "merchants/portal/application.html", {
        "merchant": merchant, "application": current, "identity_form": identity_form, "licence_form": licence_form,
        "problems": _problems(current) if current else [], "licences": licences,
        "required": services.required_kinds(current.category) if current else [],
        "history": selectors.applications_visible_to(request.user).exclude(pk=getattr(current, "pk", None))[:10],
        "editable": current is not None and current.state in (ApplicationState.DRAFT, ApplicationState.NEEDS_INFO),
    }, status=status)


@merchant_required
@require_POST
def application_submit(request):
    current = _current_application(request)
    if current is None:
        raise Http404
    try:
        services.application_submit(actor=request.user, application_id=current.pk)
    except GovernanceError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("已提交审核，审核结果会通知您"))
    return redirect("merchants:portal_application")


@merchant_required
@require_POST
def application_restart(request):
    merchant = _merchant(request)
    last = selectors.applications_visible_to(request.user).order_by("-created_at").first()
    if last is None or merchant.status != MerchantStatus.APPLYING:
        raise Http404
    identity = {k: getattr(last, k) for k in IDENTITY_KEYS}
    try:
        services.application_create(actor=request.user, merchant_id=merchant.pk, identity=identity)
    except GovernanceError as exc:
        flash_error(request, exc)
    return redirect("merchants:portal_application")


@merchant_required
def deposit(request):
    merchant = _merchant(request)
    page = Paginator(selectors.deposit_entries(request.user, merchant.pk), 100).get_page(request.GET.get("page"))
    return render(request, "merchants/portal/deposit.html", {
        "merchant": merchant, "account": selectors.deposit_account(request.user, merchant.pk),
        "minimum": deposit_minimum(merchant), "page": page})


@merchant_required
def penalties(request):
    merchant = _merchant(request)
    return render(request, "merchants/portal/penalties.html", {
        "merchant": merchant, "penalties": selectors.penalties_visible_to(request.user), "form": AppealForm()})


@merchant_required
@require_POST
def penalty_appeal(request, penalty_id: int):
    penalty = selectors.penalties_visible_to(request.user).filter(pk=penalty_id).first()
    if penalty is None:
        raise Http404
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写申诉理由"))
    else:
        try:
            services.penalty_appeal(actor=request.user, penalty_id=penalty.pk, reasons=form.cleaned_data["reasons"])
        except GovernanceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("申诉已提交，将由未参与原处罚的合规专员复核"))
    return redirect("merchants:portal_penalties")
