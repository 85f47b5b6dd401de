"""The public transparency report: counts from the analytics' monthly aggregates; cells under 5 suppressed."""

import pytest
from django.test import Client

from weiquan.complaints.models import Complaint
from weiquan.insight.aggregates import rebuild_all
from weiquan.testing.cases import new_case

pytestmark = pytest.mark.django_db


def test_counts_equal_an_independent_count_and_small_cells_are_suppressed(cast):
    for _ in range(5):
        new_case(cast, category="quality")
    new_case(cast, category="price")
    rebuild_all()
    month = Complaint.objects.first().received_at.astimezone().strftime("%Y-%m")
    csv_text = Client().get("/transparency/", {"format": "csv"}).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    quality = next(line for line in lines if line.startswith(f"by_category,{month},quality,"))
    price = next(line for line in lines if line.startswith(f"by_category,{month},price,"))
    assert quality.split(",")[3] == str(Complaint.objects.filter(category="quality").count()) == "5"
    assert price.split(",")[3] == "suppressed"
    assert not any(line.startswith("by_merchant") for line in lines)  # no store reaches the minimum volume
    page = Client().get("/transparency/")
    assert page.status_code == 200 and "投诉处理透明度报告" in page.content.decode()
