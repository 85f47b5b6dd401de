"""The case workspace: everything a case worker needs on one page, built from the shared case partials.

Every button posts to the shared handlers (`complaints:case_act`, `case_message`, `case_evidence_add`); this module
only reads. The decision form is the console's own (rule picker, suggestions from the rights assessment).
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from weiquan.complaints import selectors, selectors_pages
from weiquan.complaints.canned import canned_replies
from weiquan.complaints.events import verify_complaint_chain
from weiquan.complaints.models import Complaint
from weiquan.complaints.services import ComplaintError, contact_reveal
from weiquan.complaints.services.contact import REVEAL_REASON_MAX, REVEAL_REASON_MIN
from weiquan.complaints.services.decisions import DEPARTURE_REASON_MIN, stored_assessment
from weiquan.complaints.views import case as shared
from weiquan.complaints.views.console.access import console_required
from weiquan.complaints.views.console.rule_picker import rule_entries, rule_ids_in


def _inline_kind(content_type: str) -> str:
    if content_type.startswith("image/"):
        return "image"
    if content_type == "application/pdf":
        return "pdf"
    return ""


@console_required
@require_GET
def case(request, complaint_id: int):
    try:
        complaint = selectors_pages.case_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None
    return render_case(request, complaint)


def _contact_context(complaint, revealed: dict | None = None, error: str = "", reason: str = "") -> dict:
    """The consumer card: masked values, with any field just revealed shown whole (for this response only)."""
    contact = {**selectors.consumer_contact_masked(complaint), **(revealed or {})}
    return {"contact": contact, "revealed": sorted(revealed or {}), "reveal_error": error, "reveal_reason": reason,
            "reveal_reason_min": REVEAL_REASON_MIN, "reveal_reason_max": REVEAL_REASON_MAX}


def render_case(request, complaint, *, decide_form: dict | None = None, status: int = 200, contact=None):
    """The workspace page; `decide_form` carries a refused decision's values and errors back into its form;
    `contact` the consumer card after a reveal."""
    context = shared.case_context(request, complaint, next_url=reverse("complaints:console_case",
                                                                       args=[complaint.pk]))
    case_data = context["case"]
    # The events are already loaded in order (staff see them all), so checking the chain costs no query.
    chain_break = verify_complaint_chain(complaint, events=case_data["events"])
    _facts, result, proposed = stored_assessment(complaint)
    # The rules the proposed remedies rest on; a bare engine answer (no proposal kept) offers all it cites.
    suggested = rule_ids_in(proposed if proposed is not None else result)
    context.update({
        **(contact or _contact_context(complaint)),
        "canned_replies": canned_replies(complaint) if complaint.is_open else [],
        "canned_chosen": request.GET.get("reply", ""),
        "order": complaint.order,
        "lines": list(complaint.lines.all()),
        "chain_break": chain_break,
        "rules_offered": rule_entries(suggested),
        "suggested_rules": suggested,
        "decide_form_template": "complaints/console/_decide_form.html",
        "viewable": [(ev, _inline_kind(ev.content_type)) for ev in case_data["evidence"]
                     if _inline_kind(ev.content_type)],
        "staff_notes": [m for m in case_data["messages"] if m.staff_only],
        "decide_form": decide_form,
        "departure_reason_min": DEPARTURE_REASON_MIN,
    })
    if decide_form:
        case_data["my_turn"] = True  # keeps the refused form open
    return render(request, "complaints/console/case.html", context, status=status)


@console_required
@require_GET
@xframe_options_sameorigin
def evidence_frame(request, complaint_id: int, evidence_id: int):
    """The shared, permission-checked download, allowed inside this site's own frames (the inline PDF viewer)."""
    response = shared.evidence_download_view(request, complaint_id, evidence_id)
    if response.get("Content-Type", "").split(";")[0] != "application/pdf" and \
            not response.get("Content-Type", "").startswith("image/"):
        raise Http404
    return response


@console_required
@require_POST
def contact_reveal_view(request, complaint_id: int):
    """Show one of the consumer's contact fields whole, for the reason given (logged). htmx swaps the card alone;
    without script the whole workspace comes back with the field shown. A refusal shows why and logs nothing."""
    try:
        complaint = selectors_pages.case_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None
    reason, status = request.POST.get("reveal_reason", ""), 200
    try:
        card = _contact_context(complaint, contact_reveal(actor=request.user, complaint=complaint,
                                                          field=request.POST.get("field", ""), reason=reason))
    except ComplaintError as exc:
        card, status = _contact_context(complaint, error=shared.refusal_text(exc), reason=reason[:REVEAL_REASON_MAX]), 422
    if request.headers.get("HX-Request") == "true":
        return render(request, "complaints/console/_contact.html", {"complaint": complaint, **card}, status=status)
    return render_case(request, complaint, contact=card, status=status)
