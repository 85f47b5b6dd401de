from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from weiquan.merchants import services
from weiquan.merchants.models import (
    ApplicationKind,
    ApplicationState,
    GovernanceNotice,
    Licence,
    Merchant,
    MerchantStatus,
    Penalty,
)
from weiquan.merchants.services import reverification_sweep
from weiquan.merchants.tests.helpers import add_licence, approved_merchant

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SH)


@pytest.fixture
def clock(monkeypatch):
    """Set 'now' to a given day (Asia/Shanghai, 10:00)."""
    def set_day(day: date):
        monkeypatch.setattr(timezone, "now", lambda: at(day))
    return set_day


@pytest.mark.parametrize("verified, due", [
    (date(2025, 8, 31), date(2026, 2, 28)),   # R-CAL-MONTH: February has no 31st
    (date(2026, 3, 31), date(2026, 9, 30)),
    (date(2025, 12, 31), date(2026, 6, 30)),
    (date(2025, 6, 30), date(2025, 12, 30)),  # the same-numbered day, not the month's end
    (date(2025, 9, 15), date(2026, 3, 15)),
])
def test_next_verification_is_six_months_with_month_end_arithmetic(cast, clock, verified, due):
    clock(verified)
    merchant, _user = approved_merchant(cast.compliance)
    assert merchant.last_verified_on == verified
    assert merchant.reverification_due_on == due


def test_the_task_opens_30_days_ahead_reminds_and_lapses_into_a_restriction(cast, clock):
    clock(date(2025, 8, 31))
    merchant, user = approved_merchant(cast.compliance, deposit="2000.00")
    assert merchant.reverification_due_on == date(2026, 2, 28)
    tasks = merchant.applications.filter(kind=ApplicationKind.REVERIFICATION)
    reminders = GovernanceNotice.objects.filter(merchant=merchant, kind="reverification_reminder")

    clock(date(2026, 1, 28))  # 31 days before: nothing yet
    assert reverification_sweep(on=date(2026, 1, 28)).errors == []
    assert tasks.count() == 0

    clock(date(2026, 1, 29))  # 30 days before: the task opens, and the 30-day reminder goes out
    reverification_sweep(on=date(2026, 1, 29))
    task = tasks.get()
    assert (task.state, task.due_on, task.trigger) == (ApplicationState.DRAFT, date(2026, 2, 28), "scheduled")
    assert task.legal_name == merchant.legal_name  # prefilled from the verified identity
    assert reminders.count() == 1
    reverification_sweep(on=date(2026, 1, 29))  # idempotent
    assert (tasks.count(), reminders.count()) == (1, 1)

    reverification_sweep(on=date(2026, 2, 21))  # 7 days left: one reminder (not 14 and 7 together)
    task.refresh_from_db()
    assert task.reminders_sent == [30, 14, 7]
    assert reminders.count() == 2

    reverification_sweep(on=date(2026, 2, 28))  # due today: reminded, not yet lapsed
    assert reminders.count() == 3
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE

    clock(date(2026, 3, 1))
    reverification_sweep(on=date(2026, 3, 1))
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.RESTRICTED and merchant.status_rule == "R-PLAT-VERIFY-6M"
    penalty = Penalty.objects.get(merchant=merchant)
    assert (penalty.source, penalty.kind) == ("reverification_lapsed", "restriction")
    reverification_sweep(on=date(2026, 3, 2))
    assert Penalty.objects.filter(merchant=merchant).count() == 1

    # The merchant completes it late; approval lifts the restriction and restarts the clock.
    services.application_submit(actor=user, application_id=task.pk)
    services.application_review(actor=cast.compliance, application_id=task.pk, decision="approve",
                                reasons="核验通过")
    merchant.refresh_from_db()
    penalty.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE and not penalty.in_force
    assert (merchant.last_verified_on, merchant.reverification_due_on) == (date(2026, 3, 1), date(2026, 9, 1))


def test_a_submitted_task_waiting_for_review_does_not_lapse(cast, clock):
    clock(date(2025, 8, 31))
    merchant, user = approved_merchant(cast.compliance, deposit="2000.00")
    reverification_sweep(on=date(2026, 2, 1))
    task = merchant.applications.get(kind=ApplicationKind.REVERIFICATION)
    services.application_submit(actor=user, application_id=task.pk)
    reverification_sweep(on=date(2026, 3, 5))
    assert not Penalty.objects.filter(merchant=merchant).exists()
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE


def test_licence_expiring_within_30_days_is_flagged_once(cast, clock):
    clock(date(2026, 3, 1))
    merchant, _user = approved_merchant(cast.compliance, category="food", extra_licences=["food_operation"],
                                        deposit="5000.00", licence_until=date(2026, 4, 1))
    reverification_sweep(on=date(2026, 3, 1))  # 31 days left: not yet
    assert not Licence.objects.filter(merchant=merchant, expiry_flagged_on__isnull=False).exists()
    reverification_sweep(on=date(2026, 3, 2))
    # business licence and food licence, both until 04-01
    assert Licence.objects.filter(merchant=merchant, expiry_flagged_on=date(2026, 3, 2)).count() == 2
    notices = GovernanceNotice.objects.filter(merchant=merchant, kind="licence_expiring")
    assert notices.count() == 2
    reverification_sweep(on=date(2026, 3, 3))
    assert notices.count() == 2


def test_an_expired_required_licence_restricts_and_opens_a_task_due_now(cast, clock):
    clock(date(2026, 3, 1))
    merchant, user = approved_merchant(cast.compliance, category="food", extra_licences=["food_operation"],
                                       deposit="5000.00")
    food = Licence.objects.get(merchant=merchant, kind__code="food_operation")
    Licence.objects.filter(pk=food.pk).update(valid_until=date(2026, 3, 10))
    clock(date(2026, 3, 11))
    report = reverification_sweep(on=date(2026, 3, 11))
    assert report.errors == []
    food.refresh_from_db()
    assert food.expired_recorded_on == date(2026, 3, 11)
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.RESTRICTED
    task = merchant.applications.get(kind=ApplicationKind.REVERIFICATION, state=ApplicationState.DRAFT)
    assert (task.trigger, task.due_on) == ("licence_expired", date(2026, 3, 11))
    add_licence(user, task, "food_operation", valid_from=date(2026, 3, 1), valid_until=date(2031, 2, 28))
    services.application_submit(actor=user, application_id=task.pk)
    services.application_review(actor=cast.compliance, application_id=task.pk, decision="approve", reasons="已换证")
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE
    reverification_sweep(on=date(2026, 3, 12))  # the new licence is current: nothing restricts again
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.ACTIVE


def test_merchants_that_came_with_orders_get_a_first_verification(cast, clock):
    clock(date(2026, 3, 1))
    report = reverification_sweep(on=date(2026, 3, 1))
    assert report.scheduled == 2  # the cast's two shops, never verified here
    shop = Merchant.objects.get(pk=cast.shop.pk)
    assert shop.reverification_due_on == date(2026, 3, 31)
    assert shop.applications.get().kind == ApplicationKind.REVERIFICATION
    assert reverification_sweep(on=date(2026, 3, 1)).scheduled == 0


def test_compliance_can_open_one_now(cast):
    merchant, _user = approved_merchant(cast.compliance, deposit="2000.00")
    task = services.reverification_open(actor=cast.compliance, merchant_id=merchant.pk)
    assert task.trigger == "manual" and task.due_on == timezone.localdate() + timedelta(days=7)
    with pytest.raises(services.GovernanceError):
        services.reverification_open(actor=cast.agent, merchant_id=merchant.pk)
