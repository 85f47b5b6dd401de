import pytest

from weiquan.accounts.models import Role
from weiquan.fairtrade.demo import seed_fair_trading_demo
from weiquan.fairtrade.models import ConsumerReport, Flag
from weiquan.merchants.models import Merchant
from weiquan.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_one_flag_of_each_kind_and_is_safe_to_rerun():
    make_user(Role.INTEGRATION, username="platform")
    make_user(Role.COMPLIANCE, username="compliance1")
    for n in range(1, 5):
        Merchant.objects.create(external_id=f"demo-shop-0{n}", name=f"演示店{n}")
    first = seed_fair_trading_demo()
    assert first.problems == []
    flags = {f.kind: f for f in Flag.objects.select_related("merchant")}
    assert {kind: f.merchant.external_id for kind, f in flags.items()} == {
        "fake_reviews": "demo-shop-02", "tie_in": "demo-shop-04", "personalised_price": "demo-shop-01",
        "review_deletion": "demo-shop-03"}
    assert sorted(flags["fake_reviews"].rows) == [f"demo-ft-rf{i}" for i in range(8)]
    assert flags["review_deletion"].rows == ["demo-ft-rd1"]
    assert flags["review_deletion"].state == "explanation_requested"
    assert flags["personalised_price"].figures["buyers_affected"] == 3
    assert ConsumerReport.objects.count() == 1
    again = seed_fair_trading_demo()
    assert again.problems == [] and again.created == {"reviews": 0, "flags": 0}
    assert Flag.objects.count() == 4 and ConsumerReport.objects.count() == 1
