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
    # The refusal is said at the top of the page as well as beside the field far down it.
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and shown[0].startswith("裁决未完成：") and "R-NO-SUCH-RULE" in shown[0]
    assert page.index(shown[0]) < page.index('name="reasons"')


def field_error(page: str, field_id: str) -> str:
    """The error tied to the field `field_id`: the input names it in aria-describedby and it follows the input."""
    start = page.index(f'id="{field_id}"')
    tag = page[page.rindex("<", 0, start):page.index(">", start)]
    error_id = tag.split('aria-describedby="')[1].split('"')[0].split()[-1]
    error_at = page.index(f'id="{error_id}"')
    assert error_at > start and 'class="field-error"' in page[page.rindex("<", 0, error_at):error_at]
    return page[page.index(">", error_at) + 1:page.index("</p>", error_at)]


@pytest.mark.parametrize("language,unknown", [("zh-hans", "引用规则：没有这些规则编号：R-NO-SUCH-RULE。"),
                                               ("en", "Rules cited: No rules with these IDs: R-NO-SUCH-RULE.")])
@pytest.mark.parametrize("action,status", [("decide", Status.IN_MEDIATION), ("decide_appeal", Status.APPEALED)])
def test_decision_and_appeal_review_keep_every_value_with_the_error_beside_the_rules(cast, clock, language, unknown,
                                                                                     action, status):
    complaint = drive_to(status, cast)
    client = login(cast.agent if action == "decide" else cast.supervisor)
    client.cookies["django_language"] = language
    before = snapshot(complaint.pk)
    response = client.post(reverse("complaints:case_act", args=[complaint.pk, action]), {
        "outcome": "partly_upheld", "reasons": "复核后认为商家应部分退款，理由如下。", "rule_ids": "R-NO-SUCH-RULE",
        "remedy_kind": ["refund", ""], "remedy_amount": ["123.45", ""], "remedy_note": ["部分退款", ""],
        "next": case_url(complaint)})
    assert response.status_code == 422
    assert snapshot(complaint.pk) == before
    page = response.content.decode()
    form = page[page.index(f'data-action="{action}"'):]
    form = form[:form.index("</form>")]
    assert '<option value="partly_upheld" selected>' in form
    assert ">复核后认为商家应部分退款，理由如下。</textarea>" in form
    assert 'value="123.45"' in form and 'value="部分退款"' in form and '<option value="refund" selected>' in form
    assert field_error(form, f"{action}-{complaint.reference}-rules") == unknown


@pytest.mark.parametrize("language,bad_amount", [
    ("zh-hans", "处理措施：金额无效，请填写 0 到 100,000,000 之间的数字，最多两位小数。"),
    ("en", "Remedies: not a valid amount: enter a number from 0 to 100,000,000 with at most two decimals.")])
def test_a_refused_merchant_answer_comes_back_filled_in_with_the_error_beside_the_remedies(cast, clock, language,
                                                                                           bad_amount):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    client = login(cast.merchant)
    client.cookies["django_language"] = language
    before = snapshot(complaint.pk)
    page_url = reverse("complaints:merchant_case", args=[complaint.pk])
    response = client.post(reverse("complaints:merchant_respond", args=[complaint.pk]), {
        "kind": "offer", "remedy_kind": ["refund", "", ""], "remedy_amount": ["-5", "", ""],
        "remedy_note": ["先退一部分", "", ""], "reasons": "我们愿意先退一部分款项。", "description": "发货单照片",
        "next": page_url})
    assert response.status_code == 302 and response["Location"] == page_url
    assert snapshot(complaint.pk) == before
    page = client.get(page_url).content.decode()
    form = page[page.index('id="respond"'):]
    form = form[:form.index("</form>")]
    assert 'id="respond-offer" checked' in form and 'id="respond-refusal" checked' not in form
    assert '<option value="refund" selected>' in form and 'value="-5"' in form and 'value="先退一部分"' in form
    assert "我们愿意先退一部分款项。</textarea>" in form and 'value="发货单照片"' in form
    error = form[form.index('id="respond-remedies-error"'):]
    assert form.index('id="respond-remedies-error"') > form.index('id="respond-note-0"')
    assert error[error.index(">") + 1:error.index("</p>")] == bad_amount
    # Shown once: the next visit starts from a blank form.
    again = client.get(page_url).content.decode()
    assert "我们愿意先退一部分款项。" not in again and "respond-remedies-error" not in again


def test_a_refusal_without_reasons_keeps_the_choice_and_names_the_reasons_field(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    client = login(cast.merchant)
    page_url = reverse("complaints:merchant_case", args=[complaint.pk])
    client.post(reverse("complaints:merchant_respond", args=[complaint.pk]), {
        "kind": "refusal", "reasons": "", "next": page_url})
    page = client.get(page_url).content.decode()
    form = page[page.index('id="respond"'):page.index("</form>", page.index('id="respond"'))]
    assert 'id="respond-refusal" checked' in form and 'id="respond-offer" checked' not in form
    assert 'aria-describedby="respond-reasons-error"' in form
    assert form.index('id="respond-reasons-error"') > form.index('id="respond-reasons"')
    assert "respond-remedies-error" not in form and "respond-field-error" not in form
