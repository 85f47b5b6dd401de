from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from weiquan.complaints.models import Remedy
from weiquan.merchants import services
from weiquan.merchants.events import verify_merchant_chain
from weiquan.merchants.models import DepositEntry, GovernanceNotice, MerchantStatus, Penalty
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.tests.cases import overdue_remedy, trading_shop

pytestmark = pytest.mark.django_db


def test_ledger_is_append_only_arithmetic_in_decimal(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="2000.00", reference="BANK-7")
    services.deposit_hold(actor=cast.compliance, merchant_id=shop.pk, amount="300.10", note="争议冻结")
    services.deposit_release(actor=cast.compliance, merchant_id=shop.pk, amount="100.05", note="部分解冻")
    entries = list(DepositEntry.objects.filter(merchant=shop).order_by("seq").values_list(
        "seq", "kind", "amount", "balance_after", "held_after"))
    assert entries == [
        (1, "top_up", Decimal("2000.00"), Decimal("2000.00"), Decimal("0.00")),
        (2, "hold", Decimal("300.10"), Decimal("2000.00"), Decimal("300.10")),
        (3, "release", Decimal("100.05"), Decimal("2000.00"), Decimal("200.05")),
    ]
    shop.deposit.refresh_from_db()
    assert shop.deposit.available == Decimal("1799.95")
    assert [e.type for e in shop.events.order_by("seq")] == ["deposit_top_up", "deposit_hold", "deposit_release"]
    assert verify_merchant_chain(shop) is None


def test_amounts_are_checked(cast):
    shop = trading_shop(cast.shop)
    for bad in ("0", "-5", "abc", "100000000.01", 1.5):  # a float is refused: money is never float
        with pytest.raises(GovernanceError) as info:
            services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount=bad)
        assert info.value.code == "invalid_amount"
    with pytest.raises(GovernanceError) as info:
        services.deposit_release(actor=cast.compliance, merchant_id=shop.pk, amount="1.00", note="无冻结")
    assert info.value.code == "invalid_amount"
    assert not DepositEntry.objects.filter(merchant=shop).exists()


@pytest.mark.parametrize("who", ["merchant", "other_merchant", "consumer", "agent"])
def test_who_may_record_a_top_up(cast, who):
    shop = trading_shop(cast.shop)
    with pytest.raises(GovernanceError) as info:
        services.deposit_top_up(actor=getattr(cast, who), merchant_id=shop.pk, amount="10.00")
    assert info.value.status == 403
    assert not DepositEntry.objects.exists()


def test_advance_compensation_pays_records_on_the_case_and_asks_for_a_top_up(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="2000.00")
    remedy = overdue_remedy(cast, amount="299.00")
    entry, created = services.advance_compensation_pay(actor=cast.agent, remedy_id=remedy.pk)
    assert created and (entry.kind, entry.amount, entry.balance_after) == (
        "advance_compensation", Decimal("299.00"), Decimal("1701.00"))
    assert (entry.remedy_id, entry.complaint_id) == (remedy.pk, remedy.complaint_id)
    remedy.refresh_from_db()
    assert remedy.state == Remedy.State.EXECUTED and remedy.execution_reference == f"先行赔付 {entry.pk}"
    assert remedy.executed_by_id == cast.agent.pk
    assert remedy.complaint.events.filter(type="confirm_remedy").count() == 1
    shop.refresh_from_db()
    # 1701 < 2000: the merchant is asked to top up and restricted until it does
    assert shop.status == MerchantStatus.RESTRICTED
    assert GovernanceNotice.objects.filter(merchant=shop, kind="topup_requested").count() == 1
    penalty = Penalty.objects.get(merchant=shop)
    assert penalty.source == "deposit_shortfall" and penalty.in_force
    # a second click returns the first payment
    again, created = services.advance_compensation_pay(actor=cast.agent2, remedy_id=remedy.pk)
    assert (again.pk, created) == (entry.pk, False)
    assert DepositEntry.objects.filter(remedy_id=remedy.pk).count() == 1
    # topping up lifts the automatic restriction
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="299.00")
    shop.refresh_from_db()
    penalty.refresh_from_db()
    assert shop.status == MerchantStatus.ACTIVE and not penalty.in_force
    assert verify_merchant_chain(shop) is None


def test_not_overdue_not_money_or_not_covered_is_refused_and_changes_nothing(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="100.00")
    remedy = overdue_remedy(cast, amount="299.00")
    with pytest.raises(GovernanceError) as info:
        services.advance_compensation_pay(actor=cast.agent, remedy_id=remedy.pk)
    assert info.value.code == "insufficient_deposit"
    Remedy.objects.filter(pk=remedy.pk).update(due_at=timezone.now() + timedelta(days=1))
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="1000.00")
    with pytest.raises(GovernanceError) as info:
        services.advance_compensation_pay(actor=cast.agent, remedy_id=remedy.pk)
    assert info.value.code == "not_overdue"
    for who in ("merchant", "consumer", "compliance"):
        with pytest.raises(GovernanceError) as info:
            services.advance_compensation_pay(actor=getattr(cast, who), remedy_id=remedy.pk)
        assert info.value.status == 403
    remedy.refresh_from_db()
    assert remedy.state == Remedy.State.ORDERED
    assert not DepositEntry.objects.filter(kind="advance_compensation").exists()
    shop.deposit.refresh_from_db()
    assert shop.deposit.balance == Decimal("1100.00")


def test_sweep_pays_automatically_within_the_category_cap_and_queues_the_rest(cast):
    shop = trading_shop(cast.shop, "apparel")  # apparel: automatic up to 500.00
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="5000.00")
    small = overdue_remedy(cast, amount="120.00")
    large = overdue_remedy(cast, amount="899.00")
    result = services.advance_compensation_sweep()
    assert result == {"paid": 1, "queued": 1, "refused": 0}
    small.refresh_from_db()
    large.refresh_from_db()
    assert small.state == "executed" and large.state == "ordered"
    entry = DepositEntry.objects.get(remedy_id=small.pk)
    assert entry.actor.username == "platform-advance-compensation"
    assert services.advance_compensation_sweep() == {"paid": 0, "queued": 1, "refused": 0}
    assert [r.pk for r in services.overdue_money_remedies()] == [large.pk]


def test_withdrawal_keeps_the_minimum_while_trading(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="2500.00")
    with pytest.raises(GovernanceError) as info:
        services.deposit_withdraw(actor=cast.compliance, merchant_id=shop.pk, amount="600.00", note="退还多缴")
    assert info.value.code == "below_minimum"
    services.deposit_withdraw(actor=cast.compliance, merchant_id=shop.pk, amount="500.00", note="退还多缴")
    shop.deposit.refresh_from_db()
    assert shop.deposit.balance == Decimal("2000.00")


def test_new_merchant_has_a_grace_period_to_pay_the_deposit(cast):
    from weiquan.merchants.services.deposits import deposit_grace_sweep
    from weiquan.merchants.tests.helpers import approved_merchant

    merchant, _user = approved_merchant(cast.compliance)
    due = merchant.deposit.topup_due_on
    assert due == timezone.localdate() + timedelta(days=15)
    assert deposit_grace_sweep(on=due) == 0
    assert deposit_grace_sweep(on=due + timedelta(days=1)) == 1
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.RESTRICTED
    deposit_grace_sweep(on=due + timedelta(days=2))  # restricted already: no second penalty
    assert Penalty.objects.filter(merchant=merchant).count() == 1
