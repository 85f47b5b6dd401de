"""The examples the facts path was built for, end to end: for each, the wizard's review step (the preview), the case it
files, the API's answer for that case and the mediator's decision form all say the same, and a decision that takes
the form's rows as they are is accepted as following the proposal. Amounts and days are computed by hand:

- infant formula with a foreign object, the seller knew: FSL Art.148, 10 × ¥299.00 = ¥2,990.00 beside the refund;
- a no-reason return asked for on 2026-03-03 (signed for 2026-03-02) but filed on 2026-03-11: the window's last day is
  2026-03-09, the stated day decides, so the return is in time (filing-day counting would say day 9, too late);
- goods whose one-month warranty (from 2026-03-02, i.e. to 2026-04-02) is extended by 9 days spent in repair (to
  2026-04-11): a failure on 2026-04-08 is still in the warranty stage, and after two repairs an exchange or return.
"""

import json
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from weiquan.complaints.models import Complaint, Decision
from weiquan.complaints.templatetags.rights_tags import decision_prefill
from weiquan.complaints.tests.helpers import SH, act, api_client, fast_passwords, frozen  # noqa: F401
from weiquan.complaints.tests.test_wizard_facts import make_order, wizard_post
from weiquan.complaints.views.filing import PROBLEMS_BY_KEY
from weiquan.rights import assess
from weiquan.rights.explain import explain

pytestmark = pytest.mark.django_db

EXAMPLES = {
    "formula_foreign_object": (
        datetime(2026, 3, 4, 9, 30, tzinfo=SH), "safety",
        {"fact_defect_day": "2026-03-03", "fact_product": "food", "fact_food_unsafe": "1", "fact_seller_knew": "1"},
        {"punitive": ("R-PUN-FSL148", "2990.00")},
        [("return", "0.00"), ("refund", "299.00"), ("compensation", "2990.00")]),
    "return_asked_before_filing": (
        datetime(2026, 3, 11, 9, 30, tzinfo=SH), "no_reason_refused", {"fact_nr_day": "2026-03-03"},
        {"no_reason_return": ("eligible", "2026-03-09")},
        [("return", "0.00"), ("refund", "299.00")]),
    "warranty_extended_by_repair_days": (
        datetime(2026, 4, 9, 9, 30, tzinfo=SH), "after_sales",
        {"fact_defect_day": "2026-04-08", "fact_failure_day": "2026-04-08", "fact_warranty_months": "1",
         "fact_repairs": "2", "fact_repair_days": "9"},
        {"three_guarantees": ("warranty", ["exchange", "return"])},
        [("repair", "0.00")]),  # what the consumer asked for (after-sales: repair), which CPL Art.24 still grants
}


def _expected(answer, key):
    if key == "punitive":
        return answer["punitive"]["basis"], answer["punitive"]["amount"]
    if key == "no_reason_return":
        return answer["no_reason_return"]["reason"], answer["no_reason_return"]["window_last_day"]
    return answer["three_guarantees"]["stage"], sorted(answer["three_guarantees"]["remedies"])


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_wizard_case_api_and_decision_form_agree(cast, name):
    now, problem_key, answers, expected, proposed = EXAMPLES[name]
    problem = PROBLEMS_BY_KEY[problem_key]
    order = make_order(cast, "single_line")
    web = Client()
    web.force_login(cast.consumer)
    with frozen(now), translation.override("zh-hans"):
        review = web.post(reverse("complaints:file_review"), wizard_post(order, problem, answers))
        filed = web.post(reverse("complaints:file"), wizard_post(order, problem, answers),
                         HTTP_ACCEPT="application/json")
    assert filed.status_code == 201, filed.content
    complaint = Complaint.objects.get(reference=json.loads(filed.content)["reference"])

    # The stored case: the engine's answer to its facts, with the hand-computed values.
    answer = complaint.rights_assessment
    assert answer == assess(complaint.rights_facts)
    for key, value in expected.items():
        got = _expected(answer, key)
        assert got == (value[0], sorted(value[1]) if isinstance(value[1], list) else value[1])
    meta = complaint.rights_assessment_meta
    assert [(row["kind"], row["amount"]) for row in meta["proposal"]] == proposed
    if "three_guarantees" in expected:  # without the days in repair the period would have ended on 2026-04-02
        facts = json.loads(json.dumps(complaint.rights_facts))
        facts["purchase"]["three_guarantees"].pop("days_in_repair")
        assert assess(facts)["three_guarantees"]["stage"] == "expired"

    # The wizard showed exactly this answer and this proposal.
    with translation.override("zh-hans"):
        assert review.context["points"] == explain(answer, complaint.rights_facts,
                                                   punitive_if_established=meta["punitive_scenario"] is not None)
    assert [(row["kind"], row["amount"]) for row in review.context["proposal"]] == proposed

    # The API returns the same facts and answer.
    body = api_client("consumer", cast).get(f"/api/v1/complaints/{complaint.pk}").json()
    assert (body["rights_facts"], body["rights_assessment"]) == (complaint.rights_facts, answer)

    # The decision form starts from the proposal, and taking it as it is follows the proposal.
    prefill = decision_prefill(complaint)
    assert [(row["kind"], row["amount"]) for row in prefill["rows"]] == proposed
    with frozen(now):
        act(cast.agent, complaint, "accept")
        act(cast.merchant, complaint, "respond", kind="refusal", reasons="不同意消费者的要求。")
        act(cast.consumer, complaint, "escalate", reason="商家拒绝，申请平台处理。")
        act(cast.supervisor, complaint, "assign", assignee_id=cast.agent.pk)
        act(cast.agent, complaint, "decide", outcome="upheld", reasons="依据评估结论支持消费者的请求。",
            remedies=[{"kind": row["kind"], "amount": row["amount"]} for row in prefill["rows"]])
    decision = Decision.objects.get(complaint=complaint)
    assert decision.departs_from_proposal is False
    remedies = list(complaint.remedies.order_by("pk").values_list("kind", "rule_ids"))
    assert [(kind, rules) for kind, rules in remedies] == [(r["kind"], r["rule_ids"]) for r in meta["proposal"]]
