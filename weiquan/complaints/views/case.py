"""What the three portals share on a case page: the context the partials read, and the POST handlers.

Portals render a case with `case_context(request, complaint)` and include the partials in
`complaints/partials/` (`_status`, `_timeline`, `_messages`, `_evidence`, `_remedies`, `_action_forms`,
`_thread_form`). Every button posts to one of the views below, which call the workflow's services and nothing else.

Fields the action forms post to `complaints:case_act` (any portal may build its own forms with these names):
  message, reason, reasons, explanation, reference, comment, kind, outcome   text
  return_received_on (YYYY-MM-DD: the seller received the returned goods)     text
  remedy_kind + remedy_amount + remedy_note (repeated, one per row)          remedies [{kind, amount, note}]
  rule_ids (repeated, or one text with IDs separated by spaces or commas)    rule_ids
  score (1-5), remedy_id, assignee_id                                         whole numbers
  next                                                                        where to go back to (this site only)
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from weiquan.complaints import free_text, limits, selectors, selectors_pages, sla, workflow
from weiquan.complaints.labels import action_label_for
from weiquan.complaints.links import case_page_url
from weiquan.complaints.models import Complaint
from weiquan.complaints.services import ComplaintError, evidence_add, message_post
from weiquan.complaints.services.thread import ALLOWED_EXTENSIONS
from weiquan.complaints.workflow import TransitionNotAllowed
from weiquan.core.downloads import file_download

# Why a move was refused, in words (codes from workflow guards and ComplaintError).
REFUSALS = {
    "rate_limited": gettext_lazy("提交过于频繁，请 %(retry_after)s 秒后再试。"),
    "illegal_transition": gettext_lazy("投诉当前的状态不允许这个操作，页面可能已过时，请刷新后再试。"),
    "actor_not_allowed": gettext_lazy("您无权对这件投诉执行这个操作。"),
    "unknown_action": gettext_lazy("未知的操作。"),
    "no_pending_offer": gettext_lazy("没有待回复的商家方案。"),
    "appeal_already_used": gettext_lazy("这件投诉已经申诉过，不能再次申诉。"),
    "appeal_window_closed": gettext_lazy("申诉期已经届满。"),
    "appeal_window_still_open": gettext_lazy("申诉期尚未届满。"),
    "not_assigned_mediator": gettext_lazy("只有被分配的调解员才能裁决。"),
    "supervisor_only": gettext_lazy("只有主管可以复核申诉。"),
    "reviewer_made_decision": gettext_lazy("申诉须由作出原裁决以外的人复核。"),
    "no_remedy_to_execute": gettext_lazy("没有待履行的处理措施。"),
    "already_rated": gettext_lazy("您已经评价过了。"),
    "clock_already_paused": gettext_lazy("计时已经暂停。"),
    "clock_not_paused": gettext_lazy("计时没有暂停。"),
    "remedies_not_executed": gettext_lazy("还有未履行的处理措施，暂不能关闭。"),
    "system_cannot_decide": gettext_lazy("系统不能作出裁决。"),
    "required": gettext_lazy("未填写或内容过短。"),
    "too_long": gettext_lazy("内容过长。"),
    "invalid": gettext_lazy("填写的内容无效。"),
    "invalid_amount": gettext_lazy("金额无效，请填写 0 到 100,000,000 之间的数字，最多两位小数。"),
    "file_type": gettext_lazy("不支持这种文件类型，或文件内容与扩展名不符。"),
    "file_too_large": gettext_lazy("文件太大。"),
    "empty_file": gettext_lazy("文件是空的。"),
    "not_found": gettext_lazy("找不到这件投诉。"),
    "forbidden": gettext_lazy("您无权这样做。"),
    "closed": gettext_lazy("投诉已结束，不能再留言或上传证据。"),
    "conflict": gettext_lazy("这件投诉已经存在。"),
    "rule_ids_required": gettext_lazy("裁决与评估建议不同，请写明依据的规则编号。"),
    "not_confirmed": gettext_lazy("请先勾选确认。"),
    "reveal_reason_required": gettext_lazy("请写明查看的理由（至少 %(min)s 个字），它会记入个人信息访问记录。"),
    "departure_basis_required": gettext_lazy(
        "裁决与评估建议不同：请引用一条支持所裁决内容、且建议没有用到的规则；或者声明“无法定依据的偏离”，并写明至少 20 "
        "个字的理由（将向双方展示）。再次引用建议已预选的规则不能作为依据。"),
    "departure_reason_required": gettext_lazy("声明无法定依据的偏离时，须写明至少 %(min)s 个字的理由，该理由将向双方展示。"),
    "refund_exceeds_limit": gettext_lazy(
        "退款合计 %(total)s，超过上限 %(limit)s：退款不能超过争议商品的实付金额，质量问题退货可以另加订单运费。超出的部分"
        "只能作为赔偿，并须引用给予赔偿的规则。"),
    "compensation_exceeds_limit": gettext_lazy("赔偿金额超过权利评估按所引规则给出的金额（上限 %(limit)s）。"),
    "compensation_without_basis": gettext_lazy("赔偿必须引用给予赔偿的规则，例如消费者权益保护法第五十五条。"),
    "remedy_without_basis": gettext_lazy("所引规则都不支持“%(kind)s”：请引用支持它的规则，或者声明无法定依据的偏离并写明理由。"),
}
FIELD_LABELS = {
    "message": gettext_lazy("说明"), "reason": gettext_lazy("理由"), "reasons": gettext_lazy("理由"),
    "explanation": gettext_lazy("说明"), "reference": gettext_lazy("履行凭证"), "comment": gettext_lazy("评价"),
    "kind": gettext_lazy("答复方式"), "outcome": gettext_lazy("裁决结果"), "remedies": gettext_lazy("处理措施"),
    "rule_ids": gettext_lazy("引用规则"), "score": gettext_lazy("评分"), "remedy_id": gettext_lazy("处理措施"),
    "assignee_id": gettext_lazy("调解员"), "body": gettext_lazy("留言"), "file": gettext_lazy("文件"),
    "title": gettext_lazy("标题"), "description": gettext_lazy("投诉内容"), "category": gettext_lazy("问题类型"),
    "line_ids": gettext_lazy("涉及商品"), "remedies_wanted": gettext_lazy("诉求"),
    "amount_claimed": gettext_lazy("诉求金额"),
    "return_received_on": gettext_lazy("商家收到退货日期"),
    "confirm": gettext_lazy("确认"),
    "reveal_reason": gettext_lazy("查看理由"),
    "departure_reason": gettext_lazy("偏离理由"), "to_party": gettext_lazy("发给"), "departure_without_basis": gettext_lazy("无法定依据的偏离"),
}
TEXT_FIELDS = ("message", "reason", "reasons", "explanation", "reference", "comment", "kind", "outcome",
               "return_received_on", "departure_reason")
INT_FIELDS = ("score", "remedy_id", "assignee_id")
RULE_ID = re.compile(r"R-[A-Z0-9-]+")


def refusal_text(exc: ComplaintError | TransitionNotAllowed) -> str:
    """A refusal as a sentence a person can act on."""
    reason = REFUSALS.get(exc.code)
    text = str(reason) if reason else _("操作未完成。")
    params = getattr(exc, "params", None)
    if reason and params:
        text = text % params
    field = getattr(exc, "field", None)
    named = RULE_ID.findall(getattr(exc, "message", "") or "")
    if field == "rule_ids" and exc.code == "invalid" and named:  # say which IDs are not known rules
        text = _("没有这些规则编号：%(ids)s。") % {"ids": ", ".join(dict.fromkeys(named))}
    if field:
        key = field.split("[", 1)[0].split(".", 1)[0]
        name = FIELD_LABELS.get(key)
        if name:
            return _("%(field)s：%(reason)s") % {"field": name, "reason": text}
    return text


def action_data(action: str, post) -> dict:
    """Turn an action form's fields into the service's `data` (only the keys the form actually sent)."""
    data: dict = {}
    for key in TEXT_FIELDS:
        if key in post:
            data[key] = post.get(key, "")
    for key in INT_FIELDS:
        raw = post.get(key, "").strip()
        if raw:
            data[key] = int(raw) if raw.isdigit() else raw
    if "remedy_kind" in post:
        kinds, amounts, notes = post.getlist("remedy_kind"), post.getlist("remedy_amount"), post.getlist("remedy_note")
        rules = post.getlist("remedy_rule_ids")
        rows = []
        for i, kind in enumerate(kinds):
            if not kind:
                continue
            amount = (amounts[i] if i < len(amounts) else "").strip().replace(",", "").lstrip("¥") or "0"
            row = {"kind": kind, "amount": amount, "note": notes[i] if i < len(notes) else ""}
            if i < len(rules):
                row["rule_ids"] = list(dict.fromkeys(RULE_ID.findall(rules[i].upper())))
            rows.append(row)
        data["remedies"] = rows
    if "departure_without_basis" in post:
        data["departure_without_basis"] = post.get("departure_without_basis") in {"1", "on", "true"}
    if "rule_ids" in post:
        data["rule_ids"] = sorted({r for value in post.getlist("rule_ids") for r in RULE_ID.findall(value.upper())})
    return data


DECISION_ACTIONS = ("decide", "decide_appeal")


def _error_key(field: str | None) -> str:
    """Which part of the decision form an error belongs beside: outcome, reasons, rule_ids, departure, remedy-N."""
    if not field:
        return "form"
    match = re.match(r"remedies\[(\d+)\]", field)
    if match:
        return f"remedy-{match.group(1)}"
    return {"departure_without_basis": "departure_reason"}.get(field, field.split(".", 1)[0])


def decide_form_state(action: str, post, exc: ComplaintError) -> dict:
    """What a refused decision form shows again: the entered values, and the error beside its field."""
    kinds, amounts = post.getlist("remedy_kind"), post.getlist("remedy_amount")
    notes, rules = post.getlist("remedy_note"), post.getlist("remedy_rule_ids")
    rows, index = [], 0
    for i, kind in enumerate(kinds):
        # Errors name remedies by their place among the rows actually filled in, as the service counted them.
        row = {"kind": kind, "amount": amounts[i] if i < len(amounts) else "",
               "note": notes[i] if i < len(notes) else "", "rule_ids": rules[i] if i < len(rules) else "",
               "key": f"remedy-{index}" if kind else ""}
        index += 1 if kind else 0
        rows.append(row)
    return {
        "action": action, "errors": {_error_key(getattr(exc, "field", None)): refusal_text(exc)},
        "outcome": post.get("outcome", ""), "reasons": post.get("reasons", ""),
        "rule_ids": sorted({r for value in post.getlist("rule_ids") for r in RULE_ID.findall(value.upper())}),
        "departure_without_basis": post.get("departure_without_basis") in {"1", "on", "true"},
        "departure_reason": post.get("departure_reason", ""), "rows": rows,
    }


def _back(request, complaint: Complaint) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return case_page_url(request.user, complaint)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def _visible_case(request, complaint_id: int) -> Complaint:
    try:
        return selectors_pages.case_get(request.user, complaint_id)
    except Complaint.DoesNotExist:
        raise Http404 from None


def _party(kind: str | None) -> str:
    return {"consumer": "consumer", "merchant": "merchant"}.get(kind or "", "platform")


def _timeline(events, messages_by_id: dict, evidence_by_id: dict) -> list[dict]:
    entries = []
    for event in events:
        data = event.data or {}
        entries.append({
            "event": event,
            "message": messages_by_id.get(data.get("message")) if event.type in {"message", "staff_note"} else None,
            "evidence": evidence_by_id.get(data.get("evidence")) if event.type == "evidence_added" else None,
        })
    return entries


def case_context(request, complaint: Complaint, *, next_url: str | None = None) -> dict:
    """Everything the case partials read, as this viewer may see it. Portals add their own keys on top."""
    user = request.user
    kind = workflow.actor_kind(complaint, user)
    allowed = workflow.allowed_actions(complaint, user)
    events = list(selectors.complaint_events(user, complaint))
    thread = list(selectors.complaint_messages(user, complaint).select_related("author"))
    free_text.mask_consumer_messages(thread, viewer_kind=kind, complaint=complaint)
    evidence = list(selectors.complaint_evidence(user, complaint))
    outcomes = selectors_pages.case_outcomes(complaint)
    party = _party(kind)
    case = {
        "viewer_kind": kind,
        "viewer_party": party,
        "description": free_text.for_merchant_of(complaint, complaint.description) if kind == "merchant"
        else complaint.description,
        "title": free_text.for_merchant_of(complaint, complaint.title) if kind == "merchant" else complaint.title,
        "rating_comment": free_text.for_merchant_of(complaint, complaint.rating_comment) if kind == "merchant"
        else complaint.rating_comment,
        # R-PIPL-DELETE: staff are told the text is kept for storage and legal claims only
        "restricted": complaint.text_sealed,
        "sees_staff": selectors.sees_staff_material(user, complaint),
        # "等待您处理" only for someone who can do something now (an agent cannot decide an appeal, say).
        "my_turn": complaint.is_open and complaint.next_party == party and bool(set(allowed) - {"assign"}),
        "events": events,
        "timeline": _timeline(events, {m.pk: m for m in thread}, {e.pk: e for e in evidence}),
        "messages": thread,
        "evidence": evidence,
        "allowed_actions": allowed,
        "action_labels": {a: action_label_for(a, staff=kind in workflow.STAFF) for a in allowed},
        "assignees": list(selectors_pages.assignable_staff(complaint)) if "assign" in allowed else [],
        "can_post": complaint.is_open and kind not in (None, workflow.SYSTEM),
        "next_url": next_url or request.get_full_path(),
        "evidence_extensions": sorted(ALLOWED_EXTENSIONS),
        "evidence_accept": ",".join(sorted(ALLOWED_EXTENSIONS)),
        "evidence_max_bytes": settings.EVIDENCE_MAX_BYTES,
        "remedy_rows": range(3),
        "posted": _kept_form(request, complaint),
        "body_deadline": sla.body_deadline_outlook(complaint, timezone.now()),
        **outcomes,
    }
    return {"complaint": complaint, "case": case}


# A refused form comes back filled in: what was typed is kept in the session for the next render of the case page
# (post/redirect/get, so a reload never posts twice), with the refusal shown beside the field it names.
FORM_STATE = "case_form_state"
CONFIRM_ACTIONS = frozenset({"accept_offer"})  # moves a person cannot take back: the page asks to confirm first


def keep_form(request, complaint, action: str, exc) -> None:
    values = {key: request.POST.getlist(key) for key in request.POST if key not in ("csrfmiddlewaretoken", "next")}
    request.session[FORM_STATE] = {
        "complaint": complaint.pk, "action": action, "field": getattr(exc, "field", None) or "",
        "error": refusal_text(exc), "values": {k: v[0] if len(v) == 1 else v for k, v in values.items()},
        "lists": {k: v for k, v in values.items() if k.startswith("remedy_") or k in ("rule_ids", "withdraw")},
    }


def _kept_form(request, complaint) -> dict | None:
    state = request.session.get(FORM_STATE)
    if not state or state.get("complaint") != complaint.pk:
        return None
    del request.session[FORM_STATE]
    lists = state.get("lists", {})
    kinds, amounts, notes = lists.get("remedy_kind", []), lists.get("remedy_amount", []), lists.get("remedy_note", [])
    state["remedy_rows"] = [{"kind": k, "amount": a, "note": n} for k, a, n in zip(kinds, amounts, notes, strict=False)
                            if k or a or n]
    # The blank rows of the form, refilled in the order typed (the merchant's answer form offers three).
    state["remedy_inputs"] = (state["remedy_rows"] + [{}] * 3)[:max(3, len(state["remedy_rows"]))]
    state["rule_ids"] = " ".join(r for r in lists.get("rule_ids", []) if r)
    state["withdraw"] = lists.get("withdraw", [])
    return state


class _NotConfirmed(ComplaintError):
    pass


def _upload_with_action(request, complaint) -> list[str]:
    """Files sent with an action (补充材料: text and files in one step); returns the refusals, one per file."""
    errors = []
    for upload in request.FILES.getlist("file"):
        try:
            _upload_one(request, complaint, upload, "", False)
        except ComplaintError as exc:
            errors.append(f"{upload.name}: {refusal_text(exc)}")
    return errors


@login_required
@require_POST
def message_post_view(request, complaint_id: int):
    complaint = _visible_case(request, complaint_id)
    error = None
    # The staff form's "发给" choice: both parties (""), "consumer", "merchant", or "staff" (an internal note).
    audience = request.POST.get("audience", "")
    staff_only = request.POST.get("staff_only") in {"1", "on", "true"} or audience == "staff"
    to_party = "" if audience in ("", "both", "staff") else audience
    try:
        limits.check_message(request.user)
        message_post(actor=request.user, complaint_id=complaint.pk, body=request.POST.get("body", ""),
                     staff_only=staff_only, to_party=to_party)
    except ComplaintError as exc:
        error = refusal_text(exc)
    if _is_htmx(request):
        context = case_context(request, complaint, next_url=_back(request, complaint))
        context["thread_error"] = error
        return render(request, "complaints/partials/_messages.html", context)
    if error:
        messages.error(request, _("留言未发送：%(reason)s") % {"reason": error})
    else:
        messages.success(request, _("留言已发送。"))
    return HttpResponseRedirect(_back(request, complaint))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _upload_one(request, complaint: Complaint, upload, description: str, staff_only: bool):
    limits.check_upload(request.user)
    return evidence_add(actor=request.user, complaint_id=complaint.pk, name=upload.name, content=upload,
                        description=description, staff_only=staff_only)


def already_on_case_text(upload_name: str) -> str:
    """What a page says when an upload was identical to a file the same party already has on the case."""
    return _("%(name)s：案件中已有相同的文件，没有重复保存。") % {"name": upload_name}


@login_required
@require_POST
def evidence_add_view(request, complaint_id: int):
    """One or several files. The uploader script sends one file per request and asks for JSON (to show progress)."""
    complaint = _visible_case(request, complaint_id)
    uploads = request.FILES.getlist("file")
    description = request.POST.get("description", "")
    staff_only = request.POST.get("staff_only") in {"1", "on", "true"}
    stored, errors, refusals = [], [], []  # stored: (the upload's name, the evidence item that now holds it)
    if not uploads:
        errors.append(_("%(field)s：%(reason)s") % {"field": FIELD_LABELS["file"], "reason": REFUSALS["required"]})
    for upload in uploads:
        try:
            stored.append((upload.name, _upload_one(request, complaint, upload, description, staff_only)))
        except ComplaintError as exc:
            errors.append(f"{upload.name}: {refusal_text(exc)}")
            refusals.append(exc)
    new_count = sum(not e.already_on_case for _name, e in stored)
    repeats = [already_on_case_text(name) for name, e in stored if e.already_on_case]
    if _wants_json(request):
        if errors:
            wait = limits.retry_after(*refusals)  # over the upload limit: 429, and when to come back
            response = JsonResponse({"ok": False, "errors": errors}, status=429 if wait else 422)
            if wait:
                response["Retry-After"] = str(wait)
            return response
        return JsonResponse({"ok": True, "files": [
            {"id": e.pk, "name": e.original_name, "size": e.size, "sha256": e.sha256,
             "already_on_case": e.already_on_case,
             "url": reverse("complaints:case_evidence", args=[complaint.pk, e.pk])} for _name, e in stored]},
            status=201 if new_count else 200)
    if _is_htmx(request):
        context = case_context(request, complaint, next_url=_back(request, complaint))
        context["evidence_errors"], context["evidence_notes"] = errors, repeats
        return render(request, "complaints/partials/_evidence.html", context)
    for error in errors:
        messages.error(request, _("证据未上传：%(reason)s") % {"reason": error})
    for note in repeats:
        messages.info(request, note)
    if new_count:
        messages.success(request, _("已上传 %(count)d 个文件。") % {"count": new_count})
    return HttpResponseRedirect(_back(request, complaint))


@login_required
@require_GET
def evidence_download_view(request, complaint_id: int, evidence_id: int):
    """Parties of the case only (404 for everyone else, so ids cannot be probed); staff-only files for staff."""
    complaint = _visible_case(request, complaint_id)
    if not selectors.is_party_or_staff(request.user, complaint):  # the API's rule: seeing a case is not enough
        raise Http404
    evidence = selectors.complaint_evidence(request.user, complaint).filter(pk=evidence_id).first()
    if evidence is None or not evidence.file:  # no file: erased with the consumer's personal data
        raise Http404
    # The API's download answers with the same headers (weiquan.core.downloads).
    return file_download(evidence.file, filename=evidence.original_name, content_type=evidence.content_type,
                         inline=False if request.GET.get("download") else None)
