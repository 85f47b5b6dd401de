from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from weiquan.merchants.models import MerchantStatus, Penalty, WebhookMessage
from weiquan.merchants.services import GovernanceError
from weiquan.quality import services
from weiquan.quality.models import BuyerNotice, Inspection, SpotCheckProgramme
from weiquan.testing.factories import file_complaint, make_order, make_user
from weiquan.testing.quality import put

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% lab report\n%%EOF\n"


def recent_order(consumer, merchant, *, days_ago: int, sku_price="199.00"):
    when = timezone.now() - timedelta(days=days_ago)
    return make_order(consumer=consumer, merchant=merchant, received_at=when, price=sku_price)


def running_programme(cast, listing, *, size=1):
    programme = services.programme_create(actor=cast.compliance, name="2026年第一季度服装抽检", sample_size=size,
                                          categories=["apparel"], lab="国家纺织品质量监督检验中心")
    services.programme_sample(actor=cast.compliance, programme_id=programme.pk, seed=1)
    inspections = list(programme.inspections.all())
    for other in inspections:
        if other.listing_id != listing.pk:
            services.inspection_drop(actor=cast.compliance, inspection_id=other.pk, reason="本轮不检")
    assert programme.inspections.filter(listing=listing).exists()
    services.programme_start(actor=cast.compliance, programme_id=programme.pk)
    return programme, programme.inspections.get(listing=listing)


def test_sample_weights_follow_complaints_and_explain_each_pick(cast):
    risky = put(cast.platform, "L-R", cast.shop, sku="SKU-1").listing
    calm = put(cast.platform, "L-C", cast.other_shop, sku="SKU-1").listing
    for _ in range(3):
        order = recent_order(cast.consumer, cast.shop, days_ago=10)
        file_complaint(consumer=cast.consumer, order=order, category="quality")
    for _ in range(3):
        recent_order(cast.other_consumer, cast.other_shop, days_ago=10)
    programme = services.programme_create(actor=cast.compliance, name="抽检", sample_size=2, categories=["apparel"])
    picks = {i.listing_id: i for i in services.programme_sample(actor=cast.compliance, programme_id=programme.pk,
                                                                seed=3)}
    assert set(picks) == {risky.pk, calm.pk}
    assert picks[risky.pk].explanation["listing"] == {"complaints": 3, "orders": 3, "rate": 1.0}
    assert picks[calm.pk].explanation["listing"] == {"complaints": 0, "orders": 3, "rate": 0.0}
    assert picks[risky.pk].weight > 5 * picks[calm.pk].weight > 0
    assert {i.pick_method for i in picks.values()} == {"weighted", "random"}


def test_only_compliance_runs_programmes(cast):
    for who in ("agent", "merchant", "supervisor"):
        with pytest.raises(GovernanceError):
            services.programme_create(actor=getattr(cast, who), name="x", sample_size=1)
    assert not SpotCheckProgramme.objects.exists()
    with pytest.raises(GovernanceError) as info:
        services.programme_create(actor=cast.compliance, name="x", sample_size=1, random_share=Decimal("0"))
    assert info.value.field == "random_share"


def test_a_failed_inspection_delists_penalises_publishes_and_notifies_recent_buyers(
        cast, django_capture_on_commit_callbacks):
    listing = put(cast.platform, "L-F", cast.shop, sku="SKU-1", title="儿童羽绒服").listing
    buyer_a = recent_order(cast.consumer, cast.shop, days_ago=3)           # within 7 days of receipt
    buyer_b = recent_order(cast.other_consumer, cast.shop, days_ago=40)    # within 90 days
    make_user("consumer", username="old_buyer")
    from weiquan.accounts.models import User
    old = recent_order(User.objects.get(username="old_buyer"), cast.shop, days_ago=120)  # outside 90 days
    other_product = make_order(consumer=cast.consumer, merchant=cast.other_shop,
                               received_at=timezone.now() - timedelta(days=5))
    programme, inspection = running_programme(cast, listing)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.inspection_record_result(
            actor=cast.compliance, inspection_id=inspection.pk, passed=False, severity="major",
            defects="绒子含量实测 52%，标称 90%", inspected_on=timezone.localdate(), report_name="report.pdf",
            report=PDF)

    inspection.refresh_from_db()
    listing.refresh_from_db()
    assert inspection.state == "failed" and inspection.published_at is not None
    assert listing.state == "delisted" and listing.delist_reason.startswith("抽检不合格")
    message = WebhookMessage.objects.get(topic="listing.delisted")
    assert message.payload["listing"] == "L-F" and message.payload["source"] == f"inspection:{inspection.pk}"
    penalty = Penalty.objects.get(merchant=cast.shop)
    assert (penalty.kind, penalty.source, penalty.rule_id) == ("restriction", "spot_check", "R-PQL40")
    assert penalty.ends_on == timezone.localdate() + timedelta(days=30)
    cast.shop.refresh_from_db()
    assert cast.shop.status == MerchantStatus.RESTRICTED
    assert inspection.consequences == {"delisted": True, "penalty": penalty.pk, "policy_action": "restriction",
                                       "buyers_notified": 2}

    notices = {n.order_id: n for n in BuyerNotice.objects.all()}
    assert set(notices) == {buyer_a.pk, buyer_b.pk}
    assert old.pk not in notices and other_product.pk not in notices
    recent = notices[buyer_a.pk]
    assert recent.remedies == ["return", "exchange", "repair"]  # found within 7 days of receipt
    # The buyer reads the law by name and article; the rule ID stays in the record only.
    assert "R-CPL24-QUALITY" in recent.rule_ids and "消费者权益保护法第24条" in recent.text
    assert "R-" not in recent.text
    assert "儿童羽绒服" in recent.text and buyer_a.order_no in recent.text
    assert notices[buyer_b.pk].remedies == ["exchange", "repair"]
    buyer_mail = [m.to[0] for m in mail.outbox if m.subject == "您购买的商品抽检不合格"]
    assert not any("R-" in m.body for m in mail.outbox if m.subject == "您购买的商品抽检不合格")
    assert sorted(buyer_mail) == sorted([cast.consumer.email, cast.other_consumer.email])
    assert [m.to for m in mail.outbox if m.subject != "您购买的商品抽检不合格"] == [[cast.merchant.email]]
    events = list(cast.shop.events.values_list("type", flat=True))
    assert {"listing_delisted", "penalty_imposed", "inspection_failed"} <= set(events)

    # Running the notification again tells nobody twice.
    assert services.buyers_notify(inspection_id=inspection.pk) == 0
    assert BuyerNotice.objects.count() == 2


def test_a_pass_changes_nothing_for_the_merchant(cast):
    listing = put(cast.platform, "L-P", cast.shop, sku="SKU-1").listing
    recent_order(cast.consumer, cast.shop, days_ago=3)
    _programme, inspection = running_programme(cast, listing)
    services.inspection_record_result(actor=cast.compliance, inspection_id=inspection.pk, passed=True,
                                      inspected_on=timezone.localdate(), report_name="ok.pdf", report=PDF)
    listing.refresh_from_db()
    cast.shop.refresh_from_db()
    assert listing.state == "active" and cast.shop.status == "active"
    assert not BuyerNotice.objects.exists() and not Penalty.objects.exists()
    assert Inspection.objects.get(pk=inspection.pk).programme.state == "closed"


def test_a_result_is_recorded_once_and_needs_a_real_report(cast):
    listing = put(cast.platform, "L-X", cast.shop, sku="SKU-1").listing
    _programme, inspection = running_programme(cast, listing)
    with pytest.raises(GovernanceError) as info:
        services.inspection_record_result(actor=cast.compliance, inspection_id=inspection.pk, passed=False,
                                          severity="minor", defects="标签缺失", inspected_on=timezone.localdate(),
                                          report_name="report.pdf", report=b"not a pdf")
    assert info.value.code == "file_type"
    with pytest.raises(GovernanceError) as info:
        services.inspection_record_result(actor=cast.agent, inspection_id=inspection.pk, passed=True,
                                          inspected_on=timezone.localdate(), report_name="r.pdf", report=PDF)
    assert info.value.status == 403
    services.inspection_record_result(actor=cast.compliance, inspection_id=inspection.pk, passed=False,
                                      severity="minor", defects="洗涤标签缺失", inspected_on=timezone.localdate(),
                                      report_name="r.pdf", report=PDF)
    with pytest.raises(GovernanceError) as info:
        services.inspection_record_result(actor=cast.compliance, inspection_id=inspection.pk, passed=True,
                                          inspected_on=timezone.localdate(), report_name="r.pdf", report=PDF)
    assert info.value.code == "not_sent"
    cast.shop.refresh_from_db()
    assert cast.shop.status == MerchantStatus.WARNED  # minor -> warning per the default policy
