"""Refused staff forms come back with what was typed and the error beside the field."""

import pytest
from django.urls import reverse

from weiquan.complaints.models import Status
from weiquan.testing.cases import clock_fixture, drive_to, login, snapshot  # noqa: F401

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
    assert response.status_code == 422  # the console's decision form comes back at once, filled in
    assert snapshot(complaint.pk) == before
    page = response.content.decode()
    assert "R-NO-SUCH-RULE" in page and "商家未能证明商品无质量问题，支持部分退款。" in page
    assert "123.45" in page
