"""Deposit money under concurrency: real row locks need PostgreSQL (SQLite serialises whole transactions)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from weiquan.accounts.services import token_create
from weiquan.complaints.models import Remedy
from weiquan.merchants import services
from weiquan.merchants.models import DepositAccount, DepositEntry
from weiquan.merchants.services import GovernanceError
from weiquan.merchants.tests.cases import overdue_remedy, trading_shop

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks (SELECT ... FOR UPDATE) are only exercised on PostgreSQL; "
                              "run with DATABASE_URL=postgres://..."),
]


def race(calls):
    """Run the calls at the same moment in separate threads (each with its own connection); collect results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_concurrent_clicks_pay_a_remedy_once(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="5000.00")
    remedy = overdue_remedy(cast, amount="299.00")
    payers = [cast.agent, cast.agent2, cast.supervisor, cast.supervisor2] * 2
    results = race([lambda p=p: services.advance_compensation_pay(actor=p, remedy_id=remedy.pk) for p in payers])
    assert not [r for r in results if isinstance(r, Exception)], results
    created = [created for _entry, created in results]
    assert created.count(True) == 1
    assert len({entry.pk for entry, _ in results}) == 1
    assert DepositEntry.objects.filter(remedy_id=remedy.pk).count() == 1
    account = DepositAccount.objects.get(merchant=shop)
    assert account.balance == Decimal("4701.00")
    remedy.refresh_from_db()
    assert remedy.state == Remedy.State.EXECUTED
    assert remedy.complaint.events.filter(type="confirm_remedy").count() == 1


def test_concurrent_debits_never_overdraw(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="2500.00")
    remedies = [overdue_remedy(cast, amount="1000.00") for _ in range(4)]
    results = race([lambda r=r: services.advance_compensation_pay(actor=cast.agent, remedy_id=r.pk)
                    for r in remedies])
    paid = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, GovernanceError)]
    assert len(paid) == 2 and len(refused) == 2, results
    assert {e.code for e in refused} == {"insufficient_deposit"}
    account = DepositAccount.objects.get(merchant=shop)
    assert account.balance == Decimal("500.00")
    assert list(DepositEntry.objects.filter(merchant=shop).order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert Remedy.objects.filter(pk__in=[r.pk for r in remedies], state="executed").count() == 2


def test_concurrent_top_ups_with_one_key_count_once(cast):
    shop = trading_shop(cast.shop)
    token = token_create(user=cast.platform)
    url = f"/api/v1/merchants/{shop.pk}/deposit/top-ups"
    results = race([lambda: Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        url, data={"amount": "800.00"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="bank-42")
        for _ in range(6)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.status_code for r in results) == [200] * 5 + [201]
    assert len({r.json()["id"] for r in results}) == 1
    assert DepositAccount.objects.get(merchant=shop).balance == Decimal("800.00")
    assert DepositEntry.objects.filter(merchant=shop).count() == 1


def test_a_merchant_confirming_while_an_agent_pays_settles_once(cast):
    shop = trading_shop(cast.shop)
    services.deposit_top_up(actor=cast.platform, merchant_id=shop.pk, amount="5000.00")
    remedy = overdue_remedy(cast, amount="299.00")
    from weiquan.complaints.services import complaint_act

    results = race([
        lambda: services.advance_compensation_pay(actor=cast.agent, remedy_id=remedy.pk),
        lambda: complaint_act(actor=cast.merchant, complaint_id=remedy.complaint_id, action="confirm_remedy",
                              data={"remedy_id": remedy.pk, "reference": "商家自行退款 RF-9"}),
    ])
    remedy.refresh_from_db()
    assert remedy.state == Remedy.State.EXECUTED
    paid = DepositEntry.objects.filter(remedy_id=remedy.pk).count()
    balance = DepositAccount.objects.get(merchant=shop).balance
    # Exactly one of the two settled the remedy: either the deposit paid (and the merchant's confirmation was
    # refused) or the merchant paid (and the deposit was not touched).
    if paid:
        assert balance == Decimal("4701.00") and remedy.execution_reference.startswith("先行赔付")
        assert isinstance(results[1], Exception)
    else:
        assert balance == Decimal("5000.00") and remedy.execution_reference == "商家自行退款 RF-9"
        assert isinstance(results[0], GovernanceError)
