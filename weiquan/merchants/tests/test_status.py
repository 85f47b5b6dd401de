from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from weiquan.merchants import services, workflow
from weiquan.merchants.events import verify_merchant_chain
from weiquan.merchants.models import (
    AppealState,
    MerchantEvent,
    MerchantStatus,
    Penalty,
    StatusChange,
    WebhookMessage,
)
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.services.status import status_changes_publish_pending
from weiquan.merchants.tests.helpers import approved_merchant

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_transition_table_shape():
    S = MerchantStatus
    assert workflow.find(type("M", (), {"status": S.ACTIVE})(), None, "restrict").target == S.RESTRICTED
    assert workflow.find(type("M", (), {"status": S.SUSPENDED})(), None, "warn").target is None
    with pytest.raises(workflow.TransitionNotAllowed) as info:
        workflow.find(type("M", (), {"status": S.EXITED})(), None, "reinstate")
    assert info.value.code == "illegal_transition"
    with pytest.raises(workflow.TransitionNotAllowed) as info:
        workflow.find(type("M", (), {"status": S.ACTIVE})(), None, "exit")  # the system never terminates
    assert info.value.code == "actor_not_allowed"
    assert workflow.status_after_lifting({"warning", "restriction"}) == S.RESTRICTED
    assert workflow.status_after_lifting(set()) == S.ACTIVE


def test_penalty_moves_status_records_event_change_and_webhook(cast):
    merchant, _user = approved_merchant(cast.compliance)
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="restriction",
                                      reason="多次销售不合格商品", rule_id="R-PLAT-38")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.RESTRICTED and not merchant.may_list and merchant.may_sell
    assert (merchant.status_reason, merchant.status_rule) == ("多次销售不合格商品", "R-PLAT-38")
    change = StatusChange.objects.get(penalty=penalty)
    assert (change.from_status, change.to_status, change.action, change.actor_id) == (
        "active", "restricted", "restrict", cast.compliance.pk)
    event = merchant.events.get(type="penalty_imposed")
    assert event.old == {"status": "active"} and event.new == {"status": "restricted"}
    assert event.rule_id == "R-PLAT-38" and event.actor_id == cast.compliance.pk
    message = WebhookMessage.objects.filter(topic="merchant.status_changed").latest("pk")
    assert message.payload["to"] == "restricted" and message.payload["may_list"] is False
    assert verify_merchant_chain(merchant) is None


def test_publication_deadline_is_one_working_day(cast, monkeypatch):
    merchant, _user = approved_merchant(cast.compliance)
    # Decided on Wednesday 2026-09-30, the eve of National Day (Oct 1-7 off): the first working day after it is
    # Thursday 2026-10-08.
    eve = datetime(2026, 9, 30, 16, 0, tzinfo=SH)
    monkeypatch.setattr(timezone, "now", lambda: eve)
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="商品描述与实物不符", rule_id="R-CPL28")
    change = StatusChange.objects.get(penalty=penalty)
    assert change.publish_due_at == datetime(2026, 10, 8, 23, 59, 59, tzinfo=SH)
    assert change.published_at is None  # the after-commit task publishes; here the sweep catches it
    assert status_changes_publish_pending() >= 1
    change.refresh_from_db()
    assert change.published_at == eve
    assert merchant.events.filter(type="status_published", data__status_change=change.pk).count() == 1
    assert status_changes_publish_pending() == 0  # once only


def test_lifting_falls_back_to_the_most_severe_measure_still_in_force(cast):
    merchant, _user = approved_merchant(cast.compliance)
    warning = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="价格标示不规范", rule_id="R-CPL28")
    suspension = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="suspension",
                                         reason="销售假冒商品", rule_id="R-PLAT-38")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.SUSPENDED and not merchant.may_sell
    services.penalty_lift(actor=cast.compliance, penalty_id=suspension.pk, reason="整改完成")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.WARNED
    services.penalty_lift(actor=cast.compliance, penalty_id=warning.pk, reason="警示期满")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE
    assert [c.action for c in StatusChange.objects.filter(merchant=merchant).order_by("at", "pk")] == [
        "approve", "warn", "suspend", "ease_to_warned", "reinstate"]
    assert verify_merchant_chain(merchant) is None


def test_a_second_warning_on_a_restricted_merchant_keeps_the_status_but_is_published(cast):
    merchant, _user = approved_merchant(cast.compliance)
    services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="restriction",
                            reason="资质核验未通过", rule_id="R-PLAT-VERIFY")
    warning = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="客服响应超时", rule_id="R-ECL59")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.RESTRICTED
    change = StatusChange.objects.get(penalty=warning)
    assert (change.from_status, change.to_status) == ("restricted", "restricted")


@pytest.mark.parametrize("who", ["merchant", "agent", "supervisor", "consumer", "platform"])
def test_only_compliance_penalises_and_a_refusal_changes_nothing(cast, who):
    merchant, _user = approved_merchant(cast.compliance)
    before = (merchant.events.count(), StatusChange.objects.count(), WebhookMessage.objects.count())
    with pytest.raises(GovernanceError) as info:
        services.penalty_impose(actor=getattr(cast, who), merchant_id=merchant.pk, kind="warning",
                                reason="随便处罚一下", rule_id="R-CPL28")
    assert info.value.status == 403
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE
    assert (merchant.events.count(), StatusChange.objects.count(), WebhookMessage.objects.count()) == before
    assert not Penalty.objects.filter(merchant=merchant).exists()


@pytest.mark.parametrize("rule_id", ["R-DOES-NOT-EXIST", "P-QUALITY-FAIL"])
def test_a_penalty_citing_a_rule_the_product_does_not_know_is_refused_and_changes_nothing(cast, rule_id):
    merchant, _user = approved_merchant(cast.compliance)
    before = (merchant.events.count(), StatusChange.objects.count(), WebhookMessage.objects.count())
    with pytest.raises(GovernanceError) as info:
        services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                reason="依据不明的处罚", rule_id=rule_id)
    assert (info.value.status, info.value.field, info.value.message) == (422, "rule_id", f"未知的规则：{rule_id}")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE
    assert (merchant.events.count(), StatusChange.objects.count(), WebhookMessage.objects.count()) == before
    assert not Penalty.objects.filter(merchant=merchant).exists()


def test_the_bases_of_fair_trading_and_platform_measures_are_titled_in_both_languages():
    from django.utils import translation

    from weiquan.rights.explain import rule_refs

    with translation.override("zh-hans"):
        assert rule_refs(["P-DEPOSIT-MINIMUM"])[0]["title"] == "保证金不得低于所属类目的最低额"
    with translation.override("en"):
        ref = rule_refs(["R-PIPL24-PRICE"])[0]
        assert (ref["title"], ref["article"]) == ("No unreasonable differences in price by automated decisions",
                                                  "Personal Information Protection Law Art. 24")


def test_the_system_cannot_impose_a_manual_penalty(cast):
    merchant, _user = approved_merchant(cast.compliance)
    with pytest.raises(GovernanceError):
        services.penalty_impose(actor=None, merchant_id=merchant.pk, kind="warning", reason="没有来源的处罚",
                                rule_id="R-CPL28")


def test_exit_keeps_identity_three_years_with_month_end_arithmetic(cast, monkeypatch):
    merchant, _user = approved_merchant(cast.compliance)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2024, 2, 29, 10, 0, tzinfo=SH))
    services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="termination",
                            reason="严重违规，终止服务", rule_id="R-PLAT-38")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.EXITED
    assert merchant.exited_on == date(2024, 2, 29)
    assert merchant.identity_retained_until == date(2027, 2, 28)  # R-CAL-MONTH
    with pytest.raises(GovernanceError) as info:
        services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                reason="已退出仍处罚", rule_id="R-CPL28")
    assert info.value.code == "illegal_transition"


def test_appeal_goes_to_a_different_reviewer_and_overturning_lifts(cast):
    merchant, user = approved_merchant(cast.compliance)
    second = type(cast.compliance).objects.create_user(username="compliance_b", password="x-pass-1234",
                                                       role="compliance")
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="restriction",
                                      reason="涉嫌刷单", rule_id="R-PLAT-38")
    with pytest.raises(GovernanceError) as info:
        services.penalty_appeal(actor=cast.other_merchant, penalty_id=penalty.pk, reasons="这不是我们的处罚")
    assert info.value.status == 404
    services.penalty_appeal(actor=user, penalty_id=penalty.pk, reasons="订单均为真实交易，附物流记录")
    with pytest.raises(GovernanceError) as info:
        services.penalty_decide_appeal(actor=cast.compliance, penalty_id=penalty.pk, outcome="overturned",
                                       answer="自己复核自己")
    assert info.value.code == "reviewer_made_decision"
    services.penalty_decide_appeal(actor=second, penalty_id=penalty.pk, outcome="overturned",
                                   answer="物流记录证明交易真实，撤销处罚")
    penalty.refresh_from_db()
    merchant.refresh_from_db()
    assert penalty.appeal_state == AppealState.OVERTURNED and not penalty.in_force
    assert merchant.status == MerchantStatus.ACTIVE
    with pytest.raises(GovernanceError) as info:
        services.penalty_appeal(actor=user, penalty_id=penalty.pk, reasons="再申诉一次")
    assert info.value.code == "appeal_already_used"


def test_short_term_measures_end_by_themselves(cast, monkeypatch):
    merchant, _user = approved_merchant(cast.compliance)
    today = timezone.localdate()
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="虚假发货", rule_id="R-ECL59", ends_on=today + timedelta(days=30))
    from weiquan.merchants.services.status import penalties_expire

    assert penalties_expire(on=today + timedelta(days=30)) == 0  # the last day is still in force
    assert penalties_expire(on=today + timedelta(days=31)) == 1
    penalty.refresh_from_db()
    merchant.refresh_from_db()
    assert penalty.lifted_at is not None and merchant.status == MerchantStatus.ACTIVE
    assert penalties_expire(on=today + timedelta(days=40)) == 0


def test_tampering_with_an_event_is_detected(cast):
    merchant, _user = approved_merchant(cast.compliance)
    assert verify_merchant_chain(merchant) is None
    event = merchant.events.order_by("seq")[1]
    MerchantEvent.objects.filter(pk=event.pk).update(data={"forged": True})
    problem = verify_merchant_chain(merchant)
    assert problem.seq == event.seq and problem.problem == "content was changed"


def test_deleting_the_newest_event_is_detected(cast):
    merchant, _user = approved_merchant(cast.compliance)
    merchant.events.order_by("-seq").first().delete()
    assert verify_merchant_chain(merchant).problem == "newest entries are missing (deleted?)"


def test_a_publication_deadline_refused_for_an_unloaded_year_is_dated_when_the_year_is_loaded(cast, monkeypatch):
    from django.contrib.auth import get_user_model

    from weiquan.core.calendar_notice import notice_check
    from weiquan.core.services import calendar_load_year

    merchant, _user = approved_merchant(cast.compliance)
    eve = datetime(2026, 12, 31, 16, 0, tzinfo=SH)  # New Year's Eve: the next working day is in 2027
    monkeypatch.setattr(timezone, "now", lambda: eve)
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="商品描述与实物不符", rule_id="R-CPL28")
    change = StatusChange.objects.get(penalty=penalty)
    assert change.publish_due_at is None
    operator = get_user_model().objects.create_superuser(username="ops", email="ops@example.com", password="x")
    # A made-up 2027 schedule: Fri Jan 1 off, Sat Jan 2 a make-up working day.
    loaded = calendar_load_year(actor=operator, notice=notice_check(
        year=2027, source="测试通知", rest_days=["2027-01-01"], work_days=["2027-01-02"]))
    assert loaded.rearmed["status_changes_fill_publish_due"] == 1
    change.refresh_from_db()
    assert change.publish_due_at == datetime(2027, 1, 2, 23, 59, 59, tzinfo=SH)
