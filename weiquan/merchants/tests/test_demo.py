import pytest

from weiquan.merchants.demo import seed_governance_demo
from weiquan.merchants.models import DepositEntry, Licence, MerchantApplication
from weiquan.merchants.services import overdue_money_remedies
from weiquan.quality.models import BuyerNotice, Inspection, Listing, PriceFlag

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_state_once():
    first = seed_governance_demo()
    assert first.problems == []
    assert first.created == {"applications": 4, "merchants": 2, "listings": 4, "programmes": 1, "payments": 1}
    states = set(MerchantApplication.objects.filter(kind="onboarding").values_list("state", flat=True))
    assert states == {"draft", "submitted", "needs_info", "approved", "rejected"}
    assert Licence.objects.filter(expiry_flagged_on__isnull=False).count() == 1
    assert set(DepositEntry.objects.values_list("kind", flat=True)) == {"top_up", "hold", "release",
                                                                         "advance_compensation"}
    assert Listing.objects.filter(compliant=False).count() == 2 and PriceFlag.objects.count() == 1
    assert Inspection.objects.filter(state="failed").count() == 1 and BuyerNotice.objects.count() == 3
    assert overdue_money_remedies().count() == 1  # one waits for an agent
    second = seed_governance_demo()
    assert second.problems == [] and set(second.created.values()) == {0}
    assert DepositEntry.objects.count() == 5
