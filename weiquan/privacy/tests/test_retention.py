"""The retention periods of the personal-data access log and of notifications: the sweep removes the rows older than
the period and keeps the younger ones, and its report counts them; the worker's privacy sweep runs it once a day."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from weiquan.notifications.models import Notification
from weiquan.privacy.models import PersonalDataAccess, RetentionRun
from weiquan.privacy.retention import retention_sweep, years_before
from weiquan.privacy.services import record_access
from weiquan.privacy.tasks import privacy_sweep_task
from weiquan.testing.cases import SH, fast_passwords, frozen  # noqa: F401

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=SH)


def access_at(cast, when, purpose: str) -> PersonalDataAccess:
    row = record_access(viewer=cast.agent, subject=cast.consumer, field="phone", reason=purpose)
    PersonalDataAccess.objects.filter(pk=row.pk).update(at=when)
    return row


def notification_at(user, when, text: str) -> Notification:
    row = Notification.objects.create(recipient=user, kind="test", text=text)
    Notification.objects.filter(pk=row.pk).update(created_at=when)
    return row


def test_years_are_calendar_years():
    assert years_before(NOW, 3) == datetime(2023, 12, 5, 10, 0, tzinfo=SH)
    assert years_before(datetime(2028, 2, 29, 8, 0, tzinfo=SH), 3) == datetime(2025, 2, 28, 8, 0, tzinfo=SH)


def test_access_log_rows_older_than_the_period_go_and_younger_stay(cast, settings):
    settings.WEIQUAN_RETENTION = {**settings.WEIQUAN_RETENTION, "access_log_years": 3}
    three_years = datetime(2023, 12, 5, 10, 0, tzinfo=SH)
    access_at(cast, three_years - timedelta(days=400), "old")
    access_at(cast, three_years - timedelta(seconds=1), "just past the period")
    access_at(cast, three_years + timedelta(seconds=1), "just within the period")
    access_at(cast, NOW - timedelta(days=1), "yesterday")
    with frozen(NOW):
        run = retention_sweep()
    assert run.counts["access_log_deleted"] == 2
    assert sorted(PersonalDataAccess.objects.values_list("purpose", flat=True)) == ["just within the period",
                                                                                    "yesterday"]


def test_notifications_older_than_the_period_go_and_younger_stay(cast, settings):
    settings.WEIQUAN_RETENTION = {**settings.WEIQUAN_RETENTION, "notification_days": 30}
    cutoff = NOW - timedelta(days=30)
    notification_at(cast.consumer, cutoff - timedelta(days=200), "old")
    notification_at(cast.merchant, cutoff - timedelta(minutes=1), "just past")
    notification_at(cast.consumer, cutoff + timedelta(minutes=1), "just within")
    with frozen(NOW):
        run = retention_sweep()
    assert run.counts == {"restricted_erased": 0, "dormant_erased": 0, "access_log_deleted": 0,
                          "notifications_deleted": 2}
    assert list(Notification.objects.values_list("text", flat=True)) == ["just within"]


def test_the_report_shows_the_periods_and_what_each_run_removed(cast, settings):
    settings.WEIQUAN_RETENTION = {**settings.WEIQUAN_RETENTION, "notification_days": 30, "access_log_years": 4}
    notification_at(cast.consumer, NOW - timedelta(days=31), "old")
    access_at(cast, NOW - timedelta(days=365 * 5), "old")
    with frozen(NOW):
        retention_sweep()
    client = Client()
    client.force_login(cast.compliance)
    with translation.override("zh-hans"):
        page = client.get(reverse("privacy:retention")).content.decode()
    assert "个人信息访问记录：保存 4 年" in page and "站内通知：保存 30 天" in page
    row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert row.endswith("<td>0</td><td>0</td><td>1</td><td>1</td>"), row
    assert Client().get(reverse("privacy:retention")).status_code == 302  # signed out: to the sign-in page
    consumer = Client()
    consumer.force_login(cast.consumer)
    assert consumer.get(reverse("privacy:retention")).status_code == 403


def test_the_worker_runs_the_retention_once_a_day(cast, settings):
    settings.ANCHOR_DIR = settings.ANCHOR_URL = ""
    with frozen(NOW) as clock:
        first = privacy_sweep_task.call()
        assert first["retention"]["notifications_deleted"] == 0
        assert "retention" not in privacy_sweep_task.call()  # the next sweep, minutes later: not again
        notification_at(cast.consumer, NOW - timedelta(days=400), "old")
        clock.advance(hours=23, minutes=59)
        assert "retention" not in privacy_sweep_task.call()
        assert RetentionRun.objects.count() == 1 and Notification.objects.count() == 1
        clock.advance(minutes=1)
        assert privacy_sweep_task.call()["retention"]["notifications_deleted"] == 1
        assert "retention" not in privacy_sweep_task.call()
    assert RetentionRun.objects.count() == 2 and Notification.objects.count() == 0
