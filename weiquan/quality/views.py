"""Quality pages: listing exceptions, price-honesty flags, spot-check programmes and inspections (console); the
merchant's own exceptions (portal); a consumer's spot-check notices; the public results."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from weiquan.core.downloads import file_download
from weiquan.merchants.access import console_required, flash_error, form_error, merchant_required
from weiquan.merchants.selectors import is_console_user
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.workflow import COMPLIANCE, actor_kind
from weiquan.quality import selectors, services
from weiquan.quality.forms import DropForm, ProgrammeForm, ResolveForm, ResultForm
from weiquan.quality.models import SpotCheckProgramme


def _may_decide(user) -> bool:
    return actor_kind(user) == COMPLIANCE


@console_required
def listings(request):
    tab = request.GET.get("tab", "all")
    qs = selectors.listing_exceptions(request.user)
    if tab == "blocked":
        qs = qs.filter(state="blocked")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "quality/console/listings.html", {"page": page, "tab": tab})


@console_required
def price_flags(request):
    tab = request.GET.get("tab", "open")
    qs = selectors.price_flags_visible_to(request.user)
    qs = qs.filter(state="open") if tab == "open" else qs.exclude(state="open")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "quality/console/price_flags.html", {
        "page": page, "tab": tab, "form": ResolveForm(), "may_decide": _may_decide(request.user)})


@console_required
@require_POST
def price_flag_resolve(request, flag_id: int):
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择处理结果并填写说明"))
    else:
        try:
            services.price_flag_resolve(actor=request.user, flag_id=flag_id, state=form.cleaned_data["state"],
                                        note=form.cleaned_data["note"])
        except GovernanceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("已处理"))
    return redirect("quality:console_price_flags")


@console_required
def programmes(request):
    form = ProgrammeForm()
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme = services.programme_create(
                    actor=request.user, name=data["name"], sample_size=data["sample_size"],
                    categories=data["categories"], random_share=data["random_share"],
                    lookback_days=data["lookback_days"], lab=data["lab"], description=data["description"])
            except GovernanceError as exc:
                form_error(form, exc)
            else:
                return redirect("quality:console_programme", programme_id=programme.pk)
    return render(request, "quality/console/programmes.html", {
        "programmes": selectors.programmes_visible_to(request.user)[:100], "form": form,
        "may_decide": _may_decide(request.user)}, status=422 if form.errors else 200)


def _programme(user, programme_id: int) -> SpotCheckProgramme:
    programme = selectors.programmes_visible_to(user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme


@console_required
def programme_detail(request, programme_id: int):
    programme = _programme(request.user, programme_id)
    inspections = programme.inspections.select_related("listing", "merchant").order_by("state", "-weight")
    return render(request, "quality/console/programme.html", {
        "programme": programme, "inspections": inspections, "may_decide": _may_decide(request.user),
        "drop_form": DropForm()})


@console_required
@require_POST
def programme_action(request, programme_id: int, action: str):
    programme = _programme(request.user, programme_id)
    try:
        if action == "sample":
            picks = services.programme_sample(actor=request.user, programme_id=programme.pk)
            messages.success(request, ngettext("已生成 %(n)d 个样本", "已生成 %(n)d 个样本", len(picks)) % {"n": len(picks)})
        elif action == "start":
            sent = services.programme_start(actor=request.user, programme_id=programme.pk,
                                            lab=request.POST.get("lab", ""))
            messages.success(request, _("已送检 %(n)d 个样本") % {"n": sent})
        else:
            raise Http404
    except GovernanceError as exc:
        flash_error(request, exc)
    return redirect("quality:console_programme", programme_id=programme.pk)


@console_required
@require_POST
def inspection_drop(request, inspection_id: int):
    inspection = selectors.inspections_visible_to(request.user).filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404
    form = DropForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_drop(actor=request.user, inspection_id=inspection.pk,
                                     reason=form.cleaned_data["reason"])
        except GovernanceError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, _("请填写剔除原因"))
    return redirect("quality:console_programme", programme_id=inspection.programme_id)


@console_required
def inspection_detail(request, inspection_id: int):
    inspection = selectors.inspections_visible_to(request.user).filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404
    form = ResultForm()
    if request.method == "POST":
        form = ResultForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["report"]
            try:
                services.inspection_record_result(
                    actor=request.user, inspection_id=inspection.pk, passed=data["result"] == "pass",
                    severity=data["severity"], defects=data["defects"], inspected_on=data["inspected_on"],
                    report_name=upload.name, report=upload.read())
            except GovernanceError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("检验结果已记录并公示") if data["result"] == "pass" else
                                 _("不合格：商品已下架，已通知近90天的买家，并按政策处罚商家"))
                return redirect("quality:console_inspection", inspection_id=inspection.pk)
    return render(request, "quality/console/inspection.html", {
        "inspection": inspection, "form": form, "may_decide": _may_decide(request.user),
        "notices": inspection.buyer_notices.count()}, status=422 if form.errors else 200)


# The report's type was checked against its first bytes at upload (services.spotchecks.REPORT_TYPES).
REPORT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def inspection_report(request, inspection_id: int):
    inspection = selectors.inspections_visible_to(request.user).filter(pk=inspection_id).exclude(report="").first()
    if inspection is None:
        raise Http404
    ext = "." + inspection.report_name.rsplit(".", 1)[-1].lower() if "." in inspection.report_name else ""
    return file_download(inspection.report, filename=f"inspection-{inspection.pk}{ext}",
                         content_type=REPORT_TYPES.get(ext, "application/octet-stream"))


@merchant_required
def portal_listings(request):
    return render(request, "quality/portal/listings.html", {
        "listings": selectors.listing_exceptions(request.user)[:200],
        "flags": selectors.price_flags_visible_to(request.user).filter(state="open")[:200],
        "results": selectors.inspections_visible_to(request.user).order_by("-published_at")[:50],
    })


def my_notices(request):
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    notices = list(selectors.buyer_notices_for(request.user)[:100])
    return render(request, "quality/notices.html", {"notices": notices,
                                                     "unread": any(n.read_at is None for n in notices)})


@require_POST
def my_notices_read(request):
    """Opening the notices changes nothing; this POST marks them read."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    services.buyer_notices_mark_read(user=request.user)
    return redirect("quality:my_notices")


def results(request):
    page = Paginator(selectors.public_results(), 50).get_page(request.GET.get("page"))
    return render(request, "quality/results.html", {"page": page, "console": is_console_user(request.user)})

