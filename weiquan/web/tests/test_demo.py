"""`weiquan demo`: every workflow state, the log-ins, intact event chains, and nothing made twice."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from weiquan.accounts.models import ApiToken, Role
from weiquan.commerce.models import Order, OrderLine, Product
from weiquan.complaints.events import verify_all_chains
from weiquan.complaints.models import Complaint, ComplaintEvent, Evidence, Message, Remedy, Status
from weiquan.merchants.models import CategoryRule, LicenceKind, Merchant
from weiquan.web.demo_data import LOGINS, PASSWORD

MODELS = [get_user_model(), Merchant, Product, Order, OrderLine, Complaint, ComplaintEvent, Message, Evidence,
          Remedy, ApiToken]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # A dozen accounts: the production hasher would spend seconds on their passwords; this test is about the data.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


# The demo delivers its notifications and runs the sweeps inline (the tests' tasks run immediately), all inside the
# test's transaction: a plain database test, rolled back afterwards, as tests/test_walk.py seeds the demo too.
def _run_demo() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# One seeding serves every check (on PostgreSQL it takes most of a minute): what the first run made, then that a
# second run makes nothing more.
@pytest.mark.django_db
def test_demo_seeds_every_state_and_the_logins_and_a_second_run_changes_nothing(demo_settings):
    first_out, first_err = _run_demo()
    _every_state_with_intact_chains()
    _logins_exist_with_their_roles(first_out)
    after_first = _counts()
    second_out, second_err = _run_demo()

    assert first_err == "" and second_err == ""
    assert "created: 12 users, 30 orders, 17 complaints" in first_out
    assert "created: 0 users, 0 orders, 0 complaints" in second_out
    assert "governance: created 0 applications, 0 merchants" in second_out
    assert _counts() == after_first
    # The platform's own part (other apps' demo seeders add their stores and orders beside it).
    assert Merchant.objects.filter(external_id__startswith="demo-shop-").count() == 4
    assert Order.objects.filter(order_no__startswith="WQDEMO").count() == 30
    # 16 from the platform's orders, 1 more from the fair-trading seeder's listing with a pre-ticked add-on.
    assert Product.objects.filter(merchant__external_id__startswith="demo-shop-").count() == 17
    assert Complaint.objects.filter(order__order_no__startswith="WQDEMO").count() == 17
    assert Evidence.objects.filter(complaint__order__order_no__startswith="WQDEMO").count() == 7


def _every_state_with_intact_chains() -> None:
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert list(verify_all_chains()) == []
    appealed = Complaint.objects.get(status=Status.APPEALED)
    assert appealed.appeal.appellant.username == "merchant2"
    assert appealed.assigned_to.username == "supervisor1"
    closed = Complaint.objects.filter(status=Status.CLOSED, rating__isnull=False).get()
    assert closed.rating == 5
    assert not closed.remedies.filter(state=Remedy.State.ORDERED).exists()
    phone = Complaint.objects.get(channel="phone")
    assert phone.filed_by.username == "agent1" and phone.status == Status.SUBMITTED
    # The four stores are governed like any other: the category rule of their goods, every licence that rule
    # requires (infant formula: a food business licence) in force today, and at least the rule's deposit.
    today = timezone.localdate()
    for shop in Merchant.objects.filter(external_id__startswith="demo-shop-").order_by("external_id"):
        rule = CategoryRule.objects.get(code=shop.category)
        required = set(rule.required_licences.values_list("code", flat=True)) | set(
            LicenceKind.objects.filter(always_required=True).values_list("code", flat=True))
        held = {licence.kind.code for licence in shop.licences.filter(superseded_by__isnull=True)
                if licence.valid_until is None or licence.valid_until >= today}
        assert required <= held, (shop.external_id, required - held)
        assert shop.deposit.balance >= rule.deposit_minimum, shop.external_id
    assert "food_operation" in {k.code for k in CategoryRule.objects.get(code="food").required_licences.all()}
    assert Merchant.objects.get(external_id="demo-shop-03").category == "food"


def _logins_exist_with_their_roles(out: str) -> None:
    User = get_user_model()
    expected_roles = {
        "consumer1": Role.CONSUMER, "consumer2": Role.CONSUMER, "merchant1": Role.MERCHANT,
        "merchant2": Role.MERCHANT, "agent1": Role.AGENT, "supervisor1": Role.SUPERVISOR,
        "compliance1": Role.COMPLIANCE, "analyst1": Role.ANALYST, "agency1": Role.AGENCY,
        "platform": Role.INTEGRATION, "admin": Role.ADMIN,
    }
    for username, role in expected_roles.items():
        user = User.objects.get(username=username)
        assert user.role == role, username
        assert user.check_password(PASSWORD), username
        assert user.is_active
        assert f"  {username}" in out
    assert {username for username, _ in LOGINS} >= set(expected_roles) - {"agency1"}  # agency1: the agencies' seeder
    agency1 = User.objects.get(username="agency1")
    assert agency1.agency_membership.body.name == "上海市徐汇区消费者权益保护委员会"
    assert agency1.agency_membership.body.referrals.count() == 1
    merchant1, merchant2 = User.objects.get(username="merchant1"), User.objects.get(username="merchant2")
    assert merchant1.merchant_id and merchant2.merchant_id and merchant1.merchant_id != merchant2.merchant_id
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    consumer1 = User.objects.get(username="consumer1")
    assert consumer1.display_name == "王丽华" and consumer1.phone == "13812345601"
    assert Complaint.objects.filter(consumer=consumer1).count() == 4
    assert not User.objects.get(username="consumer2").check_password("wrong-password")
