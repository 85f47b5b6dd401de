"""Each analytics page says up to when its figures are complete ("统计截至 …（北京时间）")."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from weiquan.insight.freshness import figures_as_of
from weiquan.insight.models import MerchantRiskScore, SweepState
from weiquan.insight.sweep import ORDERS_WATERMARK
from weiquan.testing.factories import make_merchant

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_risk_and_spikes_say_when_they_were_computed_and_case_figures_are_live(client, analyst):
    client.force_login(analyst)
    assert figures_as_of("risk") is None and figures_as_of("spikes") is None
    page = client.get("/insight/risk/").content.decode()
    assert "尚未统计：后台任务运行后显示数据。" in page

    swept = datetime(2026, 12, 5, 2, 30, tzinfo=ZoneInfo("UTC"))
    SweepState.objects.create(name=ORDERS_WATERMARK, value=swept)
    MerchantRiskScore.objects.create(merchant=make_merchant(), computed_on=swept.date(), score=10,
                                     computed_at=datetime(2026, 12, 5, 1, 0, tzinfo=ZoneInfo("UTC")))
    assert "统计截至 2026-12-05 10:30（北京时间）" in client.get("/insight/spikes/").content.decode()
    assert "统计截至 2026-12-05 09:00（北京时间）" in client.get("/insight/risk/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Figures as of 2026-12-05 09:00 (Beijing time)" in client.get("/insight/risk/").content.decode()
    # Case figures are rebuilt as events are processed: with nothing waiting, they are complete up to now.
    before = timezone.now()
    assert figures_as_of("dashboard") >= before
    for path in ("/insight/", "/insight/root-causes/", "/insight/clusters/", "/insight/cases/"):
        assert "Figures as of" in client.get(path).content.decode(), path
