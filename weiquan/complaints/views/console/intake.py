"""Phone intake: an agent files a complaint for a caller, with the time the call came in.

Step 1 finds the order (by its number, or the caller's recent orders by phone); step 2 files it through
`complaint_submit` with channel "phone". The caller is shown masked: the agent confirms, the caller knows the rest.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from weiquan.accounts.services import consumer_find_by_phone
from weiquan.commerce.models import Order
from weiquan.complaints.models import Channel
from weiquan.complaints.selectors_queues import intake_order_get, intake_orders
from weiquan.complaints.services import ComplaintError, complaint_submit
from weiquan.complaints.views.case import refusal_text
from weiquan.complaints.views.console.access import console_required
from weiquan.complaints.views.console.forms import IntakeForm, OrderLookupForm
from weiquan.complaints.workflow import TransitionNotAllowed
from weiquan.core.masking import mask_name, mask_phone

FORM_FIELDS = {"line_ids": "lines"}


def _lookup(request, form: OrderLookupForm) -> tuple[list[Order], str]:
    """(orders found, note for the agent)."""
    if not form.is_valid():
        return [], ""
    order_no, phone = form.cleaned_data["order_no"].strip(), form.cleaned_data["phone"].strip()
    if order_no:
        orders = intake_orders(request.user, order_no=order_no)
        return orders, "" if orders else _("没有找到这个订单号。")
    consumer = consumer_find_by_phone(phone=phone)
    if consumer is None:
        return [], _("没有找到使用这个手机号的消费者。")
    orders = intake_orders(request.user, consumer=consumer)
    return orders, "" if orders else _("这位消费者没有订单。")


@console_required
@require_http_methods(["GET", "POST"])
def intake(request):
    order_no = request.GET.get("order") or request.POST.get("order") or ""
    order = None
    if order_no:
        try:
            order = intake_order_get(request.user, order_no)
        except Order.DoesNotExist:
            messages.error(request, _("没有找到这个订单号。"))
    if order is None:
        lookup = OrderLookupForm(request.GET if {"order_no", "phone"} & set(request.GET) else None)
        orders, note = _lookup(request, lookup) if lookup.is_bound else ([], "")
        return render(request, "complaints/console/intake.html", {
            "lookup": lookup, "orders": orders, "note": note,
            "callers": {o.pk: {"name": mask_name(o.consumer.display_name), "phone": mask_phone(o.consumer.phone)}
                        for o in orders},
        })

    form = IntakeForm(request.POST if request.method == "POST" else None, order=order)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = complaint_submit(
                actor=request.user, order=order, line_ids=[int(pk) for pk in data["lines"]],
                category=data["category"], title=data["title"], description=data["description"],
                remedies_wanted=list(data["remedies_wanted"]), amount_claimed=str(data["amount_claimed"]),
                channel=Channel.PHONE, priority=data["priority"], received_at=data["received_at"],
            )
        except (ComplaintError, TransitionNotAllowed) as exc:
            field = FORM_FIELDS.get(getattr(exc, "field", None) or "", getattr(exc, "field", None))
            form.add_error(field if field in form.fields else None, refusal_text(exc))
        else:
            messages.success(request, _("已登记投诉 %(ref)s。") % {"ref": complaint.reference})
            return redirect(reverse("complaints:console_case", args=[complaint.pk]))
    return render(request, "complaints/console/intake.html", {
        "order": order, "form": form, "lines": list(order.lines.all()),
        "caller": {"name": mask_name(order.consumer.display_name), "phone": mask_phone(order.consumer.phone)},
    })
