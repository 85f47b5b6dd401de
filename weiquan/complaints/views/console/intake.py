"""Phone intake: an agent files a complaint for a caller, with the time the call came in.

Step 1 finds the caller: by order number, or by phone (the blind index), showing the caller's existing complaints
(a repeat call is often about one of them) and recent orders. Step 2 files through `complaint_submit` with channel
"phone": against an order, or, when the caller has no platform order, against a store (and optionally one of its
listings) for the classes the platform acts on without one. While the agent types, the triage model suggests a
category. The caller is shown masked: the agent confirms, the caller knows the rest.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weiquan.accounts.models import Role
from weiquan.accounts.services import consumer_find_by_phone
from weiquan.commerce.models import Order
from weiquan.complaints import selectors_stores
from weiquan.complaints.models import Category, Channel
from weiquan.complaints.selectors import complaints_visible_to
from weiquan.complaints.selectors_queues import intake_order_get, intake_orders
from weiquan.complaints.services import ComplaintError, complaint_submit
from weiquan.complaints.services.enquiry import enquiries_for_phone, enquiry_record
from weiquan.complaints.services.submit import NO_ORDER_CATEGORIES
from weiquan.complaints.views.case import refusal_text
from weiquan.complaints.views.console.access import console_required
from weiquan.complaints.views.console.forms import (
    EnquiryForm,
    IntakeForm,
    NoOrderIntakeForm,
    OrderLookupForm,
)
from weiquan.complaints.views.console.rows import label_rows
from weiquan.complaints.workflow import TransitionNotAllowed
from weiquan.core.masking import mask_name, mask_phone

FORM_FIELDS = {"line_ids": "lines"}
CALLER_CASES_SHOWN = 20


def _masked(consumer) -> dict:
    return {"pk": consumer.pk, "name": mask_name(consumer.display_name), "phone": mask_phone(consumer.phone)}


def _caller_cases(user, consumer) -> list:
    """The caller's complaints, newest first (a repeat call is usually about one of them)."""
    rows = list(complaints_visible_to(user).filter(consumer=consumer).select_related("merchant")
                .only("id", "reference", "title", "status", "category", "channel", "priority", "next_party",
                      "received_at", "merchant__name").order_by("-received_at", "-id")[:CALLER_CASES_SHOWN])
    label_rows(rows)
    return rows


def _lookup(request, form: OrderLookupForm) -> tuple[list[Order], str, object]:
    """(orders found, note for the agent, the caller when known)."""
    if not form.is_valid():
        return [], "", None
    order_no, phone = form.cleaned_data["order_no"].strip(), form.cleaned_data["phone"].strip()
    if order_no:
        orders = intake_orders(request.user, order_no=order_no)
        return orders, "" if orders else _("没有找到这个订单号。"), orders[0].consumer if orders else None
    consumer = consumer_find_by_phone(phone=phone)
    if consumer is None:
        return [], _("没有找到使用这个手机号的消费者。"), None
    orders = intake_orders(request.user, consumer=consumer)
    return orders, "" if orders else _("这位消费者在平台没有订单。"), consumer


def _caller(request):
    raw = request.GET.get("caller") or request.POST.get("caller") or ""
    if not raw.isdigit():
        return None
    return get_user_model().objects.filter(pk=int(raw), role=Role.CONSUMER).first()


def _file(request, form, **parties):
    """File the checked form as a phone complaint (against an order, or a store for a caller without one): the new
    case's page, or None with the refusal added beside its field (nothing filed)."""
    data = form.cleaned_data
    try:
        complaint = complaint_submit(
            actor=request.user, category=data["category"], title=data["title"], description=data["description"],
            remedies_wanted=list(data["remedies_wanted"]), amount_claimed=str(data["amount_claimed"]),
            channel=Channel.PHONE, priority=data["priority"], received_at=data["received_at"], **parties,
        )
    except (ComplaintError, TransitionNotAllowed) as exc:
        field = FORM_FIELDS.get(getattr(exc, "field", None) or "", getattr(exc, "field", None))
        form.add_error(field if field in form.fields else None, refusal_text(exc))
        return None
    messages.success(request, _("已登记投诉 %(ref)s。") % {"ref": complaint.reference})
    return redirect(reverse("complaints:console_case", args=[complaint.pk]))


def _no_order(request, caller):
    """Filing for a caller with no platform order: find the store, then the complaint against it."""
    store = selectors_stores.store_by_public_id(request.GET.get("merchant", "")) if request.GET.get("merchant") else None
    context = {"caller": _masked(caller), "caller_pk": caller.pk, "no_order": True, "store": store,
               "no_order_categories": [Category(c).label for c in Category.values if c in NO_ORDER_CATEGORIES]}
    if store is None:
        query = request.GET.get("store_q", "")[:100]
        context.update({"store_q": query, "stores": selectors_stores.stores_named(query), "searched": bool(query)})
        return render(request, "complaints/console/intake.html", context)
    listings = selectors_stores.store_listings(store, limit=200)
    form = NoOrderIntakeForm(request.POST if request.method == "POST" else None, listings=listings,
                             no_order_categories=NO_ORDER_CATEGORIES)
    if request.method == "POST" and form.is_valid():
        listing = next((item for item in listings if item.external_id == form.cleaned_data["listing"]), None)
        filed = _file(request, form, order=None, consumer=caller, merchant=store, listing=listing)
        if filed is not None:
            return filed
    context["form"] = form
    return render(request, "complaints/console/intake.html", context)


@console_required
@require_http_methods(["GET", "POST"])
def intake(request):
    caller = _caller(request)
    if caller is not None and (request.GET.get("no_order") or request.POST.get("no_order")):
        return _no_order(request, caller)
    order_no = request.GET.get("order") or request.POST.get("order") or ""
    order = None
    if order_no:
        try:
            order = intake_order_get(request.user, order_no)
        except Order.DoesNotExist:
            messages.error(request, _("没有找到这个订单号。"))
    if order is None:
        return _find_caller(request, caller)

    form = IntakeForm(request.POST if request.method == "POST" else None, order=order)
    if request.method == "POST" and form.is_valid():
        filed = _file(request, form, order=order, line_ids=[int(pk) for pk in form.cleaned_data["lines"]])
        if filed is not None:
            return filed
    return render(request, "complaints/console/intake.html", {
        "order": order, "form": form, "lines": list(order.lines.all()), "caller": _masked(order.consumer),
    })


def _find_caller(request, caller, enquiry_form=None, status=200):
    """Step 1: the lookup and what it found (a known caller's cases and orders, or only a number), with the number's
    recent enquiries and the form to record one (咨询), which needs no account."""
    lookup = OrderLookupForm(request.GET if {"order_no", "phone"} & set(request.GET) else None)
    orders, note, found = _lookup(request, lookup) if lookup.is_bound else ([], "", None)
    if not lookup.is_bound and caller is not None:  # back from recording an enquiry for a known caller
        found, orders = caller, intake_orders(request.user, consumer=caller)
    typed = lookup.cleaned_data.get("phone", "").strip() if lookup.is_bound and lookup.is_valid() else ""
    number = found.phone if found else (typed or request.POST.get("phone", ""))
    if enquiry_form is None and number:
        enquiry_form = EnquiryForm(initial={"phone": "" if found else typed})
    return render(request, "complaints/console/intake.html", {
        "lookup": lookup, "orders": orders, "note": note,
        "caller": _masked(found) if found else None, "caller_pk": found.pk if found else None,
        "caller_cases": _caller_cases(request.user, found) if found else [],
        "callers": {o.pk: _masked(o.consumer) for o in orders},
        "enquiry_form": enquiry_form, "enquiries": list(enquiries_for_phone(request.user, number)) if number else [],
    }, status=status)


@console_required
@require_POST
def intake_enquiry(request):
    """Record an enquiry (咨询) for the caller: a known caller by account (the page never holds their number), or a
    number typed in that has no account."""
    caller = _caller(request)
    data = request.POST.copy()
    if caller is not None:
        data["phone"] = caller.phone
    form = EnquiryForm(data)
    if form.is_valid():
        try:
            enquiry_record(actor=request.user, phone=form.cleaned_data["phone"],
                           question=form.cleaned_data["question"], answer=form.cleaned_data["answer"],
                           advice=form.cleaned_data["advice"], received_at=form.cleaned_data["received_at"],
                           merchant=form.cleaned_data["store"])
        except ComplaintError as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, _("已登记咨询。"))
            if caller is not None:
                return redirect(reverse("complaints:console_intake") + f"?caller={caller.pk}")
            return redirect(reverse("complaints:console_intake") + "?" + urlencode({"phone": form.cleaned_data["phone"]}))
    return _find_caller(request, caller, enquiry_form=form, status=400)


@console_required
@require_GET
def intake_suggest(request):
    """htmx: the triage model's category for what the agent has typed so far."""
    from weiquan.insight.selectors import category_suggestion

    text = f"{request.GET.get('title', '')}\n{request.GET.get('description', '')}"[:5000]
    found = category_suggestion(text)
    if found is not None:
        found["label"] = Category(found["category"]).label if found["category"] in Category.values else ""
        found["percent"] = round(found["confidence"] * 100)
        allowed = request.GET.get("allowed", "")
        found["offered"] = not allowed or found["category"] in allowed.split(",")
    return render(request, "complaints/console/_intake_suggestion.html", {"suggestion": found})
