"""The merchant's governance chain commits to its rows: an edit, deletion or insertion of the merchant's standing,
deposit account and ledger, penalties and appeals, published status changes, applications and licences made outside
the services is caught by `weiquan verify-events` and named, for every merchant (decision 0010). Spot-check results
are in quality/tests/test_inspection_tamper.py."""

import importlib
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weiquan.merchants import content as governance_content
from weiquan.merchants import services
from weiquan.merchants.events import verify_all_merchant_chains, verify_merchant
from weiquan.merchants.models import (
    DepositAccount,
    DepositEntry,
    Licence,
    Merchant,
    MerchantApplication,
    MerchantEvent,
    Penalty,
    StatusChange,
)
from weiquan.merchants.services.status import status_change_publish
from weiquan.merchants.tests.helpers import approved_merchant
from weiquan.testing.cases import fast_passwords  # noqa: F401
from weiquan.testing.factories import make_merchant

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(cast):
    """An approved merchant with a deposit, a warning it appealed, and every decision published."""
    merchant, owner = approved_merchant(cast.compliance, deposit="3000.00")
    services.deposit_hold(actor=cast.compliance, merchant_id=merchant.pk, amount="100.00", note="待处理投诉")
    penalty = services.penalty_impose(actor=cast.compliance, merchant_id=merchant.pk, kind="warning",
                                      reason="虚假宣传，商品详情夸大功效", rule_id="R-ECL17-FAKE")
    services.penalty_appeal(actor=owner, penalty_id=penalty.pk, reasons="商品详情已按要求修改，请复核")
    for change in StatusChange.objects.filter(merchant=merchant):
        status_change_publish(change_id=change.pk)
    merchant = Merchant.objects.get(pk=merchant.pk)
    assert verify_merchant(merchant) == []
    return merchant


def problems(merchant) -> list[str]:
    return [str(p) for p in verify_merchant(merchant)]


def row_edits(merchant):
    account = DepositAccount.objects.get(merchant=merchant)
    entry = DepositEntry.objects.filter(merchant=merchant).latest("seq")
    penalty = Penalty.objects.get(merchant=merchant)
    change = StatusChange.objects.filter(merchant=merchant).latest("at")
    application = MerchantApplication.objects.get(merchant=merchant)
    licence = Licence.objects.get(merchant=merchant)
    standing = "its status and clocks"
    return [
        (Merchant, merchant.pk, {"status": "active"}, standing),
        (Merchant, merchant.pk, {"status_reason": "无"}, standing),
        (Merchant, merchant.pk, {"reverification_due_on": date(2030, 1, 1)}, standing),
        (DepositAccount, account.pk, {"balance": Decimal("30000.00")}, f"deposit {account.pk}"),
        (DepositAccount, account.pk, {"held": Decimal("0.00")}, f"deposit {account.pk}"),
        (DepositEntry, entry.pk, {"amount": Decimal("1.00")}, f"entry {entry.pk}"),
        (DepositEntry, entry.pk, {"kind": "release"}, f"entry {entry.pk}"),
        (Penalty, penalty.pk, {"kind": "restriction"}, f"penalty {penalty.pk}"),
        (Penalty, penalty.pk, {"lifted_at": timezone.now()}, f"penalty {penalty.pk}"),
        (Penalty, penalty.pk, {"appeal_state": "overturned"}, f"penalty {penalty.pk}"),
        (Penalty, penalty.pk, {"reason": "改过的理由"}, f"penalty {penalty.pk}"),
        (StatusChange, change.pk, {"reason": "改过的公示"}, f"status change {change.pk}"),
        (StatusChange, change.pk, {"published_at": None}, f"status change {change.pk}"),
        (MerchantApplication, application.pk, {"state": "rejected"}, f"application {application.pk}"),
        (MerchantApplication, application.pk, {"decision_reasons": "改过的审核意见"}, f"application {application.pk}"),
        (Licence, licence.pk, {"valid_until": date(2099, 12, 31)}, f"licence {licence.pk}"),
        (Licence, licence.pk, {"sha256": "0" * 64}, f"licence {licence.pk}"),
    ]


def test_every_kind_of_row_edit_is_caught_and_named(shop):
    for model, pk, change, label in row_edits(shop):
        original = model.objects.filter(pk=pk).values(*change).get()
        assert model.objects.filter(pk=pk).update(**change) == 1
        assert problems(shop) == [f"merchant {shop.pk}: {label}: changed outside the services"], \
            (model.__name__, change)
        model.objects.filter(pk=pk).update(**original)
        assert problems(shop) == [], (model.__name__, change)


def test_a_deleted_row_is_caught_and_named(shop):
    entry = DepositEntry.objects.filter(merchant=shop).latest("seq")
    change = StatusChange.objects.filter(merchant=shop).latest("at")
    entry_pk, change_pk = entry.pk, change.pk
    entry.delete()
    change.delete()
    assert problems(shop) == [f"merchant {shop.pk}: entry {entry_pk}: deleted outside the services",
                              f"merchant {shop.pk}: status change {change_pk}: deleted outside the services"]


def test_an_inserted_row_is_caught_and_named(shop, cast):
    account = DepositAccount.objects.get(merchant=shop)
    forged_entry = DepositEntry.objects.create(account=account, merchant=shop, seq=99, kind="top_up",
                                               amount=Decimal("50000.00"), balance_after=Decimal("52900.00"),
                                               held_after=Decimal("100.00"))
    forged_penalty = Penalty.objects.create(merchant=shop, kind="suspension", reason="伪造", rule_id="R-X-1",
                                            decided_at=timezone.now())
    assert problems(shop) == [f"merchant {shop.pk}: entry {forged_entry.pk}: added outside the services",
                              f"merchant {shop.pk}: penalty {forged_penalty.pk}: added outside the services"]


def test_an_edit_is_not_laundered_by_the_next_service_action(shop, cast):
    penalty = Penalty.objects.get(merchant=shop)
    Penalty.objects.filter(pk=penalty.pk).update(reason="改过的理由")
    services.deposit_top_up(actor=cast.compliance, merchant_id=shop.pk, amount="10.00", reference="BANK-2")
    services.penalty_impose(actor=cast.compliance, merchant_id=shop.pk, kind="restriction", reason="再次虚假宣传",
                            rule_id="R-ECL17-FAKE")
    assert problems(shop) == [f"merchant {shop.pk}: penalty {penalty.pk}: changed outside the services"]


def test_a_merchant_no_event_touched_is_checked_against_its_state_as_created(cast):
    store = make_merchant("只有订单的店")
    assert store.event_count == 0 and verify_merchant(store) == []
    Merchant.objects.filter(pk=store.pk).update(status="suspended")
    assert problems(store) == [f"merchant {store.pk}: its status and clocks: changed outside the services"]
    Merchant.objects.filter(pk=store.pk).update(status="active")
    # Its first governance action commits what it changes, and the record holds from there.
    services.penalty_impose(actor=cast.compliance, merchant_id=store.pk, kind="warning", reason="发货延迟严重",
                            rule_id="R-ECL17-FAKE")
    assert problems(store) == []


def test_verify_events_names_every_broken_merchant_and_exits_1(shop, cast):
    other, _owner = approved_merchant(cast.compliance)
    penalty = Penalty.objects.get(merchant=shop)
    Penalty.objects.filter(pk=penalty.pk).update(kind="termination")
    Merchant.objects.filter(pk=other.pk).update(status="suspended")
    with pytest.raises(CommandError) as caught:
        call_command("verify-events", stdout=StringIO())
    assert caught.value.returncode == 1
    lines = str(caught.value).splitlines()
    assert f"merchant event chain broken: merchant {shop.pk}: penalty {penalty.pk}: changed outside the services" \
        in lines
    assert f"merchant event chain broken: merchant {other.pk}: its status and clocks: changed outside the services" \
        in lines
    assert len([p for p in verify_all_merchant_chains()]) == 2


def test_the_console_and_the_api_show_the_row(shop, cast):
    entry = DepositEntry.objects.filter(merchant=shop).latest("seq")
    DepositEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    url = reverse("merchants:console_merchant", args=[shop.pk])
    pages = {}
    for language in ("zh-hans", "en"):
        type(cast.compliance).objects.filter(pk=cast.compliance.pk).update(preferred_language=language)
        client = Client()
        client.force_login(cast.compliance)
        pages[language] = client.get(url).content.decode()
    assert "事件链校验失败" in pages["zh-hans"]
    assert f"内容与记录不符：保证金流水记录 #{entry.pk}（在流程之外被修改、删除或添加）" in pages["zh-hans"]
    assert (f"Content does not match the record: deposit ledger entry #{entry.pk} (changed, deleted or added "
            "outside the workflow)") in pages["en"]
    from weiquan.accounts.services import token_create

    api = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=cast.compliance)}")
    body = api.get(f"/api/v1/merchants/{shop.pk}/events").json()
    assert (body["intact"], body["problem"]) == (
        False, f"merchant {shop.pk}: entry {entry.pk}: changed outside the services")


def test_the_snapshot_migration_commits_a_legacy_merchant(shop, cast):
    """A chain without row commitments (version 2, as before) gets a staff-only "snapshot" event; from then on
    edits are caught."""
    from weiquan.core import hashchain
    from weiquan.merchants.events import event_fields

    prev = hashchain.GENESIS
    for event in shop.events.order_by("seq"):  # rebuilt as a legacy version 2 chain, which verifies as it is
        digest = hashchain.digest(event_fields(
            merchant_id=shop.pk, seq=event.seq, type=event.type, actor_id=event.actor_id,
            actor_role=event.actor_role, at=event.at, rule_id=event.rule_id, old=event.old, new=event.new,
            data=event.data, visible_to_merchant=event.visible_to_merchant, hash_version=2), prev)
        MerchantEvent.objects.filter(pk=event.pk).update(hash_version=2, content={}, prev_hash=prev, hash=digest)
        prev = digest
    Merchant.objects.filter(pk=shop.pk).update(event_head=prev)
    Penalty.objects.filter(merchant=shop).update(reason="改过的理由")
    assert problems(shop) == []  # a version 2 chain commits to no rows: the gap this closes
    untouched = make_merchant("只有订单的店")
    count = shop.event_count
    importlib.import_module("weiquan.merchants.migrations.0006_governance_content").snapshot_governance(apps, None)
    shop = Merchant.objects.get(pk=shop.pk)
    last = shop.events.latest("seq")
    assert (shop.event_count, last.type, last.hash_version, last.visible_to_merchant, last.actor_id) == (
        count + 1, "snapshot", 3, False, None)
    assert last.content == governance_content.content_map(shop.pk)
    assert problems(shop) == []
    assert Merchant.objects.get(pk=untouched.pk).event_count == 0  # as created: nothing to snapshot
    Penalty.objects.filter(merchant=shop).update(ends_on=timezone.localdate() + timedelta(days=3))
    penalty = Penalty.objects.get(merchant=shop)
    assert problems(shop) == [f"merchant {shop.pk}: penalty {penalty.pk}: changed outside the services"]
