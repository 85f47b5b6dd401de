"""Refused staff forms come back with what was typed and the error beside the field; an appeal review starts from
the original decision's remedies."""

import pytest
from django.urls import reverse

from weiquan.complaints.models import Status
from weiquan.complaints.tests.helpers import clock_fixture, drive_to, login, snapshot  # noqa: F401

pytestmark = pytest.mark.django_db


def case_url(complaint) -> str:
    return reverse("complaints:console_case", args=[complaint.pk])


def test_a_decision_with_an_unknown_rule_comes_back_filled_in_naming_the_rule(cast, clock):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    client = login(cast.agent)
    before = snapshot(complaint.pk)
    response = client.post(reverse("complaints:case_act", args=[complaint.pk, "decide"]), {
        "outcome": "partly_upheld", "reasons": "商家未能证明商品无质量问题，支持部分退款。", "rule_ids": "R-NO-SUCH-RULE",
        "remedy_kind": ["refund", ""], "remedy_amount": ["123.45", ""], "remedy_note": ["部分退款", ""],
        "next": case_url(complaint)})
    assert response.status_code == 302
    assert snapshot(complaint.pk) == before
    page = client.get(case_url(complaint)).content.decode()
    assert "R-NO-SUCH-RULE" in page and "没有这些规则编号：R-NO-SUCH-RULE。" in page
    assert "商家未能证明商品无质量问题，支持部分退款。" in page
    assert 'value="123.45"' in page and 'value="部分退款"' in page
    assert 'value="partly_upheld" selected' in page
    assert "没有这些规则编号" not in client.get(case_url(complaint)).content.decode()


def test_an_appeal_review_starts_from_the_original_decisions_remedies(cast, clock):
    complaint = drive_to(Status.APPEALED, cast)
    decided = complaint.decisions.get()
    page = login(cast.supervisor).get(case_url(complaint)).content.decode()
    form = page[page.index('data-action="decide_appeal"'):]
    first = decided.remedies.order_by("id").first()
    assert f'value="{first.amount:.2f}"' in form
    assert "已按原裁决的处理措施填好" in form
