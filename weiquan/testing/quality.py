"""Listings and spot-check results built through the quality services, for its tests and for the tests of what
reads them (merchant pages, counts, risk scores)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from weiquan.quality import services
from weiquan.quality.models import Inspection, Listing, ListingState
from weiquan.quality.services import ListingIn, PriceIn, listing_put

PDF = b"%PDF-1.4\n% lab report\n%%EOF\n"
SH = ZoneInfo("Asia/Shanghai")
FOOD_ATTRIBUTES = {
    "producer": "福州好味食品有限公司，福州市仓山区建新镇2号，0591-88880000", "ingredients": "小麦粉、白砂糖、植物油",
    "net_content": "500克", "production_date": "见包装", "shelf_life": "180天", "storage": "阴凉干燥处",
    "production_licence": "SC10135010000001",
}


def put(actor, external_id: str, merchant, *, category: str = "apparel", attributes=None, price: str = "199.00",
        reference_price: str | None = None, promotion_starts_at: datetime | None = None, sku: str = "SKU-1",
        title: str = "纯棉T恤", history=()):
    data = ListingIn(
        merchant_external_id=merchant.external_id, sku=sku, category=category, title=title, price=Decimal(price),
        attributes=attributes if attributes is not None else {"fibre_composition": "棉100%", "size_spec": "170/92A"},
        reference_price=Decimal(reference_price) if reference_price else None,
        promotion_starts_at=promotion_starts_at,
        price_history=tuple(PriceIn(str(i), at, Decimal(p)) for i, (at, p) in enumerate(history)),
    )
    return listing_put(actor=actor, external_id=external_id, data=data)


def record_results(cast, results: list[tuple[object, bool, date]], *, tag: str = "R") -> list[Inspection]:
    """One programme that samples a fresh apparel listing per (merchant, passed, inspected_on) and records each result."""
    listings = [
        put(cast.platform, f"L-{tag}-{i}", merchant, sku=f"SKU-{tag}-{i}").listing
        for i, (merchant, _passed, _on) in enumerate(results)
    ]
    # Sample every listing on sale (earlier ones too), then drop all but the new ones.
    on_sale = Listing.objects.exclude(state=ListingState.DELISTED).count()
    programme = services.programme_create(
        actor=cast.compliance,
        name=f"抽检 {tag}",
        sample_size=on_sale,
        categories=["apparel"],
        lab="国家纺织品质量监督检验中心",
    )
    services.programme_sample(actor=cast.compliance, programme_id=programme.pk, seed=1)
    wanted = {listing.pk for listing in listings}
    for other in programme.inspections.exclude(listing_id__in=wanted):
        services.inspection_drop(actor=cast.compliance, inspection_id=other.pk, reason="本轮不检")
    services.programme_start(actor=cast.compliance, programme_id=programme.pk)
    recorded = []
    for listing, (_merchant, passed, on) in zip(listings, results, strict=True):
        inspection = programme.inspections.get(listing=listing)
        recorded.append(
            services.inspection_record_result(
                actor=cast.compliance,
                inspection_id=inspection.pk,
                passed=passed,
                inspected_on=on,
                report_name="report.pdf",
                report=PDF,
                severity="" if passed else "minor",
                defects="" if passed else "纤维含量与标识不符",
            )
        )
    return recorded
