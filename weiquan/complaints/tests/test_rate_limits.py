"""The filing limits (per user and per order) and the upload limit, counted in the shared store: over a limit the
API answers 429 in JSON and the pages give the reason in words, both with Retry-After; nothing is created."""

import json
from datetime import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from weiquan.complaints.models import Complaint, Evidence
from weiquan.complaints.tests.test_wizard_facts import ANSWERS, wizard_post
from weiquan.complaints.views.filing import problem_for
from weiquan.testing.cases import PNG, SH, api_client, fast_passwords, frozen, media_in_tmp, new_case  # noqa: F401
from weiquan.testing.factories import make_order

pytestmark = pytest.mark.django_db
# The limiter's fixed windows start at multiples of their length: NOW is 600 s into an hour (3000 s left) and at
# the very start of a 600 s window (all 600 s left).
NOW = 1_800_000_000 + 600


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    """The limiter's clock, fixed, so that the wait it announces is an exact number."""
    monkeypatch.setattr("weiquan.core.ratelimit.time", SimpleNamespace(time=lambda: NOW))


def filing(order, **changes) -> dict:
    body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "开线",
            "description": "收到的外套袖口开线，申请退款。", "remedies_wanted": ["refund"], "amount_claimed": "10.00"}
    return {**body, **changes}


def post(client, url, body):
    return client.post(url, json.dumps(body, ensure_ascii=False), content_type="application/json")


def assert_limited(response, wait: int):
    assert response.status_code == 429, response.content
    assert response["Retry-After"] == str(wait)


def test_filing_per_user_answers_429_with_retry_after_and_files_nothing(cast, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "filing_user": "2/3600", "filing_order": "5/86400"}
    orders = [make_order(consumer=cast.consumer, merchant=cast.shop) for _ in range(3)]
    consumer = api_client("consumer", cast)
    assert [post(consumer, "/api/v1/complaints", filing(o)).status_code for o in orders[:2]] == [201, 201]
    refused = post(consumer, "/api/v1/complaints", filing(orders[2]))
    assert_limited(refused, 3000)
    assert refused.json() == {"code": "rate_limited", "message": "too many requests; try again in 3000 seconds"}
    assert Complaint.objects.filter(consumer=cast.consumer).count() == 2
    assert not Complaint.objects.filter(order=orders[2]).exists()
    # Per user: another consumer has their own allowance.
    other_order = make_order(consumer=cast.other_consumer, merchant=cast.shop)
    assert post(api_client("other_consumer", cast), "/api/v1/complaints", filing(other_order)).status_code == 201


def test_filing_per_order_answers_429_and_another_order_still_files(cast, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "filing_user": "20/3600", "filing_order": "1/86400"}
    first, second = (make_order(consumer=cast.consumer, merchant=cast.shop) for _ in range(2))
    consumer = api_client("consumer", cast)
    assert post(consumer, "/api/v1/complaints", filing(first)).status_code == 201
    # 86400 s windows start at multiples of 86400: NOW is 600 s past one hour-multiple, not a day-multiple.
    refused = post(consumer, "/api/v1/complaints", filing(first, title="又开线了"))
    assert_limited(refused, 86400 - NOW % 86400)
    assert Complaint.objects.filter(order=first).count() == 1
    assert post(consumer, "/api/v1/complaints", filing(second)).status_code == 201
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize("as_json", [True, False], ids=["script", "page"])
def test_the_filing_page_says_when_to_try_again_and_files_nothing(cast, settings, as_json):
    from weiquan.complaints.tests.test_wizard_facts import make_order as wizard_order

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "filing_user": "1/3600"}
    problem = problem_for("defect")
    order = wizard_order(cast, "single_line")
    other = make_order(consumer=cast.consumer, merchant=cast.shop)
    assert post(api_client("consumer", cast), "/api/v1/complaints", filing(other)).status_code == 201
    web = Client()
    web.force_login(cast.consumer)
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    with frozen(datetime(2026, 3, 4, 9, 30, tzinfo=SH)), translation.override("zh-hans"):
        refused = web.post(reverse("complaints:file"), wizard_post(order, problem, ANSWERS["defect"][0]), **headers)
    assert_limited(refused, 3000)
    said = "提交过于频繁，请 3000 秒后再试。"
    if as_json:
        assert refused.json() == {"ok": False, "errors": {"form": said}}
    else:
        assert said in refused.content.decode()
    assert not Complaint.objects.filter(order=order).exists()


def test_uploads_over_the_limit_answer_429_and_store_no_file(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "1/600"}
    case = new_case(cast)
    consumer = api_client("consumer", cast)
    url = f"/api/v1/complaints/{case.pk}/evidence"
    assert consumer.post(url, {"file": _png("a.png", b"1")}).status_code == 201
    refused = consumer.post(url, {"file": _png("b.png", b"2")})
    assert_limited(refused, 600)
    assert refused.json()["code"] == "rate_limited"
    web = Client()
    web.force_login(cast.consumer)
    page = web.post(reverse("complaints:case_evidence_add", args=[case.pk]), {"file": _png("c.png", b"3")},
                    HTTP_ACCEPT="application/json")
    assert_limited(page, 600)
    assert page.json() == {"ok": False, "errors": ["c.png: 提交过于频繁，请 600 秒后再试。"]}
    assert list(Evidence.objects.filter(complaint=case).values_list("original_name", flat=True)) == ["a.png"]
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1
    # Staff are not limited: they file and upload for others.
    staff = api_client("agent", cast)
    assert staff.post(url, {"file": _png("d.png", b"4")}).status_code == 201


def _png(name: str, tail: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG + tail, content_type="image/png")
