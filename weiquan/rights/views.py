"""The public guidance page "我能维权吗? / What are my rights?": a few questions, the assessment in plain words, and a
button that files the complaint with those facts filled in.

Anyone may use it without logging in; a logged-in consumer may start from one of their own orders (price and day
of receipt filled in). Submitting runs the same engine as the API, under the same per-address rate limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from weiquan.commerce.selectors import orders_of_consumer
from weiquan.core.services import business_calendar

from .engine import assess
from .explain import explain, proposal
from .guide import PUNITIVE_HAPPENINGS, GuideForm, local_day
from .ratelimit import rate_limited
from .schema import InvalidFacts

if TYPE_CHECKING:
    from weiquan.commerce.models import Order

RATE_SCOPE = "rights:guide:rate"
ORDER_CHOICES_SHOWN = 50


def _is_consumer(request: HttpRequest) -> bool:
    return request.user.is_authenticated and getattr(request.user, "is_consumer", False)


def _own_orders(request: HttpRequest):
    return orders_of_consumer(request.user)


def _picked_order(request: HttpRequest) -> Order | None:
    """The order named by `order` (GET or POST): one of this consumer's own, or 404 (ids are not probed)."""
    order_no = (request.POST.get("order") or request.GET.get("order") or "").strip()
    if not order_no or not _is_consumer(request):
        return None
    order = _own_orders(request).filter(order_no=order_no).first()
    if order is None:
        raise Http404
    return order


def _order_initial(order: Order | None) -> dict[str, Any]:
    if order is None:
        return {}
    initial: dict[str, Any] = {"order": order.order_no, "price": order.total_paid}
    if order.channel in {"online", "tv", "phone", "mail", "offline"}:
        initial["channel"] = order.channel
    received = local_day(order.received_at)
    if received is not None:
        initial["receipt_date"] = received
    return initial


def _file_url(fields: dict[str, str], order: Order | None, *, offline: bool = False) -> str | None:
    """The filing wizard with the facts as query parameters (None while the wizard is not built). An offline
    purchase has no platform order: the wizard opens on "no platform order" (against a store)."""
    try:
        base = reverse("complaints:file")
    except NoReverseMatch:
        return None
    params = {"order": order.order_no} if order is not None else ({"order": "none"} if offline else {})
    params.update(fields)
    return f"{base}?{urlencode(params)}"


def _assessment(form: GuideForm, order: Order | None) -> dict[str, Any]:
    facts = form.facts()
    try:
        result = assess(facts, calendar=business_calendar())
    except InvalidFacts as invalid:
        return {"errors": invalid.errors}
    conditional = form.cleaned_data["happened"] in PUNITIVE_HAPPENINGS
    proposed = proposal(result, facts, include_punitive=False)
    points = explain(result, facts, punitive_if_established=conditional)
    fields = form.complaint_fields(proposed, result.get("punitive") if conditional else None)
    return {
        "points": [p for p in points if p["topic"] != "warning"],
        "warnings": [p for p in points if p["topic"] == "warning"],
        "conditional": conditional,
        "file_url": _file_url(fields, order, offline=form.cleaned_data.get("channel") == "offline"),
        "file_fields": fields,
    }


@require_http_methods(["GET", "POST"])
def guide(request: HttpRequest) -> HttpResponse:
    order = _picked_order(request)
    htmx = request.headers.get("HX-Request") == "true"
    context: dict[str, Any] = {
        "orders": list(_own_orders(request)[:ORDER_CHOICES_SHOWN]),
        "picked_order": order,
        "logged_in_consumer": _is_consumer(request),
    }
    retry_after = None
    if request.method == "POST":
        form = GuideForm(request.POST)
        retry_after = rate_limited(request, scope=RATE_SCOPE)
        if retry_after is not None:
            context["rate_limited"] = _("查询太频繁，请 %(seconds)s 秒后再试。") % {"seconds": retry_after}
        elif form.is_valid():
            context["result"] = _assessment(form, order)
    else:
        form = GuideForm(initial=_order_initial(order))
    context["form"] = form
    # htmx swaps only successful answers, so a refusal is still a 200 for it; a plain browser gets the real status.
    status = 429 if retry_after is not None and not htmx else 200
    response = render(request, "rights/_guide_body.html" if htmx else "rights/guide.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
