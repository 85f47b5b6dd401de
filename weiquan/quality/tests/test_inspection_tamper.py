"""A spot-check result is part of the merchant's governance record (merchants/content.py): the event that records
it commits to it, so a result edited, removed or made up outside the services is caught and named by
`weiquan verify-events`; the buyers' notification counter, updated later, is not part of it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from weiquan.merchants.events import verify_merchant
from weiquan.quality.models import Inspection
from weiquan.quality.services import buyers_notify
from weiquan.testing.cases import fast_passwords, media_in_tmp  # noqa: F401
from weiquan.testing.quality import record_results

pytestmark = pytest.mark.django_db


def problems(merchant) -> list[str]:
    return [str(p) for p in verify_merchant(merchant)]


@pytest.fixture
def results(cast):
    on = timezone.localdate() - timedelta(days=1)
    passed, failed = record_results(cast, [(cast.shop, True, on), (cast.shop, False, on)])
    assert problems(cast.shop) == []  # the failure's delisting and penalty are committed with it
    return passed, failed


@pytest.mark.parametrize("change", [
    {"state": "passed"}, {"severity": "critical"}, {"defects": "无"}, {"report_sha256": "0" * 64},
    {"inspected_on": date(2020, 1, 1)}, {"recorded_at": None},
])
def test_an_edited_result_is_caught_and_named(cast, results, change):
    _passed, failed = results
    Inspection.objects.filter(pk=failed.pk).update(**change)
    assert problems(cast.shop) == [f"merchant {cast.shop.pk}: inspection {failed.pk}: changed outside the services"]


def test_a_result_removed_or_made_up_is_caught(cast, results):
    passed, failed = results
    Inspection.objects.filter(pk=failed.pk).update(state="dropped")  # no longer a result
    Inspection.objects.filter(pk=passed.pk).update(merchant=cast.other_shop)  # moved to another merchant
    assert problems(cast.shop) == [f"merchant {cast.shop.pk}: inspection {passed.pk}: deleted outside the services",
                                   f"merchant {cast.shop.pk}: inspection {failed.pk}: deleted outside the services"]
    assert problems(cast.other_shop) == [
        f"merchant {cast.other_shop.pk}: inspection {passed.pk}: added outside the services"]


def test_notifying_the_buyers_later_keeps_the_record_intact(cast, results):
    _passed, failed = results
    buyers_notify(inspection_id=failed.pk)
    assert "buyers_notified" in Inspection.objects.get(pk=failed.pk).consequences
    assert problems(cast.shop) == []
