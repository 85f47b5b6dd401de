"""The merchant's portal: only its own cases, the inbox by deadline with its counts, the case page (masked contact,
answer with remedies or a reasoned refusal with evidence, execution, appeal), its monthly figures, and the security
rules (escaping, CSRF, staff notes never shown)."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from weiquan.complaints.models import Complaint, Evidence, MerchantResponse, Remedy, SlaBreach, Status
from weiquan.complaints.selectors_stats import merchant_performance, performance_totals
from weiquan.complaints.services import evidence_add, message_post
from weiquan.testing.cases import (  # noqa: F401
    PNG,
    SH,
    act,
    clock_fixture,
    drive_to,
    fast_passwords,
    login,
    media_in_tmp,
    new_case,
    refs,
    snapshot,
)
from weiquan.testing.factories import file_complaint, make_order

INBOX = "complaints:merchant_inbox"
XSS = "<script>alert('x')</script>"


def case_url(complaint) -> str:
    return reverse("complaints:merchant_case", args=[complaint.pk])


def inbox(client, **params):
    response = client.get(reverse(INBOX), params)
    assert response.status_code == 200
    return response


# -- who reaches what ----------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("page", [INBOX, "complaints:merchant_performance"])
@pytest.mark.parametrize("role,status", [
    ("merchant", 200), ("other_merchant", 200), ("consumer", 403), ("agent", 403), ("supervisor", 403),
])
def test_merchant_pages_only_for_merchant_staff(cast, page, role, status):
    assert login(getattr(cast, role)).get(reverse(page)).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("page", [INBOX, "complaints:merchant_performance"])
def test_anonymous_visitors_are_sent_to_log_in(page):
    response = Client().get(reverse(page))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [
    ("merchant", 200), ("other_merchant", 404), ("consumer", 403), ("agent", 403),
])
def test_case_page_is_the_own_stores_only(cast, clock, role, status):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    assert login(getattr(cast, role)).get(case_url(complaint)).status_code == status


@pytest.mark.django_db
def test_another_stores_case_cannot_be_answered(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    before = snapshot(complaint.pk)
    response = login(cast.other_merchant).post(reverse("complaints:merchant_respond", args=[complaint.pk]), {
        "kind": "offer", "remedy_kind": ["refund"], "remedy_amount": ["1.00"], "remedy_note": [""]})
    assert response.status_code == 404
    assert snapshot(complaint.pk) == before


# -- the inbox -----------------------------------------------------------------------------------------------------

@pytest.fixture
def shop_cases(cast, clock):
    """Filed Wed 2026-03-04 09:30: answers owed by Fri 03-06 23:59:59."""
    first = drive_to(Status.AWAITING_MERCHANT, cast)
    clock.advance(days=1)
    second = drive_to(Status.AWAITING_MERCHANT, cast)          # owed by Mon 03-09 23:59:59
    answered = drive_to(Status.MERCHANT_RESPONDED, cast)       # the consumer's move
    done = drive_to(Status.WITHDRAWN, cast)
    elsewhere = new_case(cast, merchant=cast.other_shop)
    act(cast.agent, elsewhere, "accept")
    return {"first": first, "second": second, "answered": answered, "done": done, "elsewhere": elsewhere}


@pytest.mark.django_db
def test_inbox_lists_own_cases_by_deadline_with_counts(cast, shop_cases, clock):
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=SH))  # the first answer is due today
    response = inbox(login(cast.merchant))
    c = shop_cases
    assert refs(response) == [c["first"].reference, c["second"].reference, c["answered"].reference]
    counts = response.context["work"].counts
    assert (counts["overdue"], counts["due_today"], counts["awaiting_response"], counts["open"]) == (0, 1, 2, 3)
    assert (counts["todo"], counts["closed"], counts["all"]) == (2, 1, 4)
    rows = {row.pk: row for row in response.context["work"].rows}
    assert rows[c["first"].pk].bucket == "today" and rows[c["first"].pk].merchant_owes
    assert not rows[c["answered"].pk].merchant_owes
    assert b'class="row-today"' in response.content
    assert c["elsewhere"].reference not in response.content.decode()


@pytest.mark.django_db
def test_inbox_highlights_overdue_answers(cast, shop_cases, clock):
    clock.set(datetime(2026, 3, 7, 9, 0, tzinfo=SH))
    response = inbox(login(cast.merchant))
    counts = response.context["work"].counts
    assert (counts["overdue"], counts["due_today"]) == (1, 0)
    assert b'class="row-overdue"' in response.content


@pytest.mark.django_db
def test_inbox_views_and_filters(cast, shop_cases):
    client = login(cast.merchant)
    c = shop_cases
    assert refs(inbox(client, view="todo")) == [c["first"].reference, c["second"].reference]
    assert refs(inbox(client, view="closed")) == [c["done"].reference]
    assert len(refs(inbox(client, view="all"))) == 4
    assert refs(inbox(client, view="open", status="merchant_responded")) == [c["answered"].reference]
    assert refs(inbox(client, view="all", q="外套")) == [c[n].reference for n in ("first", "second", "answered")] + \
        [c["done"].reference]
    assert refs(inbox(client, view="all", category="price")) == []
    assert refs(inbox(client, view="bogus")) == refs(inbox(client, view="open"))


@pytest.mark.django_db
def test_other_store_sees_only_its_own(cast, shop_cases):
    response = inbox(login(cast.other_merchant), view="all")
    assert refs(response) == [shop_cases["elsewhere"].reference]


@pytest.mark.django_db
def test_inbox_query_count_is_flat_in_rows_shown(cast, clock):
    client = login(cast.merchant)

    def count(view):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(INBOX), {"view": view})
        return len(captured), len(response.context["work"].rows)

    for _ in range(3):
        drive_to(Status.AWAITING_MERCHANT, cast)
    few = {view: count(view) for view in ("open", "todo", "all")}
    for _ in range(27):
        drive_to(Status.AWAITING_MERCHANT, cast)
    many = {view: count(view) for view in ("open", "todo", "all")}
    assert {v: n for v, (n, _rows) in few.items()} == {v: n for v, (n, _rows) in many.items()}
    assert [rows for _n, rows in few.values()] == [3, 3, 3] and [rows for _n, rows in many.values()] == [30, 30, 30]


# -- the case page -------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_case_page_shows_the_claim_order_and_masked_contact(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    response = login(cast.merchant).get(case_url(complaint))
    html = response.content.decode()
    assert response.context["contact"]["masked"] is True
    assert "138****1234" in html and "13812341234" not in html
    assert "张*" in html and "张三" not in html
    assert "世纪大道" not in html
    assert complaint.description in html and complaint.order.order_no in html
    assert "商品1" in html and "商品2" in html and "¥299.00" in html
    assert response.context["can_respond"] is True
    assert "respond" not in response.context["case"]["allowed_actions"]  # answered by the page's own form


@pytest.mark.django_db
def test_case_page_without_an_assessment_says_so(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    Complaint.objects.filter(pk=complaint.pk).update(rights_facts=None, rights_assessment=None, rights_assessment_meta={})
    response = login(cast.merchant).get(case_url(complaint))
    assert response.status_code == 200 and b'id="case-assessment"' in response.content


def respond(client, complaint, **fields):
    data = {"kind": "offer", "remedy_kind": ["", "", ""], "remedy_amount": ["", "", ""], "remedy_note": ["", "", ""],
            "reasons": "", "next": case_url(complaint)}
    data.update(fields)
    return client.post(reverse("complaints:merchant_respond", args=[complaint.pk]), data, follow=True)


@pytest.mark.django_db
def test_offer_with_several_remedies(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    response = respond(login(cast.merchant), complaint, remedy_kind=["refund", "compensation", ""],
                       remedy_amount=["299.00", "¥1,000.00", ""], remedy_note=["全额退款", "补偿运费", ""],
                       reasons="同意退货退款并补偿。")
    assert response.redirect_chain[-1][0] == case_url(complaint)
    complaint.refresh_from_db()
    assert complaint.status == Status.MERCHANT_RESPONDED
    offer = complaint.responses.get()
    assert (offer.kind, offer.reasons, offer.responder_id) == ("offer", "同意退货退款并补偿。", cast.merchant.pk)
    assert [(r.kind, r.amount, r.note, r.state) for r in offer.remedies.order_by("id")] == [
        ("refund", Decimal("299.00"), "全额退款", "proposed"), ("compensation", Decimal("1000.00"), "补偿运费", "proposed")]
    assert complaint.first_response_on_time is True


@pytest.mark.django_db
def test_reasoned_refusal_with_evidence_in_one_go(cast, clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    files = [SimpleUploadedFile("签收照片.png", PNG, "image/png"), SimpleUploadedFile("聊天记录.txt", "已告知".encode())]
    respond(login(cast.merchant), complaint, kind="refusal", reasons="商品已超过七天且吊牌已剪。",
            remedy_kind=["refund", "", ""], remedy_amount=["10", "", ""], file=files, description="发货前照片")
    complaint.refresh_from_db()
    refusal = complaint.responses.get()
    assert (refusal.kind, refusal.reasons) == ("refusal", "商品已超过七天且吊牌已剪。")
    assert not refusal.remedies.exists()  # rows left on the form do not belong to a refusal
    evidence = list(Evidence.objects.filter(complaint=complaint).order_by("id"))
    assert [(e.original_name, e.uploader_party, e.description, e.staff_only) for e in evidence] == [
        ("签收照片.png", "merchant", "发货前照片", False), ("聊天记录.txt", "merchant", "发货前照片", False)]


@pytest.mark.django_db
@pytest.mark.parametrize("fields", [
    {"kind": "refusal", "reasons": ""},                                         # a refusal needs its reasons
    {"kind": "offer"},                                                          # an offer needs a remedy
    {"kind": "offer", "remedy_kind": ["refund"], "remedy_amount": ["-5"], "remedy_note": [""]},
    {"kind": "maybe"},
])
def test_refused_answers_change_nothing(cast, clock, fields):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    before = snapshot(complaint.pk)
    response = respond(login(cast.merchant), complaint, **fields)
    assert snapshot(complaint.pk) == before
    assert any("答复未提交" in str(m) for m in response.context["messages"])


@pytest.mark.django_db
def test_a_bad_file_withdraws_the_whole_answer(cast, clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    before = snapshot(complaint.pk)
    files = [SimpleUploadedFile("ok.png", PNG), SimpleUploadedFile("run.exe", b"MZ\x90\x00")]
    response = respond(login(cast.merchant), complaint, kind="refusal", reasons="商品已超过七天且吊牌已剪。", file=files)
    assert snapshot(complaint.pk) == before
    assert any("run.exe" in str(m) for m in response.context["messages"])


@pytest.mark.django_db
def test_record_execution_with_the_reference_the_remedy_needs(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)  # a refund of ¥299.00 ordered
    remedy = complaint.remedies.get(state=Remedy.State.ORDERED)
    response = login(cast.merchant).get(case_url(complaint))
    assert response.context["can_confirm"] is True
    assert "退款流水号" in response.content.decode()
    login(cast.merchant).post(reverse("complaints:case_act", args=[complaint.pk, "confirm_remedy"]),
                              {"remedy_id": remedy.pk, "reference": "WX-REFUND-0001", "next": case_url(complaint)})
    remedy.refresh_from_db()
    assert (remedy.state, remedy.execution_reference, remedy.executed_by_id) == (
        Remedy.State.EXECUTED, "WX-REFUND-0001", cast.merchant.pk)


@pytest.mark.django_db
def test_appeal_a_decision_within_the_window_only(cast, clock):
    complaint = drive_to(Status.DECIDED, cast)
    page = login(cast.merchant).get(case_url(complaint))
    assert "appeal" in page.context["case"]["allowed_actions"] and b'data-action="appeal"' in page.content
    clock.set(complaint.deadline + timedelta(seconds=1))
    late = login(cast.merchant).get(case_url(complaint))
    assert "appeal" not in late.context["case"]["allowed_actions"]
    before = snapshot(complaint.pk)
    login(cast.merchant).post(reverse("complaints:case_act", args=[complaint.pk, "appeal"]),
                              {"reasons": "裁决金额过高，商品有使用痕迹。"})
    assert snapshot(complaint.pk) == before
    clock.set(complaint.deadline - timedelta(hours=1))
    login(cast.merchant).post(reverse("complaints:case_act", args=[complaint.pk, "appeal"]),
                              {"reasons": "裁决金额过高，商品有使用痕迹。"})
    complaint.refresh_from_db()
    assert complaint.status == Status.APPEALED and complaint.appeal.appellant_party == "merchant"


@pytest.mark.django_db
def test_staff_notes_never_reach_the_merchant_page(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="内部备注：该店有多次类似投诉", staff_only=True)
    evidence_add(actor=cast.agent, complaint_id=complaint.pk, name="内部调查.png", content=PNG, staff_only=True)
    message_post(actor=cast.consumer, complaint_id=complaint.pk, body="请尽快处理")
    html = login(cast.merchant).get(case_url(complaint)).content.decode()
    assert "请尽快处理" in html
    assert "内部备注：该店有多次类似投诉" not in html and "内部调查.png" not in html


@pytest.mark.django_db
def test_script_payloads_are_escaped_in_the_merchant_portal(cast, clock):
    complaint = new_case(cast, title=XSS, description=f"描述{XSS}")
    act(cast.agent, complaint, "accept")
    evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="<img src=x onerror=alert(1)>.png", content=PNG)
    message_post(actor=cast.consumer, complaint_id=complaint.pk, body=XSS)
    client = login(cast.merchant)
    for response in (client.get(reverse(INBOX)), client.get(reverse(INBOX), {"q": XSS}), client.get(case_url(complaint))):
        html = response.content.decode()
        assert XSS not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.png" in client.get(case_url(complaint)).content.decode()


@pytest.mark.django_db
def test_merchant_forms_need_the_csrf_token(cast, clock):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    before = snapshot(complaint.pk)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.merchant)
    response = strict.post(reverse("complaints:merchant_respond", args=[complaint.pk]),
                           {"kind": "refusal", "reasons": "没有问题的商品。"})
    assert response.status_code == 403
    assert snapshot(complaint.pk) == before
    page = strict.get(case_url(complaint)).content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= page.count('method="post"') > 0


# -- performance ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_performance_by_month(cast, clock):
    """March 2026: 4 orders, 2 complaints; one answered on time, one never answered (escalated by the sweep)."""
    from weiquan.complaints.services import sla_sweep

    march = datetime(2026, 3, 4, 8, 0, tzinfo=SH)  # signed for on 03-04, ordered on 03-01
    orders = [make_order(consumer=cast.consumer, merchant=cast.shop, received_at=march) for _ in range(4)]
    answered = file_complaint(consumer=cast.consumer, order=orders[0])
    silent = file_complaint(consumer=cast.consumer, order=orders[1])
    file_complaint(consumer=cast.other_consumer, order=make_order(consumer=cast.other_consumer,
                                                                 merchant=cast.other_shop, received_at=march))
    for complaint in (answered, silent):
        act(cast.agent, complaint, "accept")
    act(cast.merchant, answered, "respond", kind="offer", remedies=[{"kind": "refund", "amount": "299.00"}])
    act(cast.consumer, answered, "accept_offer")
    act(cast.consumer, answered, "rate", score=4)
    clock.set(Complaint.objects.get(pk=silent.pk).deadline + timedelta(minutes=1))
    sla_sweep()
    assert SlaBreach.objects.filter(complaint=silent, phase="merchant_response").exists()

    months = merchant_performance(cast.merchant, months=3)
    assert [m.month.isoformat() for m in months] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    march_row = months[-1]
    assert (march_row.orders, march_row.complaints, march_row.per_thousand_orders) == (4, 2, Decimal("500.00"))
    assert (march_row.responded_on_time, march_row.response_due, march_row.on_time_rate) == (1, 2, Decimal("50.0"))
    assert (march_row.resolved, march_row.resolution_rate) == (1, Decimal("50.0"))
    assert (march_row.rated, march_row.average_rating) == (1, Decimal("4.00"))
    assert months[0].per_thousand_orders is None and months[0].on_time_rate is None
    totals = performance_totals(months)
    assert (totals.orders, totals.complaints, totals.on_time_rate) == (4, 2, Decimal("50.0"))

    response = login(cast.merchant).get(reverse("complaints:merchant_performance"), {})
    assert response.status_code == 200
    other = merchant_performance(cast.other_merchant, months=1)
    assert (other[0].complaints, other[0].orders) == (1, 1)
    assert merchant_performance(cast.merchant, merchant_id=cast.other_shop.pk, months=1)[0].complaints == 2


@pytest.mark.django_db
def test_performance_is_not_computed_for_people_without_a_store(cast):
    assert merchant_performance(cast.consumer) == []
    assert merchant_performance(cast.agent) == []
    assert MerchantResponse.objects.count() == 0
