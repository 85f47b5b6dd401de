"""The consumer's pages: my orders, the filing wizard, my complaints and one complaint.

Reads go through the scoped selectors, writes through the complaint services; case actions post to `views.case`.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weiquan.commerce.models import Order
from weiquan.complaints import limits, selectors_pages, selectors_stores
from weiquan.complaints.models import Complaint, RemedyKind
from weiquan.complaints.services import ComplaintError, complaint_preview, complaint_submit, evidence_add
from weiquan.complaints.services.submit import open_duplicates
from weiquan.complaints.services.thread import ALLOWED_EXTENSIONS
from weiquan.complaints.sla import filing_outlook
from weiquan.complaints.views import wizard_facts
from weiquan.complaints.views.case import already_on_case_text, case_context, refusal_text
from weiquan.complaints.views.consumer_access import consumer_required
from weiquan.complaints.views.filing import PROBLEMS, problem_for
from weiquan.complaints.views.no_order import NO_ORDER, platform_can_act, render_12315, store_and_listing
from weiquan.rights.explain import explain, rule_refs

PAGE_SIZE = 20
LIST_TABS = (("all", None), ("mine", "mine"), ("open", "open"), ("done", "done"))


@consumer_required
@require_GET
def my_orders(request):
    page = Paginator(selectors_pages.consumer_orders(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/consumer/my_orders.html", {"page": page})


@consumer_required
@require_GET
def my_complaints(request):
    tab = request.GET.get("show", "all")
    group = dict(LIST_TABS).get(tab)
    queryset = selectors_pages.consumer_complaints(request.user, status_group=group)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/consumer/my_complaints.html", {
        "page": page, "tab": tab if tab in dict(LIST_TABS) else "all",
        "tabs": [(key, {"all": _("全部"), "mine": _("待我处理"), "open": _("处理中"), "done": _("已结束")}[key])
                 for key, _group in LIST_TABS],
    })


@consumer_required
@require_GET
def my_complaint(request, complaint_id: int):
    try:
        complaint = selectors_pages.case_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None
    context = case_context(request, complaint)
    context["lines"] = list(complaint.lines.all())
    if request.GET.get("filed") and complaint.status == "submitted":
        context["outlook"] = filing_outlook(complaint)
    return render(request, "complaints/consumer/my_complaint.html", context)


# --- the filing wizard ---------------------------------------------------------------------------------------------


def _order_or_none(user, order_no: str | None) -> Order | None:
    if not order_no:
        return None
    try:
        return selectors_pages.consumer_order_get(user, order_no)
    except Order.DoesNotExist:
        return None


def _chosen_lines(order: Order | None, post) -> list:
    if order is None:
        return []
    wanted = {int(v) for v in post.getlist("line_ids") if v.isdigit()}
    return [line for line in order.lines.all() if line.pk in wanted]


def _prefill(request, order: Order | None) -> dict:
    """What the wizard starts from: query parameters (e.g. from the rights guidance page), else the order."""
    params = request.GET
    problem = problem_for(params.get("problem"), category=params.get("category"))
    remedies = [r for r in params.get("remedies", "").replace(" ", ",").split(",") if r in RemedyKind.values]
    if not remedies and problem:
        remedies = list(problem.remedies)
    amount = params.get("amount") or (f"{order.total_paid:.2f}" if order else "")
    return {"problem": problem.key if problem else "", "remedies": remedies, "amount": amount,
            "title": params.get("title", "")[:200], "description": params.get("description", "")[:10000],
            "order": NO_ORDER if order is None and params.get("order") == NO_ORDER else "",
            "merchant": params.get("merchant", "")[:64], "listing": params.get("listing", "")[:64],
            "answers": wizard_facts.read_answers(params)}


def _wizard_context(request, order: Order | None, values: dict, errors: dict | None = None) -> dict:
    orders = list(selectors_pages.consumer_orders(request.user)[:50])
    if order is not None and all(o.pk != order.pk for o in orders):
        orders.insert(0, order)
    no_order = order is None and values.get("order") == NO_ORDER
    store, listing = store_and_listing(values) if no_order else (None, None)
    return {
        "orders": orders, "order": order, "values": values, "errors": errors or {}, "no_order": no_order,
        "store": store, "listing": listing, "store_list": [store] if store else [],
        "listings": selectors_stores.store_listings(store) if store else [],
        "duplicates": _possible_duplicates(request.user, order, store, listing),
        "problems": PROBLEMS, "remedy_kinds": RemedyKind.choices,
        "evidence_accept": ",".join(sorted(ALLOWED_EXTENSIONS)), "evidence_max_bytes": settings.EVIDENCE_MAX_BYTES,
        "chosen_line_ids": values.get("line_ids"),
        "questions_by_problem": {key: " ".join(groups) for key, groups in wizard_facts.QUESTIONS_BY_PROBLEM.items()},
        "fact_choices": wizard_facts.CHOICES, "answers": values.get("answers") or wizard_facts.read_answers({}),
    }


def _posted_values(post) -> dict:
    return {
        "problem": post.get("problem", ""), "remedies": post.getlist("remedies_wanted"),
        "amount": post.get("amount_claimed", ""), "title": post.get("title", ""),
        "description": post.get("description", ""),
        "line_ids": [int(v) for v in post.getlist("line_ids") if v.isdigit()],
        "answers": wizard_facts.read_answers(post),
        "order": post.get("order", ""), "merchant": post.get("merchant", ""), "listing": post.get("listing", ""),
    }


def _facts_refusal(errors: dict, exc: ComplaintError) -> None:
    """A refusal of the stated facts, named by the question it belongs to."""
    field = wizard_facts.question_field(exc.field)
    label = wizard_facts.QUESTION_LABELS.get(field)
    reason = refusal_text(exc)
    errors[field] = _("%(field)s：%(reason)s") % {"field": label, "reason": reason} if label else reason


def _default_title(lines, *, listing, store) -> str:
    """The title of a case whose filer left it empty: the product's own name, else the listing's or the store's. It
    reads the same to the merchant and staff whatever their language; the kind of problem is the case's category."""
    if lines:
        return lines[0].title[:200]
    return ((listing.title if listing is not None else "") or (store.name if store is not None else ""))[:200]


@consumer_required
@require_http_methods(["GET", "POST"])
def file_complaint(request):
    if request.method == "GET":
        order = _order_or_none(request.user, request.GET.get("order"))
        return render(request, "complaints/consumer/file.html", _wizard_context(request, order, _prefill(request, order)))
    order = _order_or_none(request.user, request.POST.get("order"))
    values = _posted_values(request.POST)
    problem = problem_for(values["problem"])
    lines = _chosen_lines(order, request.POST)
    no_order = order is None and values["order"] == NO_ORDER
    store, listing = store_and_listing(request.POST) if no_order else (None, None)
    wants_json = "application/json" in request.headers.get("Accept", "")
    errors = {}
    if order is None and not no_order:
        errors["order"] = _("请选择订单。")
    if no_order and store is None:
        errors["merchant"] = _("请选择店铺。")
    if problem is None:
        errors["category"] = _("请选择遇到的问题。")
    if no_order and store is not None and problem is not None and not platform_can_act(problem.category):
        if wants_json:  # the script posts the form as a page so the 12315 summary opens with everything kept
            return JsonResponse({"ok": False, "post_as_page": True, "errors": {}}, status=422)
        return render_12315(request, store=store, listing=listing, problem=problem, values=values)
    stated, fact_errors = wizard_facts.stated_facts(values["problem"], request.POST, no_order=no_order)
    errors.update(fact_errors)
    complaint, refusal = None, None
    if not errors:
        try:
            limits.check_filing(request.user, order.pk if order is not None else None)
            complaint = complaint_submit(
                actor=request.user, order=order, merchant=store, listing=listing,
                line_ids=[line.pk for line in lines], category=problem.category,
                title=values["title"].strip() or _default_title(lines, listing=listing, store=store),
                description=values["description"],
                remedies_wanted=values["remedies"], amount_claimed=values["amount"].replace(",", "").strip() or "0",
                facts=stated,
            )
        except ComplaintError as exc:
            refusal = exc
            if (exc.field or "").startswith("facts"):
                _facts_refusal(errors, exc)
            else:
                errors[exc.field or "form"] = refusal_text(exc)
    if errors:
        wait = limits.retry_after(refusal)  # over the filing limit: 429, and when to come back
        if wants_json:
            response = JsonResponse({"ok": False, "errors": errors}, status=429 if wait else 422)
        else:
            context = _wizard_context(request, order, values, errors)
            response = render(request, "complaints/consumer/file.html", context, status=429 if wait else 422)
        if wait:
            response["Retry-After"] = str(wait)
        return response
    detail_url = reverse("complaints:my_complaint", args=[complaint.pk]) + "?filed=1"
    if wants_json:  # the wizard's script uploads the evidence next, one file at a time with progress
        return JsonResponse({"ok": True, "reference": complaint.reference, "complaint_url": detail_url,
                             "evidence_url": reverse("complaints:case_evidence_add", args=[complaint.pk])}, status=201)
    # Without the script the files came with the form: add them now that the case exists.
    for upload in request.FILES.getlist("file"):
        try:
            limits.check_upload(request.user)
            evidence = evidence_add(actor=request.user, complaint_id=complaint.pk, name=upload.name, content=upload)
        except ComplaintError as exc:
            messages.error(request, _("证据未上传：%(reason)s") % {"reason": f"{upload.name}: {refusal_text(exc)}"})
        else:
            if evidence.already_on_case:  # the same file chosen twice
                messages.info(request, already_on_case_text(upload.name))
    messages.success(request, _("投诉已提交，编号 %(ref)s。") % {"ref": complaint.reference})
    return HttpResponseRedirect(detail_url)


def _possible_duplicates(user, order, store, listing) -> list[Complaint]:
    """The consumer's own cases still standing about the same order (or store and listing), shown before filing."""
    if order is None and store is None:
        return []
    return list(open_duplicates(user.pk, order=order, merchant_id=store.pk if store else None, listing=listing)[:5])


@consumer_required
@require_GET
def file_lines(request):
    """htmx: the lines of the order just picked in the wizard (or the store picker for "no platform order")."""
    order = _order_or_none(request.user, request.GET.get("order"))
    return render(request, "complaints/consumer/_wizard_lines.html", {
        "order": order, "chosen_line_ids": None, "no_order": order is None and request.GET.get("order") == NO_ORDER,
        "values": {}, "duplicates": _possible_duplicates(request.user, order, None, None)})


@consumer_required
@require_POST
def file_review(request):
    """htmx: the review step: a summary of the answers and the preview of what the case will store, in the words of
    `weiquan.rights.explain` (the same answer `POST /api/v1/complaints/preview` gives for these answers)."""
    order = _order_or_none(request.user, request.POST.get("order"))
    values = _posted_values(request.POST)
    problem = problem_for(values["problem"])
    lines = _chosen_lines(order, request.POST)
    no_order = order is None and values["order"] == NO_ORDER
    store, listing = store_and_listing(request.POST) if no_order else (None, None)
    stated, errors = wizard_facts.stated_facts(values["problem"], request.POST, no_order=no_order)
    preview = None
    ready = problem is not None and values["remedies"] and (lines if order is not None else store is not None)
    if ready and not errors and (order is not None or platform_can_act(problem.category)):
        try:
            preview = complaint_preview(actor=request.user, order=order, merchant=store, listing=listing,
                                        line_ids=[line.pk for line in lines], category=problem.category,
                                        remedies_wanted=values["remedies"], facts=stated)
        except ComplaintError as exc:
            if (exc.field or "").startswith("facts"):
                _facts_refusal(errors, exc)
            else:
                errors[exc.field or "form"] = refusal_text(exc)
    return render(request, "complaints/consumer/_wizard_review.html", {
        "order": order, "lines": lines, "problem": problem, "values": values,
        "remedy_labels": [str(RemedyKind(r).label) for r in values["remedies"] if r in RemedyKind.values],
        "fact_errors": errors, **review_assessment(preview), "no_order": no_order, "store": store,
        "listing": listing, "outside_platform": no_order and problem is not None and not platform_can_act(problem.category),
        "duplicates": _possible_duplicates(request.user, order, store, listing),
    })


def review_assessment(preview: dict | None) -> dict:
    """The preview in words: the engine's points and the remedies it proposes (none when it could not assess)."""
    if preview is None:
        return {"points": None, "proposal": [], "engine_error": False}
    answer, meta = preview["rights_assessment"], preview["meta"]
    if answer is None:
        return {"points": None, "proposal": [], "engine_error": True}
    points = explain(answer, preview["rights_facts"], punitive_if_established=meta["punitive_scenario"] is not None)
    proposal = [{**row, "label": str(RemedyKind(row["kind"]).label), "rules": rule_refs(row["rule_ids"])}
                for row in meta["proposal"] or []]
    return {"points": points, "proposal": proposal, "engine_error": False}
