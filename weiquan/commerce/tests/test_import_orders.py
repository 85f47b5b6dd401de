"""`weiquan import-orders`: bad rows reported by line and skipped, good orders imported, a re-import adds nothing."""

import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from weiquan.accounts.models import Role
from weiquan.commerce.models import Order, OrderLine, Product
from weiquan.core.crypto import blind_index
from weiquan.merchants.models import Merchant
from weiquan.testing.factories import make_user

HEADER = [
    "order_no", "consumer_external_id", "consumer_name", "consumer_phone", "consumer_address", "merchant_external_id",
    "merchant_name", "channel", "placed_at", "paid_at", "shipped_at", "received_at", "total_paid", "shipping_fee",
    "line_no", "sku", "title", "category", "quantity", "unit_price", "paid_amount",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast has a dozen accounts; the production hasher would spend seconds on their passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _row(order_no, line_no, sku, price, *, buyer="b-1", name="周敏", phone="13700001111", total="0",
         received="2026-03-05T14:00:00+08:00", shipped="2026-03-03T10:00:00+08:00"):
    return [order_no, buyer, name, phone, "杭州市西湖区文三路1号", "shop-9", "九号店", "online",
            "2026-03-01T09:30:00+08:00", "2026-03-01T09:31:00+08:00", shipped, received, total, "0.00",
            str(line_no), sku, f"商品{sku}", "apparel", "1", price, price]


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


def _import(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import-orders", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _counts():
    return (Order.objects.count(), OrderLine.objects.count(), Product.objects.count(), Merchant.objects.count(),
            get_user_model().objects.count())


@pytest.fixture
def platform(db):
    return make_user(Role.INTEGRATION, username="platform_csv")


@pytest.fixture
def history(tmp_path):
    return _write(tmp_path / "orders.csv", [
        _row("A-1", 1, "S1", "100.00", total="150.00"),  # line 2
        _row("A-1", 2, "S2", "50.00", total="150.00"),  # line 3
        _row("B-2", 1, "S1", "not-a-price", buyer="b-2", total="100.00"),  # line 4: bad
        _row("B-2", 2, "S3", "20.00", buyer="b-2", total="100.00"),  # line 5
        _row("C-3", 1, "S3", "20.00", buyer="b-3", name="钱多多", phone="13600002222", total="20.00"),  # line 6
    ])


@pytest.mark.django_db
def test_bad_row_is_reported_by_line_and_the_other_orders_are_imported(platform, history):
    out, err = _import(history)

    assert err == "order B-2: line 4: unit_price: not an amount: order skipped\n"
    assert out == "orders created: 2, updated: 0, lines: 3, skipped orders: 1, bad rows: 1\n"
    assert not Order.objects.filter(order_no="B-2").exists()
    a1 = Order.objects.get(order_no="A-1")
    assert a1.total_paid == Decimal("150.00")
    assert list(a1.lines.values_list("line_no", "product__sku", "paid_amount")) == [
        (1, "S1", Decimal("100.00")), (2, "S2", Decimal("50.00"))]
    assert a1.merchant.external_id == "shop-9" and a1.merchant.name == "九号店"
    buyer = get_user_model().objects.get(external_id="b-3")
    assert buyer.role == Role.CONSUMER
    assert buyer.display_name == "钱多多" and buyer.phone == "13600002222"
    assert buyer.phone_index == blind_index("13600002222")
    assert "13600002222" not in err and "钱多多" not in err


@pytest.mark.django_db
def test_reimport_creates_nothing_new(platform, history):
    _import(history)
    before = _counts()

    out, err = _import(history)

    assert _counts() == before
    assert out == "orders created: 0, updated: 2, lines: 3, skipped orders: 1, bad rows: 1\n"
    assert "line 4" in err


@pytest.mark.django_db
def test_rows_of_one_order_must_be_adjacent_and_service_refusals_are_reported(platform, tmp_path):
    path = _write(tmp_path / "mixed.csv", [
        _row("A-1", 1, "S1", "10.00", total="10.00"),  # line 2
        _row("C-3", 1, "S3", "20.00", buyer="b-3", total="20.00"),  # line 3
        _row("A-1", 2, "S2", "50.00", total="10.00"),  # line 4: A-1 again, after another order
        _row("D-4", 1, "S4", "5.00", buyer="b-4", total="5.00",
             received="2026-03-02T10:00:00+08:00", shipped="2026-03-03T10:00:00+08:00"),  # line 5: received < shipped
        _row("E-5", 1, "S5", "5.00", buyer="b-5", total="5.00", received="2026-03-05 14:00"),  # line 6: no offset
    ])

    out, err = _import(path)

    assert err.splitlines() == [
        "line 4: order A-1: its rows must be adjacent; this row is skipped",
        "order D-4 (line 5): received_at: cannot be before shipped_at; order skipped",
        "order E-5: line 6: received_at: needs a UTC offset, such as +08:00: order skipped",
    ]
    assert sorted(Order.objects.values_list("order_no", flat=True)) == ["A-1", "C-3"]
    assert Order.objects.get(order_no="A-1").lines.count() == 1
    assert out == "orders created: 2, updated: 0, lines: 2, skipped orders: 2, bad rows: 2\n"


@pytest.mark.django_db
def test_only_an_integration_or_admin_account_imports(platform, history):
    make_user(Role.AGENT, username="agent_csv")
    with pytest.raises(CommandError, match="not an integration or admin account"):
        _import(history, "--as", "agent_csv")
    with pytest.raises(CommandError, match="no active user named 'ghost'"):
        _import(history, "--as", "ghost")
    assert Order.objects.count() == 0


@pytest.mark.django_db
def test_a_file_without_the_required_columns_is_refused(platform, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("order_no,sku\nA-1,S1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the header lacks the column"):
        _import(str(path))
    assert Order.objects.count() == 0
