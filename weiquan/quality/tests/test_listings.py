from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from weiquan.merchants import services as merchant_services
from weiquan.merchants.models import WebhookMessage
from weiquan.merchants.services import GovernanceError
from weiquan.quality.models import InformationRequirement, Listing, ListingPolicy, ListingSnapshot, PriceFlag
from weiquan.quality.services import PriceIn, listing_prices_add, price_flag_resolve, quality_sweep
from weiquan.testing.quality import FOOD_ATTRIBUTES, SH, put

pytestmark = pytest.mark.django_db


def test_put_is_idempotent_and_versioned(cast):
    first = put(cast.platform, "L-1", cast.shop)
    assert (first.created, first.changed, first.listing.version) == (True, True, 1)
    again = put(cast.platform, "L-1", cast.shop)
    assert (again.created, again.changed, again.listing.version) == (False, False, 1)
    third = put(cast.platform, "L-1", cast.shop, price="189.00")
    assert (third.changed, third.listing.version) == (True, 2)
    assert list(ListingSnapshot.objects.filter(listing=third.listing).values_list("version", flat=True)) == [1, 2]
    assert ListingSnapshot.objects.get(listing=third.listing, version=1).payload["price"] == "199.00"


@pytest.mark.parametrize("who", ["merchant", "agent", "compliance", "consumer"])
def test_only_the_integration_sends_listings(cast, who):
    with pytest.raises(GovernanceError) as info:
        put(getattr(cast, who), "L-2", cast.shop)
    assert info.value.status == 403
    assert not Listing.objects.exists()


def test_missing_information_is_listed_and_food_is_blocked(cast):
    apparel = put(cast.platform, "L-3", cast.shop, attributes={"size_spec": "M"}).listing
    assert apparel.compliant is False and apparel.state == "active"  # apparel does not block
    assert [m["key"] for m in apparel.missing] == ["fibre_composition"]
    partial = dict(FOOD_ATTRIBUTES, storage=" ", production_licence="")
    food = put(cast.platform, "L-4", cast.shop, category="food", attributes=partial, sku="F1").listing
    assert food.state == "blocked" and [m["key"] for m in food.missing] == ["storage", "production_licence"]
    assert food.missing[0]["basis"] == "FSL Art.67; GB 7718-2011"
    assert WebhookMessage.objects.filter(topic="listing.blocked", payload__listing="L-4").count() == 1
    fixed = put(cast.platform, "L-4", cast.shop, category="food", attributes=FOOD_ATTRIBUTES, sku="F1").listing
    assert fixed.state == "active" and fixed.compliant and fixed.missing == []
    assert WebhookMessage.objects.filter(topic="listing.active", payload__listing="L-4").count() == 1
    types = list(cast.shop.events.values_list("type", flat=True))
    assert types.count("listing_noncompliant") == 2 and types.count("listing_compliant") == 1


def test_ccc_is_required_only_where_the_catalogue_requires_it(cast):
    base = {"model": "KFR-35GW", "producer": "某电器有限公司"}
    assert put(cast.platform, "E-1", cast.shop, category="electrical", attributes=base, sku="E1").listing.compliant
    needs = put(cast.platform, "E-2", cast.shop, category="electrical", attributes=dict(base, ccc_required=True),
                sku="E2").listing
    assert [m["key"] for m in needs.missing] == ["ccc_certificate"]


def test_a_restricted_merchant_cannot_add_listings_but_may_update_existing_ones(cast):
    put(cast.platform, "L-5", cast.shop)
    merchant_services.penalty_impose(actor=cast.compliance, merchant_id=cast.shop.pk, kind="restriction",
                                     reason="限制经营", rule_id="R-PLAT-38")
    with pytest.raises(GovernanceError) as info:
        put(cast.platform, "L-6", cast.shop)
    assert (info.value.code, info.value.status) == ("merchant_restricted", 409)
    assert not Listing.objects.filter(external_id="L-6").exists()
    assert put(cast.platform, "L-5", cast.shop, price="150.00").listing.version == 2


def test_price_history_raises_a_flag_with_evidence_and_clears_it_when_corrected(cast):
    start = datetime(2026, 6, 18, 0, 0, tzinfo=SH)
    history = [(start - timedelta(days=5), "259.00"), (start - timedelta(days=2), "299.00")]
    result = put(cast.platform, "L-7", cast.shop, price="199.00", reference_price="399.00",
                 promotion_starts_at=start, history=history)
    flag = result.flags[0]
    assert (flag.basis, flag.basis_price, flag.reference_price) == ("lowest_7d", Decimal("259.00"), Decimal("399.00"))
    assert flag.evidence["excess"] == "140.00" and len(flag.evidence["points"]) == 2
    assert cast.shop.events.filter(type="price_flag_raised").count() == 1
    put(cast.platform, "L-7", cast.shop, price="199.00", reference_price="399.00", promotion_starts_at=start,
        history=history)
    assert PriceFlag.objects.count() == 1  # the same check again adds nothing
    # The merchant corrects the struck-through price to the true basis: a new check, no violation.
    put(cast.platform, "L-7", cast.shop, price="199.00", reference_price="259.00", promotion_starts_at=start)
    assert PriceFlag.objects.filter(state="open").count() == 1  # the old one is closed by staff
    price_flag_resolve(actor=cast.compliance, flag_id=flag.pk, state="resolved", note="商家已更正划线价")
    flag.refresh_from_db()
    assert flag.state == "resolved" and flag.resolved_by_id == cast.compliance.pk


def test_price_intake_endpoint_rechecks_and_is_idempotent_per_point(cast):
    start = datetime(2026, 6, 18, 0, 0, tzinfo=SH)
    result = put(cast.platform, "L-8", cast.shop, reference_price="399.00", promotion_starts_at=start)
    assert result.flags[0].basis == "no_transaction"
    _listing, new, flag = listing_prices_add(actor=cast.platform, external_id="L-8", points=[
        PriceIn("t1", start - timedelta(days=3), Decimal("399.00"))])
    assert new == 1 and flag is None
    assert PriceFlag.objects.get(listing__external_id="L-8").state == "resolved"  # re-check cleared it
    _listing, new, _flag = listing_prices_add(actor=cast.platform, external_id="L-8", points=[
        PriceIn("t1", start - timedelta(days=3), Decimal("399.00"))])
    assert new == 0
    with pytest.raises(GovernanceError) as info:
        listing_prices_add(actor=cast.merchant, external_id="L-8", points=[])
    assert info.value.status == 403


def test_a_rulebook_change_is_applied_by_the_sweep(cast):
    listing = put(cast.platform, "L-9", cast.shop).listing
    assert listing.compliant
    InformationRequirement.objects.create(category="apparel", key="care_label", label="洗涤说明", position=9)
    ListingPolicy.objects.filter(category="apparel").update(block_until_compliant=True)
    ListingPolicy.objects.get(category="apparel").save()  # bump updated_at as an admin edit does
    report = quality_sweep()
    assert report["categories_rechecked"] == ["apparel"] and report["listings_changed"] == 1
    listing.refresh_from_db()
    assert listing.state == "blocked" and [m["key"] for m in listing.missing] == ["care_label"]
    assert quality_sweep()["listings_changed"] == 0
