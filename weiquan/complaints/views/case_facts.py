"""Facts added to a case after filing, from its page: the consumer (a test result, an injury) and the mediator (what
was established, the platform's own conduct). Each addition is a new assessment version (complaint_facts_add)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weiquan.complaints.services import ComplaintError, complaint_facts_add
from weiquan.complaints.views.case import _back, _visible_case, refusal_text
from weiquan.complaints.views.wizard_facts import QUESTION_LABELS, question_field, read_answers
from weiquan.complaints.workflow import STAFF, actor_kind

# The platform's own conduct (ECL Art.38, CPL Art.44, FSL Art.131): staff only.
PLATFORM_FACTS = (
    ("knew_or_should_have_known", gettext_lazy("平台知道或者应当知道商品或商家侵害消费者权益")),
    ("took_necessary_measures", gettext_lazy("平台已及时采取必要措施")),
    ("affects_life_or_health", gettext_lazy("涉及消费者生命健康")),
    ("failed_qualification_check", gettext_lazy("平台未审核商家资质或未尽安全保障义务")),
    ("food_seller_licence_unchecked", gettext_lazy("平台未审查食品经营者的许可证")),
    ("promised_more_favourable", gettext_lazy("平台向消费者作出了更有利的承诺（如先行赔付）")),
)


def can_add_facts(user, complaint) -> bool:
    return complaint.is_open and actor_kind(complaint, user) in {"consumer", *STAFF}


def later_facts(post, *, staff: bool) -> tuple[dict, dict]:
    """The form's answers as facts: only what was filled in or ticked is stated (nothing is un-stated)."""
    answers, errors = read_answers(post), dict[str, str]()
    claim: dict = {}
    defect: dict = {}
    day = answers["defect_day"].strip()
    if day:
        claim["quality_defect_found_date"] = day
    for name, key in (("food_unsafe", "food_safety_violation"), ("drug_bad", "drug_fake_or_substandard"),
                      ("seller_knew", "seller_knew"), ("fraud", "fraud"), ("label_only", "label_only_no_safety_impact")):
        if answers[name]:
            defect[key] = True
    if answers["injury"] in ("serious", "death"):
        defect["injury"] = answers["injury"]
    loss = answers["loss"].replace(",", "").strip()
    if loss:
        defect["loss"] = loss  # the service checks the value (two-place decimal) and names it when wrong
    if defect:
        claim["defect"] = defect
    if staff:
        platform = {key: True for key, _label in PLATFORM_FACTS if post.get(f"fact_platform_{key}") in ("1", "on")}
        if platform:
            claim["platform"] = platform
    return ({"claim": claim} if claim else {}), errors


@login_required
@require_POST
def case_facts_view(request, complaint_id: int):
    complaint = _visible_case(request, complaint_id)
    staff = actor_kind(complaint, request.user) in STAFF
    facts, _errors = later_facts(request.POST, staff=staff)
    try:
        complaint_facts_add(actor=request.user, complaint_id=complaint.pk, facts=facts,
                            note=request.POST.get("note", ""))
    except ComplaintError as exc:
        label = QUESTION_LABELS.get(question_field(exc.field))
        reason = refusal_text(exc)
        messages.error(request, _("事实未补充：%(reason)s") % {
            "reason": f"{label}：{reason}" if label else reason})
    else:
        messages.success(request, _("已补充事实，权利评估已更新。"))
    return HttpResponseRedirect(_back(request, complaint))
