"""Failed spot checks per merchant, as the merchant risk score reads them: failed only, by the result's date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from weiquan.quality.selectors import failed_inspections_by_merchant, last_failure_recorded_at
from weiquan.testing.quality import record_results

pytestmark = pytest.mark.django_db


def test_failed_inspections_are_counted_per_merchant_from_since_in_one_query(cast, django_assert_num_queries):
    today = timezone.localdate()
    since = today - timedelta(days=30)
    assert last_failure_recorded_at() is None
    record_results(
        cast,
        [
            (cast.shop, False, today),
            (cast.shop, False, since),  # on the first day: counted
            (cast.shop, False, since - timedelta(days=1)),  # the day before: not counted
            (cast.shop, True, today),  # passed: not counted
            (cast.other_shop, False, today - timedelta(days=3)),
            (cast.other_shop, True, today),
        ],
    )
    with django_assert_num_queries(1):
        counts = failed_inspections_by_merchant(since=since)
    assert counts == {cast.shop.pk: 2, cast.other_shop.pk: 1}
    assert failed_inspections_by_merchant(since=since - timedelta(days=1)) == {cast.shop.pk: 3, cast.other_shop.pk: 1}
    assert failed_inspections_by_merchant(since=since, until=today - timedelta(days=1)) == {
        cast.shop.pk: 1,
        cast.other_shop.pk: 1,
    }
    assert failed_inspections_by_merchant(since=today + timedelta(days=1)) == {}
    assert last_failure_recorded_at() is not None


def test_no_failures_is_an_empty_count(cast):
    record_results(cast, [(cast.shop, True, timezone.localdate())])
    assert failed_inspections_by_merchant(since=timezone.localdate() - timedelta(days=90)) == {}
    assert last_failure_recorded_at() is None
