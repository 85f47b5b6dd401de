"""Facts added to a case after filing, from its page: the consumer (a test result, an injury) and the mediator (what
was established, the platform's own conduct). Each addition is a new assessment version (complaint_facts_add)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from weiquan.complaints.services import ComplaintError, complaint_facts_add
from weiquan.complaints.views.case import _back, _visible_case, keep_form, refusal_text
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


# The statements a person may withdraw from the case page, in words (the blocks the goods condition and the wizard's
# goods-kind question set are withdrawn whole).
WITHDRAWABLE = (
    ("claim.no_reason_return_notice_date", gettext_lazy("您向商家提出退货的日期")),
    ("claim.quality_defect_found_date", gettext_lazy("您发现问题的日期")),
    ("claim.performance_failure_date", gettext_lazy("出现性能故障的日期")),
    ("claim.repairs_for_same_failure", gettext_lazy("已为同一故障维修的次数")),
    ("claim.defect.fraud", gettext_lazy("商家有欺诈行为")),
    ("claim.defect.food_safety_violation", gettext_lazy("食品不符合食品安全标准")),
    ("claim.defect.drug_fake_or_substandard", gettext_lazy("药品是假药或劣药")),
    ("claim.defect.seller_knew", gettext_lazy("商家事先知道这个问题")),
    ("claim.defect.label_only_no_safety_impact", gettext_lazy("只是标签、说明书有瑕疵")),
    ("claim.defect.injury", gettext_lazy("造成的人身伤害")),
    ("claim.defect.loss", gettext_lazy("货款以外的损失")),
    ("purchase.durable_goods", gettext_lazy("耐用商品或装饰装修服务")),
    ("purchase.three_guarantees", gettext_lazy("三包凭证的信息")),
    ("purchase.statutory_exclusion", gettext_lazy("商品的种类")),
    ("purchase.confirmable_exclusion", gettext_lazy("商品的种类")),
    ("goods", gettext_lazy("商品现在的状况")),
)
STAFF_WITHDRAWABLE = (("claim.platform", gettext_lazy("平台自身的情况")),)


def _stated_at(stated: dict, path: str) -> bool:
    node = stated
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def withdrawable(stated: dict | None, *, staff: bool) -> list[tuple[str, str]]:
    """(path, words) for each statement on the case the reader may withdraw (so the fact is unknown again)."""
    rows = WITHDRAWABLE + (STAFF_WITHDRAWABLE if staff else ())
    return [(path, str(words)) for path, words in rows if _stated_at(stated or {}, path)]


def _withdrawals(post, *, staff: bool) -> dict:
    """The ticked withdrawals as nulls in the facts' shape ({"claim": {"defect": {"fraud": None}}})."""
    allowed = {path for path, _words in WITHDRAWABLE + (STAFF_WITHDRAWABLE if staff else ())}
    facts: dict = {}
    for path in post.getlist("withdraw"):
        if path not in allowed:
            continue
        *parents, last = path.split(".")
        node = facts
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = None
    return facts


def can_add_facts(user, complaint) -> bool:
    return complaint.is_open and actor_kind(complaint, user) in {"consumer", *STAFF}


def later_facts(post, *, staff: bool) -> tuple[dict, dict]:
    """The form's answers as facts: what was filled in or ticked is stated; what was ticked "withdraw" becomes null
    (un-stated), unless the same form states it anew."""
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
    facts = _withdrawals(post, staff=staff)
    for key, value in claim.items():
        if isinstance(value, dict) and isinstance(facts.get("claim", {}).get(key), dict):
            facts["claim"][key].update(value)
        else:
            facts.setdefault("claim", {})[key] = value
    return facts, errors


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
        keep_form(request, complaint, "add_facts", exc)  # the form comes back as it was filled in
    else:
        messages.success(request, _("已补充事实，权利评估已更新。"))
    return HttpResponseRedirect(_back(request, complaint))
