"""Spot-check results recorded through the real services, for the tests of what reads them (counts, risk scores)."""

from datetime import date

from weiquan.quality import services
from weiquan.quality.models import Inspection, Listing, ListingState
from weiquan.quality.tests.helpers import put

PDF = b"%PDF-1.4\n% lab report\n%%EOF\n"


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
