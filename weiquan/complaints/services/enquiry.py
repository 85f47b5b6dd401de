"""Recording a phone enquiry (咨询): a call that asked a question or declined to file. Staff only; no case opens."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from weiquan.accounts.services import consumer_find_by_phone, normalise_phone
from weiquan.complaints.models import Enquiry, EnquiryAdvice
from weiquan.complaints.selectors import works_cases
from weiquan.complaints.services.common import ComplaintError
from weiquan.core.crypto import blind_index

QUESTION_MAX = 5000
RECENT_SHOWN = 10


def enquiry_record(*, actor, phone: str, question: str, answer: str, advice: str, received_at: datetime,
                   merchant=None) -> Enquiry:
    """Record the call. The caller's account, when the number has one, is linked; a number without one is fine."""
    if not works_cases(actor):
        raise ComplaintError("forbidden", "只有平台客服可以登记咨询。", status=403)
    number = normalise_phone(phone)
    if not number.isdigit() or not 5 <= len(number) <= 20:
        raise ComplaintError("bad_phone", "请输入有效的来电号码。", field="phone")
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question or len(question) > QUESTION_MAX:
        raise ComplaintError("bad_question", "请填写咨询内容（最多5000字）。", field="question")
    if not answer or len(answer) > QUESTION_MAX:
        raise ComplaintError("bad_answer", "请填写给来电人的答复（最多5000字）。", field="answer")
    if advice not in EnquiryAdvice.values:
        raise ComplaintError("bad_advice", "请选择处理方式。", field="advice")
    if received_at > timezone.now():
        raise ComplaintError("future_call", "来电时间不能晚于现在。", field="received_at")
    return Enquiry.objects.create(
        caller=consumer_find_by_phone(phone=number), phone=number, phone_index=blind_index(number),
        question=question, answer=answer, advice=advice, merchant=merchant, agent=actor, received_at=received_at)


def enquiries_for_phone(user, phone: str, *, limit: int = RECENT_SHOWN) -> QuerySet[Enquiry]:
    """The number's recent enquiries, newest first; nothing for anyone but case workers."""
    if not works_cases(user):
        return Enquiry.objects.none()
    index = blind_index(normalise_phone(phone))
    return Enquiry.objects.filter(phone_index=index).select_related("agent", "merchant")[:limit]


def _callers_own(caller):
    """The caller's enquiries: linked to the account, or recorded for its number before it had one."""
    from django.db.models import Q

    return Enquiry.objects.filter(Q(caller_id=caller.pk) | (Q(phone_index=caller.phone_index) if caller.phone_index
                                                            else Q(pk__in=[])))


def enquiries_of_caller(caller) -> list[dict]:
    """For the person's own copy of their data (PIPL Art.45): what they asked, what they were told, when."""
    rows = _callers_own(caller).select_related("merchant").order_by("received_at", "pk")
    return [{"received_at": e.received_at, "phone": e.phone, "question": e.question, "answer": e.answer,
             "advice": str(e.get_advice_display()), "merchant": e.merchant.name if e.merchant else ""} for e in rows]


def enquiries_erase_caller(*, caller) -> int:
    """Erasure (privacy/erasure.py): the caller's number and words go from their enquiries, those linked to the
    account and those recorded for its number before it had one; the agent's answer stays. Answers how many."""
    from weiquan.complaints.services.erasure import ERASED_TEXT

    erased = 0
    for enquiry in _callers_own(caller).exclude(question=ERASED_TEXT):
        enquiry.phone, enquiry.phone_index, enquiry.question = "", "", ERASED_TEXT
        enquiry.save(update_fields=["phone", "phone_index", "question"])
        erased += 1
    return erased
