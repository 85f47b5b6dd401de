"""Failed spot checks in the merchant risk score: counted over the score's window, named in its explanation, and
picked up by the worker's sweep as soon as one is recorded."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from weiquan.insight import risk
from weiquan.insight.models import MerchantRiskScore
from weiquan.insight.sweep import insight_sweep
from weiquan.testing.cases import new_case
from weiquan.testing.quality import record_results

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quality_side_effects(settings, monkeypatch, tmp_path):
    """Lab reports go to a temporary media root; no webhook endpoint is called."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEIQUAN_WEBHOOK_URL = ""
    monkeypatch.delenv("WEIQUAN_WEBHOOK_URL", raising=False)


def factors_of(merchant) -> tuple[int, dict]:
    row = MerchantRiskScore.objects.get(merchant=merchant, computed_on=timezone.localdate())
    return row.score, {f["key"]: f for f in row.factors}


def test_failed_spot_checks_raise_the_score_and_the_explanation_names_them(cast, committed, client):
    with committed():
        new_case(cast, category="quality")
    today = timezone.localdate()
    risk.score_merchants(on=today)
    before, factors = factors_of(cast.shop)
    assert factors["inspections"] == {
        "key": "inspections",
        "label": "抽检不合格",
        "value": 0,
        "share": 0.0,
        "points": 0.0,
        "max_points": 15,
        "available": True,
        "detail": "failed_in_window",
    }

    record_results(
        cast,
        [
            (cast.shop, False, today),
            (cast.shop, False, today - timedelta(days=89)),
            (cast.shop, False, today - timedelta(days=90)),  # outside the 90-day window
            (cast.shop, True, today),
        ],
    )
    risk.score_merchants(on=today)
    after, factors = factors_of(cast.shop)
    assert (factors["inspections"]["value"], factors["inspections"]["points"]) == (2, 10.0)
    assert after > before
    available = [f for f in factors.values() if f["available"]]
    assert after == round(100 * sum(f["points"] for f in available) / sum(f["max_points"] for f in available))

    client.force_login(cast.supervisor)
    page = client.get(f"/insight/risk/{cast.shop.pk}/").content.decode()
    assert "近90天抽检不合格 2 次（3 次计满分）" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/insight/risk/{cast.shop.pk}/").content.decode()
    assert "Failed inspections in the last 90 days: 2 (3 or more count in full)" in page


def test_a_merchant_without_complaints_is_scored_on_its_failures(cast):
    today = timezone.localdate()
    record_results(cast, [(cast.other_shop, False, today)])
    (score,) = risk.score_merchants(on=today)
    assert score.merchant_id == cast.other_shop.pk and score.complaints == 0
    factors = {f["key"]: f for f in score.factors}
    assert (factors["inspections"]["value"], factors["inspections"]["points"]) == (1, 5.0)
    assert factors["severity"]["available"] is False  # no complaints: no mix to judge
    # complaint volume (no orders counted) 0/30 + inspections 5/15
    assert score.score == round(100 * 5 / 45)
    assert risk.score_merchants(on=today, merchant_ids=[cast.shop.pk]) == []


def test_the_sweep_rescores_as_soon_as_a_spot_check_fails(cast, committed):
    with committed():
        new_case(cast, category="quality")
    assert insight_sweep()["risk_scores"] == 1
    assert insight_sweep()["risk_scores"] == 0  # hourly otherwise
    _score, factors = factors_of(cast.shop)
    assert factors["inspections"]["value"] == 0

    record_results(cast, [(cast.shop, True, timezone.localdate())])
    assert insight_sweep()["risk_scores"] == 0  # a passed result changes no score
    record_results(cast, [(cast.shop, False, timezone.localdate())], tag="F")
    assert insight_sweep()["risk_scores"] == 1
    _score, factors = factors_of(cast.shop)
    assert factors["inspections"]["value"] == 1
    assert insight_sweep()["risk_scores"] == 0
