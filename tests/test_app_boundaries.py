"""`tools/check_app_boundaries.py`: one owner creates each thing; the check sees every way of creating a row."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import check_app_boundaries as check  # noqa: E402

HEADER = """
from django.contrib.auth import get_user_model
from weiquan.accounts.models import User
from weiquan.commerce.models import Order as O, Product
from weiquan.complaints.models import Complaint
from weiquan.core.bulk import rows_insert
from weiquan.merchants.models import Merchant
"""


@pytest.mark.parametrize(("line", "model", "bulk"), [
    ("O.objects.create(order_no='1')", ("commerce", "Order"), False),
    ("Product.objects.get_or_create(sku='a')", ("commerce", "Product"), False),
    ("Merchant.objects.bulk_create([])", ("merchants", "Merchant"), True),
    ("Complaint.objects.update_or_create(pk=1)", ("complaints", "Complaint"), False),
    ("rows_insert(O, [])", ("commerce", "Order"), True),
    ("rows_insert(User, [])", ("accounts", "User"), True),
    ("get_user_model().objects.bulk_create([])", ("accounts", "User"), True),
    ("Merchant(name='x').save()", ("merchants", "Merchant"), False),
])
def test_each_way_of_creating_a_row_is_seen(line, model, bulk):
    found = list(check.creations(HEADER + line + "\n"))
    assert [(m, b) for _, m, b in found] == [(model, bulk)]
    assert found[0][0] == HEADER.count("\n") + 1


def test_reads_and_updates_are_not_creations():
    source = HEADER + "O.objects.filter(pk=1).update(channel='x')\nMerchant.objects.get(pk=1)\nrows_insert\n"
    assert list(check.creations(source)) == []


def _app(tmp_path, app, module, body):
    folder = tmp_path / "weiquan" / app
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{module}.py").write_text(HEADER + body + "\n", encoding="utf-8")


def test_only_the_owner_creates_and_tests_may_build_anything(tmp_path):
    _app(tmp_path, "commerce", "services", "O.objects.create()\nrows_insert(User, [])")
    _app(tmp_path, "merchants", "services", "Merchant.objects.create()")
    _app(tmp_path, "accounts", "services", "User.objects.create(); get_user_model().objects.bulk_create([])")
    _app(tmp_path, "agencies", "services", "get_user_model().objects.create(username='body')")
    _app(tmp_path, "testing", "factories", "O.objects.create()")
    _app(tmp_path, "insight/tests", "test_x", "O.objects.create()")
    assert check.foreign_creations(tmp_path / "weiquan") == []

    _app(tmp_path, "intake", "cfpb", "rows_insert(O, [])\nget_user_model().objects.bulk_create([])")
    assert check.foreign_creations(tmp_path / "weiquan") == [
        "weiquan.intake.cfpb:8 creates commerce.Order: only commerce's services do",
        "weiquan.intake.cfpb:9 creates accounts.User rows in bulk: only commerce's services do",
    ]
