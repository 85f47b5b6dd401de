"""A new spike alert is e-mailed to each supervisor once, in their language, with the series, the day's count against
the baseline and a link to the alert's cases; nothing about the consumers, nothing twice, nobody else."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.insight.models import SpikeAlert
from weiquan.insight.spikes import spike_alert_mail
from weiquan.insight.sweep import insight_sweep
from weiquan.notifications.models import Notification
from weiquan.testing.factories import file_complaint, make_merchant, make_order, make_user

pytestmark = pytest.mark.django_db
CONSUMER_NAME, CONSUMER_PHONE = "赵六", "13655556666"
STORY = "吃了这款牛肉干后上吐下泻，食物中毒，我的电话13655556666"


def file_today(cast, committed, merchant, *, minutes_ago: int):
    """A complaint received a few minutes ago, and today in Shanghai whatever the hour the test runs at (the sweep
    counts Shanghai days: just after midnight there, "minutes ago" would be yesterday)."""
    consumer = make_user(Role.CONSUMER, display_name=CONSUMER_NAME, phone=CONSUMER_PHONE)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    when = max(midnight, timezone.now() - timedelta(minutes=minutes_ago))
    order = make_order(consumer=consumer, merchant=merchant, received_at=when - timedelta(days=1))
    with committed():
        return file_complaint(
            consumer=consumer,
            order=order,
            actor=cast.agent,
            channel="phone",
            category="safety",
            title="牛肉干食物中毒",
            description=STORY,
            received_at=when,
        )


@pytest.fixture
def english_supervisor(cast):
    cast.supervisor2.preferred_language = "en"
    cast.supervisor2.save(update_fields=["preferred_language"])
    return cast.supervisor2


@pytest.fixture
def category_spike(cast, committed, analyst, english_supervisor):
    """Five food-safety complaints today, each about a different store: only the category series alerts."""
    return [file_today(cast, committed, make_merchant(), minutes_ago=i) for i in range(5)]


def sweep(committed) -> dict:
    mail.outbox.clear()
    with committed():
        return insight_sweep()


def test_one_alert_is_one_mail_per_supervisor_in_their_language(cast, committed, category_spike, client):
    assert sweep(committed)["spike_alerts"] == 1
    alert = SpikeAlert.objects.get()
    assert (alert.series_kind, alert.series_key, alert.count) == ("category", "safety", 5)
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_recipient) == {(cast.supervisor.email,), (cast.supervisor2.email,)}
    link = f"http://127.0.0.1/insight/spikes/{alert.pk}/"

    zh = by_recipient[(cast.supervisor.email,)]
    assert zh.subject == f"投诉突增预警 · 类别：安全 · {alert.day.isoformat()}"
    assert zh.body == (
        f"类别：安全\n日期：{alert.day.isoformat()}\n"
        "当日投诉：5 件（此前28天的基线为每日 0 件，预警阈值 5 件）\n"
        f"主要类别：安全\n查看预警和相关投诉：{link}\n"
    )
    en = by_recipient[(cast.supervisor2.email,)]
    assert en.subject == f"Complaint spike · Category: Safety · {alert.day.isoformat()}"
    assert en.body == (
        f"Category: Safety\nDate: {alert.day.isoformat()}\n"
        "Complaints that day: 5 (baseline over the previous 28 days: 0 a day; alert threshold: 5)\n"
        f"Main category: Safety\nThe alert and its cases: {link}\n"
    )
    for message in mail.outbox:
        text = message.subject + message.body
        assert CONSUMER_NAME not in text and CONSUMER_PHONE not in text and "牛肉干" not in text
        assert all(c.consumer.username not in text for c in category_spike)
    # The in-page notification links to the alert page too.
    note = Notification.objects.get(recipient=cast.supervisor2)
    assert (note.ref, note.kind, note.link, note.text) == (
        f"spike_alert:{alert.pk}",
        "spike_alert",
        f"/insight/spikes/{alert.pk}/",
        en.subject,
    )
    client.force_login(cast.supervisor2)
    page = client.get("/notifications/").content.decode()
    assert f'<a href="/insight/spikes/{alert.pk}/">{en.subject}</a>' in page


def test_a_second_sweep_and_a_growing_day_send_nothing_more(cast, committed, category_spike):
    sweep(committed)
    assert len(mail.outbox) == 2
    assert sweep(committed)["spike_alerts"] == 1  # the alert is still there...
    assert mail.outbox == []  # ...and was mailed already
    file_today(cast, committed, make_merchant(), minutes_ago=0)
    sweep(committed)
    assert SpikeAlert.objects.get().count == 6 and mail.outbox == []  # updated, not new
    # Even a delivery task that runs twice sends each supervisor one mail.
    assert spike_alert_mail(alert_id=SpikeAlert.objects.get().pk) == 0 and mail.outbox == []
    assert Notification.objects.filter(kind="spike_alert").count() == 2


def test_other_staff_hear_nothing(cast, committed, category_spike, analyst):
    retired = make_user(Role.SUPERVISOR, username="supervisor_retired")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    sweep(committed)
    recipients = {address for m in mail.outbox for address in m.to}
    assert recipients == {cast.supervisor.email, cast.supervisor2.email}
    for someone in (cast.agent, cast.agent2, cast.compliance, analyst, cast.merchant, retired, cast.platform):
        assert not Notification.objects.filter(recipient=someone, kind="spike_alert").exists()


def test_an_alert_that_already_existed_is_not_mailed(cast, committed, category_spike):
    SpikeAlert.objects.create(
        series_kind="category",
        series_key="safety",
        series_label="安全",
        category="safety",
        day=timezone.localdate(),
        count=5,
        baseline=0,
        threshold=5,
        complaint_ids=[],
    )
    sweep(committed)
    assert SpikeAlert.objects.get().count == 5 and mail.outbox == []


def test_a_product_spike_names_the_product_and_its_store(cast, committed, english_supervisor):
    for i in range(5):
        file_today(cast, committed, cast.shop, minutes_ago=i)
    assert sweep(committed)["spike_alerts"] == 3  # the product, its store and the category
    subjects = sorted(m.subject for m in mail.outbox if m.to == [cast.supervisor.email])
    day = timezone.localdate().isoformat()
    assert subjects == sorted(
        [
            f"投诉突增预警 · 商品：商品1（{cast.shop.name}） · {day}",
            f"投诉突增预警 · 商家：{cast.shop.name} · {day}",
            f"投诉突增预警 · 类别：安全 · {day}",
        ]
    )
    assert len(mail.outbox) == 6


@pytest.mark.parametrize(("language", "title", "name"), [
    ("zh-hans", "投诉突增预警 · 类别：安全 · {day}", "<a href=\"/insight/spikes/{pk}/\">安全</a>"),
    ("en", "Complaint spike · Category: Safety · {day}", "<a href=\"/insight/spikes/{pk}/\">Safety</a>"),
])
def test_alert_reads_in_the_viewers_language_whatever_it_was_sent_in(cast, committed, category_spike, client,
                                                                      language, title, name):
    """The notification was made in the supervisor's language (zh-hans); the page words it in the one they read."""
    sweep(committed)
    alert = SpikeAlert.objects.get()
    client.force_login(cast.supervisor)
    client.cookies["django_language"] = language
    page = client.get("/notifications/").content.decode()
    assert f">{title.format(day=alert.day.isoformat())}</a>" in page
    spikes = client.get("/insight/spikes/").content.decode()
    assert name.format(pk=alert.pk) in spikes
    if language == "en":
        assert "安全" not in spikes and "投诉突增预警" not in page
        assert '<button type="submit" class="secondary">Acknowledge</button>' in spikes
