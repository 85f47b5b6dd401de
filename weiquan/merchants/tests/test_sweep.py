from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from weiquan.merchants import services
from weiquan.merchants.models import MerchantStatus, StatusChange
from weiquan.merchants.tasks import governance_sweep_task
from weiquan.merchants.tests.helpers import approved_merchant

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_the_sweep_does_everything_once(cast, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 8, 31, 10, 0, tzinfo=SH))
    merchant, _user = approved_merchant(cast.compliance)  # no deposit paid; due 2026-02-28
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 1, 10, 0, tzinfo=SH))
    first = services.governance_sweep()
    assert first.errors == []
    assert first.reverification["opened"] >= 1 and first.reverification["lapsed"] == 1
    assert first.deposit_restricted == 0  # already restricted for the lapse
    merchant.refresh_from_db()
    assert merchant.status == MerchantStatus.RESTRICTED
    assert not StatusChange.objects.filter(published_at__isnull=True).exists()
    second = services.governance_sweep()
    assert second.reverification["lapsed"] == 0 and second.published == 0 and second.errors == []


def test_the_task_and_the_command_run_it(cast, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = governance_sweep_task.enqueue()
    assert (result.queue, result.state) == ("default", "done")
    report = result.return_value
    assert report["errors"] == [] and "quality" in report and "reverification" in report
    call_command("governance-sweep")
    out = capsys.readouterr().out
    assert "reverification" in out and "errors: 0" in out


def test_month_end_clock_is_the_rights_engines_clock(cast, monkeypatch):
    """The due date equals the rights engine's `merchant_reverification` clock for the same start."""
    from weiquan.rights import assess

    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 8, 31, 10, 0, tzinfo=SH))
    merchant, _user = approved_merchant(cast.compliance)
    answer = assess({"as_of": "2025-08-31", "clocks": [{"name": "merchant_reverification", "start": "2025-08-31"}]})
    assert answer["clocks"][0]["due"] == merchant.reverification_due_on.isoformat() == "2026-02-28"
    assert answer["clocks"][0]["legal_basis"] == ["R-PLAT-VERIFY-6M"] or "R-PLAT-VERIFY-6M" in answer["clocks"][0][
        "legal_basis"]
    assert date(2026, 2, 28) == merchant.reverification_due_on
