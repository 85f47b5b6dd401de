from zoneinfo import ZoneInfo

import pytest

from weiquan.complaints.events import verify_complaint_chain
from weiquan.complaints.models import Remedy
from weiquan.complaints.services import complaint_act

SH = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_offer_rejected_then_decided_and_executed(cast, complaint):
    act = lambda user, action, **data: complaint_act(actor=user, complaint_id=complaint.pk, action=action, data=data)  # noqa: E731
    assert complaint.status == "submitted" and complaint.phase == "intake"
    act(cast.agent, "accept")
    c = act(cast.merchant, "respond", kind="offer", remedies=[{"kind": "refund", "amount": "100.00"}])
    assert c.status == "merchant_responded" and c.next_party == "consumer"
    c = act(cast.consumer, "reject_offer", reason="金额太少")
    assert c.status == "in_mediation"
    act(cast.supervisor, "assign", assignee_id=cast.agent.pk)
    c = act(cast.agent, "decide", outcome="upheld", reasons="商品存在质量问题，支持退货退款。", rule_ids=["R-CPL24-QUALITY", "R-PQL40"],
            remedies=[{"kind": "refund", "amount": "299.00"}])
    assert c.status == "decided"
    remedy = c.remedies.get(state=Remedy.State.ORDERED)
    c = act(cast.merchant, "confirm_remedy", remedy_id=remedy.pk, reference="RF123")
    assert c.remedies.get(pk=remedy.pk).state == "executed"
    assert verify_complaint_chain(c) is None
    assert c.event_count == 7
