"""The merchant risk score adds open fair-trading flags on top, named in its explanation."""

import pytest
from django.test import Client
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.fairtrade import services
from weiquan.fairtrade.models import Flag
from weiquan.fairtrade.tests.builders import Cast
from weiquan.insight import risk
from weiquan.testing.factories import make_user

pytestmark = pytest.mark.django_db


def raise_flag(shop, kind="tie_in"):
    now = timezone.now()
    return Flag.objects.create(kind=kind, merchant=shop, key=f"{kind}:merchant:{shop.pk}", rule_id="R-ECL19-TIEIN",
                               signals=[{"code": "preselected_addon", "count": 3, "rows": ["A#2", "B#2", "C#2"]}],
                               rows=["A#2", "B#2", "C#2"], detected_at=now, refreshed_at=now)


def test_open_flags_are_added_and_named_closed_ones_are_not():
    cast = Cast()
    flag = raise_flag(cast.shop)
    (score,) = risk.score_merchants(merchant_ids=[cast.shop.pk])
    factors = {f["key"]: f for f in score.factors}
    assert factors["fair_trading"] | {} == {**factors["fair_trading"], "value": 1, "points": 10.0, "max_points": 20,
                                           "available": True, "kinds": {"tie_in": 1}}
    assert score.score == 10  # no complaints, no failures: the flag alone
    supervisor = make_user(Role.SUPERVISOR)
    client = Client()
    client.force_login(supervisor)
    page = client.get(f"/insight/risk/{cast.shop.pk}/").content.decode()
    assert "公平交易未结提示" in page and "未结的公平交易提示 1 条（2 条计满分），直接加在风险分上" in page
    services.flag_close_unfounded(actor=cast.officer, flag_id=flag.pk, note="平台默认的运费险，非商家所为。")
    assert risk.score_merchants(merchant_ids=[cast.shop.pk]) == []
