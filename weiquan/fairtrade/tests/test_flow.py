"""From detection to decision: the sweep raises a flag, the officer asks, the merchant explains, the officer closes
it or imposes a measure through merchant governance; merchants see only their own flags, and only once asked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from weiquan.fairtrade import selectors, services
from weiquan.fairtrade.models import FairTradeEvent, Flag
from weiquan.fairtrade.tests.builders import T0, Cast, fake_campaign, honest_history, listing, order, review
from weiquan.merchants.models import Penalty, StatusChange

pytestmark = pytest.mark.django_db
NOW = T0 + timedelta(days=62)


@pytest.fixture
def cast():
    return Cast()


def sweep():
    return services.fair_trading_sweep(now=NOW)


def test_a_planted_campaign_is_flagged_with_its_signals_and_rows(cast):
    honest_history(cast)
    fake_campaign(cast)
    report = sweep()
    assert dict(report.raised) == {"fake_reviews": 1}
    flag = Flag.objects.get()
    assert (flag.kind, flag.merchant_id, flag.listing_id, flag.state, flag.rule_id) == (
        "fake_reviews", cast.shop.pk, cast.listing.pk, "open", "R-ECL17-FAKE")
    assert sorted(flag.rows) == [f"F{i}" for i in range(8)]
    codes = {s["code"]: s["count"] for s in flag.signals}
    assert codes == {"no_delivered_order": 8, "fresh_account": 8, "shared_device": 8, "near_duplicate_text": 8}
    assert flag.figures["suspect_reviews"] == 8
    # A second sweep changes nothing.
    again = sweep()
    assert (dict(again.raised), again.refreshed, Flag.objects.count()) == ({}, 0, 1)
    assert FairTradeEvent.objects.filter(type="flag_raised").count() == 1


def test_honest_reviews_raise_nothing(cast):
    honest_history(cast, n=20)
    assert dict(sweep().raised) == {}


@pytest.fixture
def flagged(cast):
    honest_history(cast)
    fake_campaign(cast)
    sweep()
    return Flag.objects.get()


def test_merchants_see_a_flag_only_once_asked_and_only_their_own(cast, flagged):
    assert not selectors.flags_visible_to(cast.merchant).exists()
    assert selectors.flags_visible_to(cast.officer).count() == 1
    for outsider in (cast.consumer, cast.other_merchant):
        assert not selectors.flags_visible_to(outsider).exists()
    services.flag_request_explanation(actor=cast.officer, flag_id=flagged.pk, message="请说明这批好评的来源。")
    assert list(selectors.flags_visible_to(cast.merchant)) == [flagged]
    assert not selectors.flags_visible_to(cast.other_merchant).exists()
    with pytest.raises(services.FairTradeError) as refused:
        services.flag_explain(actor=cast.other_merchant, flag_id=flagged.pk, explanation="不是我们的。")
    assert refused.value.status == 404
    assert Flag.objects.get().explanation == ""


def test_only_officers_decide_and_a_measure_needs_the_merchant_asked(cast, flagged):
    for actor in (cast.merchant, cast.consumer, cast.agent):
        with pytest.raises(services.FairTradeError):
            services.flag_request_explanation(actor=actor, flag_id=flagged.pk, message="请说明情况。")
    with pytest.raises(services.FairTradeError) as early:
        services.flag_penalise(actor=cast.officer, flag_id=flagged.pk, kind="warning", reason="虚构交易、编造评价。")
    assert early.value.status == 409
    assert (Flag.objects.get().state, Penalty.objects.count()) == ("open", 0)


def test_the_penalty_path(cast, flagged, django_capture_on_commit_callbacks):
    before = selectors.listing_rating(cast.listing.pk)
    assert before["excluded_fake"] == 0 and before["reviews"] == 18
    services.flag_request_explanation(actor=cast.officer, flag_id=flagged.pk, message="请说明这批好评的来源。")
    services.flag_explain(actor=cast.merchant, flag_id=flagged.pk, explanation="这些是老客户的真实评价。")
    with django_capture_on_commit_callbacks(execute=True):
        flag = services.flag_penalise(actor=cast.officer, flag_id=flagged.pk, kind="restriction",
                                      reason="组织虚构交易并编造好评。")
    assert flag.state == "penalised"
    penalty = Penalty.objects.get()
    assert (penalty.merchant_id, penalty.kind, penalty.rule_id, penalty.source_ref) == (
        cast.shop.pk, "restriction", "R-ECL17-FAKE", f"fair_trading_flag:{flag.pk}")
    change = StatusChange.objects.get(penalty=penalty)
    assert change.published_at is not None  # published like every penalty
    cast.shop.refresh_from_db()
    assert cast.shop.status == "restricted"
    after = selectors.listing_rating(cast.listing.pk)
    assert (after["reviews"], after["excluded_fake"]) == (10, 8)
    assert after["rating"] == 4.5
    assert list(FairTradeEvent.objects.filter(flag=flag).values_list("type", flat=True)) == [
        "flag_raised", "explanation_requested", "explained", "penalised", "reviews_marked_fake"]
    # Judged rows never raise a flag again.
    assert dict(sweep().raised) == {}


def test_closing_as_unfounded(cast, flagged):
    services.flag_close_unfounded(actor=cast.officer, flag_id=flagged.pk, note="均为真实促销期间的评价。")
    assert (Flag.objects.get().state, Penalty.objects.count()) == ("unfounded", 0)
    assert selectors.listing_rating(cast.listing.pk)["excluded_fake"] == 0
    assert dict(sweep().raised) == {}


def test_cases_for_overcharged_buyers(cast):
    for i, price in enumerate(["100.00", "130.00", "100.00", "125.00", "100.00", "140.00"]):
        order(cast, cast.shop, f"p{i}", placed_at=T0 + timedelta(days=40, minutes=5 * i), price=price)
    sweep()
    flag = Flag.objects.get(kind="personalised_price")
    assert flag.figures["buyers_affected"] == 3
    assert Decimal(flag.figures["overcharge_total"]) == Decimal("95.00")
    opened = services.flag_open_cases(actor=cast.officer, flag_id=flag.pk)
    assert len(opened) == 3
    assert services.flag_open_cases(actor=cast.officer, flag_id=flag.pk) == []  # never twice
    from weiquan.complaints.models import Complaint
    cases = Complaint.objects.filter(external_ref__startswith=f"fair_trading:{flag.pk}:")
    assert sorted(str(c.amount_claimed) for c in cases) == ["25.00", "30.00", "40.00"]
    assert {c.category for c in cases} == {"price"}
    from weiquan.notifications.models import Notification
    told = Notification.objects.filter(kind="fair_trading_case")
    assert sorted(n.recipient.external_id for n in told) == ["p1", "p3", "p5"]  # told, and may withdraw


def test_pages(cast, flagged):
    officer, merchant = Client(), Client()
    officer.force_login(cast.officer)
    merchant.force_login(cast.merchant)
    assert officer.get("/fair-trading/console/").status_code == 200
    page = officer.get(f"/fair-trading/console/flags/{flagged.pk}/")
    assert page.status_code == 200 and "F3" in page.content.decode()
    assert merchant.get(f"/fair-trading/portal/flags/{flagged.pk}/").status_code == 404
    assert merchant.get("/fair-trading/console/").status_code == 403
    asked = officer.post(f"/fair-trading/console/flags/{flagged.pk}/request/", {"message": "请说明这批好评的来源。"})
    assert asked.status_code == 302 and Flag.objects.get().state == "explanation_requested"
    assert merchant.get("/fair-trading/portal/").status_code == 200
    answered = merchant.post(f"/fair-trading/portal/flags/{flagged.pk}/", {"explanation": "这是老客户的评价。"})
    assert answered.status_code == 302 and Flag.objects.get().state == "explained"
    assert officer.get("/fair-trading/console/reports/").status_code == 200


def test_reports_from_the_public_form_join_the_flag(cast, flagged):
    public = Client()
    sent = public.post("/fair-trading/report/", {"listing": "L-1", "kind": "fake_reviews",
                                                 "description": "好评全是一个模板。"})
    assert sent.status_code == 200
    bad = public.post("/fair-trading/report/", {"listing": "nope", "kind": "fake_reviews",
                                                "description": "好评全是一个模板。"})
    assert bad.status_code == 422
    report = sweep()
    assert report.reports_linked == 1
    assert flagged.reports.count() == 1


def test_other_listing_rows_for_reference(cast):
    listing(cast, cast.shop, "L-2", "SKU-2")
    review(cast, "X1", listing_id="L-2", rating=1, text="差", state="deleted", deleted_by="merchant")
    review(cast, "X2", listing_id="L-2", rating=2, text="一般", state="deleted", deleted_by="consumer")
    review(cast, "X3", listing_id="L-2", rating=1, text="违规", state="deleted", deleted_by="platform_moderation",
           deletion_reason="illegal_content")
    sweep()
    flag = Flag.objects.get(kind="review_deletion")
    assert flag.rows == ["X1"] and flag.signals == [{"code": "deleted_by_merchant", "count": 1, "rows": ["X1"]}]


def test_the_sweep_command_and_task(cast, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    from weiquan.fairtrade.tasks import fair_trading_sweep_task

    honest_history(cast)
    out = StringIO()
    call_command("fair-trading-sweep", stdout=out)
    assert out.getvalue().startswith("read ") and "flags raised: none; refreshed: 0" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):  # in-process mode: the outbox runs it after commit
        result = fair_trading_sweep_task.enqueue()
    assert result.queue == "default" and result.state == "done"
    assert result.return_value["raised"] == {} and result.return_value["reviews"] >= 1
