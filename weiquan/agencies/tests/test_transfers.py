"""Transfers in: a body's token files an item once per reference, with its own deadline; unknown merchants wait for
staff; reports and enquiries are recorded, never complaints; bad input is 422 naming the field and changes nothing;
the status goes back by signed webhook, once per status change, retried with backoff."""

import base64
import hashlib
import hmac
import io
import json
from datetime import date
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from weiquan.agencies import webhooks
from weiquan.agencies.models import BodyWebhook, Transfer, TransferStatus, WebhookState
from weiquan.agencies.services import transfer_match_merchant, transfers_import_csv
from weiquan.agencies.services.status import status_messages_for_event
from weiquan.agencies.tests.conftest import transfer_payload
from weiquan.complaints.models import Channel, Complaint, Status
from weiquan.core import webhooks as core_webhooks
from weiquan.core.models import OutboxTask
from weiquan.core.worker import drain
from weiquan.testing.cases import act

pytestmark = pytest.mark.django_db


def _post(client, data):
    return client.post("/api/v1/transfers/in", json.dumps(data), content_type="application/json")


def test_a_complaint_transferred_in_opens_a_case_with_the_bodys_deadline(bodies, cast):
    response = _post(bodies.api(bodies.odr_api), transfer_payload())
    assert response.status_code == 201, response.content
    body = response.json()
    transfer = Transfer.objects.get()
    complaint = transfer.complaint
    assert body["transfer_status"] == "case_opened" and body["case"]["reference"] == complaint.reference
    assert complaint.channel == Channel.TRANSFER and complaint.merchant == cast.shop
    assert complaint.category == "quality" and complaint.external_ref == "sh-12315-odr:12315-2026-000123"
    # 10 working days after 2026-11-30 (Mon): 2026-12-14.
    assert transfer.answer_due == date(2026, 12, 14) and body["answer_due"] == "2026-12-14"
    assert transfer.consumer_phone == "13700001234" and complaint.consumer.phone == "13700001234"


def test_the_same_reference_again_changes_nothing(bodies):
    client = bodies.api(bodies.odr_api)
    first = _post(client, transfer_payload())
    again = _post(client, transfer_payload(title="另一个标题"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Transfer.objects.count() == 1 and Complaint.objects.count() == 1


def test_another_body_may_use_the_same_reference(bodies):
    _post(bodies.api(bodies.odr_api), transfer_payload())
    assert _post(bodies.api(bodies.bj_api), transfer_payload()).status_code == 201
    assert Transfer.objects.count() == 2


def test_a_deadline_sent_with_the_transfer_wins(bodies):
    _post(bodies.api(bodies.odr_api), transfer_payload(answer_due="2026-12-05"))
    assert Transfer.objects.get().answer_due == date(2026, 12, 5)


@pytest.mark.parametrize(("change", "field"), [
    ({"reference": ""}, "reference"),
    ({"received_on": "30/11/2026"}, "received_on"),
    ({"received_on": "2999-01-01"}, "received_on"),
    ({"received_on": 20261130}, "received_on"),  # a number once reached a date comparison: a 500
    ({"answer_due": ["2026-12-01"]}, "answer_due"),
    ({"kind": "petition"}, "kind"),
    ({"problem_class": "火星"}, "problem_class"),
    ({"title": ""}, "title"),
    ({"consumer": {"name": "赵敏"}}, "consumer.phone"),
    ({"merchant": {}}, "merchant"),
    ({"remedies_wanted": ["money"]}, "remedies_wanted"),
    ({"amount_claimed": "-1"}, "amount_claimed"),
    ({"answer_due": "2026-11-01"}, "answer_due"),
    ({"attachments": [{"filename": "a.jpg", "content_base64": "***"}]}, "attachments.0.content_base64"),
])
def test_bad_input_is_422_naming_the_field_and_records_nothing(bodies, change, field):
    response = _post(bodies.api(bodies.odr_api), transfer_payload(**change))
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field and response.json()["code"] == "invalid"
    assert Transfer.objects.count() == 0 and Complaint.objects.count() == 0


def test_not_json_is_422(bodies):
    response = bodies.api(bodies.odr_api).post("/api/v1/transfers/in", "{", content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "invalid"


@pytest.mark.parametrize("who", ["anonymous", "consumer", "merchant", "agent", "platform", "odr_staff"])
def test_only_a_bodys_integration_account_transfers_in(bodies, cast, who):
    if who == "anonymous":
        client = Client()
    elif who == "odr_staff":
        client = bodies.api(bodies.odr_staff)
    else:
        client = bodies.api(getattr(cast, who))
    response = _post(client, transfer_payload())
    assert response.status_code in (401, 403)
    assert Transfer.objects.count() == 0


def test_an_unknown_merchant_waits_for_staff_then_the_case_opens(bodies, cast):
    response = _post(bodies.api(bodies.odr_api), transfer_payload(merchant={"name": "查无此店"}))
    assert response.status_code == 201 and response.json()["transfer_status"] == "needs_merchant"
    transfer = Transfer.objects.get()
    assert transfer.complaint is None and Complaint.objects.count() == 0
    transfer_match_merchant(actor=cast.agent, transfer=transfer, merchant=cast.shop)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CASE_OPENED and transfer.complaint.merchant == cast.shop


def test_a_store_name_alone_matches_the_merchant(bodies, cast):
    _post(bodies.api(bodies.odr_api), transfer_payload(merchant={"name": "优选服饰旗舰店"}))
    assert Transfer.objects.get().merchant == cast.shop


@pytest.mark.parametrize(("kind", "label"), [("report", "举报"), ("enquiry", "咨询")])
def test_reports_and_enquiries_are_recorded_as_such_not_as_complaints(bodies, kind, label):
    response = _post(bodies.api(bodies.odr_api), transfer_payload(kind=label, consumer={}))
    assert response.status_code == 201
    transfer = Transfer.objects.get()
    assert transfer.kind == kind and transfer.status == TransferStatus.RECORDED and transfer.complaint is None
    assert Complaint.objects.count() == 0


def test_attachments_are_kept_with_their_digest(bodies):
    raw = b"%PDF-1.4 test report"
    _post(bodies.api(bodies.odr_api), transfer_payload(attachments=[
        {"filename": "检测报告.pdf", "content_type": "application/pdf", "content_base64": base64.b64encode(raw).decode()}]))
    attachment = Transfer.objects.get().attachments.get()
    assert attachment.sha256 == hashlib.sha256(raw).hexdigest() and attachment.file.read() == raw


def test_a_bodys_transfer_attachment_passes_the_same_check(bodies):
    """A refused attachment is refused as an evidence upload is (complaints/tests/test_evidence_check.py)."""

    def post(filename, raw):
        return _post(bodies.api(bodies.odr_api), transfer_payload(attachments=[
            {"filename": filename, "content_type": "text/html", "content_base64": base64.b64encode(raw).decode()}]))

    refused = post("page.html", b"<script>alert(1)</script>")
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (
        422, "file_type", "attachments.0.filename")
    disguised = post("scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert (disguised.status_code, disguised.json()["code"]) == (422, "file_type")
    assert not Transfer.objects.exists()
    accepted = post("检测报告.pdf", b"%PDF-1.4 report")
    assert accepted.status_code == 201
    attachment = Transfer.objects.get().attachments.get()
    assert attachment.content_type == "application/pdf"  # what the bytes prove, not the "text/html" sent


def test_the_status_is_readable_by_the_body_and_staff_only(bodies, cast):
    _post(bodies.api(bodies.odr_api), transfer_payload())
    url = "/api/v1/transfers/sh-12315-odr/12315-2026-000123"
    assert bodies.api(bodies.odr_api).get(url).json()["case"]["status"] == "submitted"
    assert bodies.api(bodies.odr_staff).get(url).status_code == 200
    assert bodies.api(cast.agent).get(url).status_code == 200
    for outsider in (bodies.bj_api, bodies.bj_staff, cast.consumer, cast.merchant):
        assert bodies.api(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 401


def test_csv_import_is_idempotent_and_reports_bad_rows_by_line(bodies, cast):
    rows = ("reference,kind,problem_class,received_on,consumer_name,consumer_phone,merchant_uscc,merchant_name,title,text\n"
            "A-1,投诉,价格,2026-11-30,钱七,13600001111,91310115MA1K4XYZ7Q,,价格欺诈,标价 99 元结算 129 元。\n"
            "A-2,举报,虚假宣传,2026-11-30,,,,优选服饰旗舰店,虚假宣传,宣称纯棉实为涤纶。\n"
            "A-3,投诉,价格,not-a-date,钱七,13600001111,,优选服饰旗舰店,x,内容内容内容\n")
    report = transfers_import_csv(actor=cast.agent, body=bodies.odr, stream=io.StringIO(rows))
    assert report == {"created": 2, "existing": 0,
                      "errors": [{"line": 4, "field": "received_on", "message": "received_on must be a date (YYYY-MM-DD)"}]}
    again = transfers_import_csv(actor=cast.agent, body=bodies.odr, stream=io.StringIO(rows))
    assert (again["created"], again["existing"]) == (0, 2)
    assert Complaint.objects.count() == 1


# ---- webhooks back to the body -----------------------------------------------------------------------------------

def test_one_signed_message_per_status_change_even_if_the_subscriber_runs_twice(bodies, cast):
    _post(bodies.api(bodies.odr_api), transfer_payload())
    complaint = Complaint.objects.get()
    act(cast.agent, complaint, "accept")
    events = list(complaint.events.order_by("seq"))
    for event in events:  # the subscriber again: nothing new
        status_messages_for_event(event.pk)
    messages = list(BodyWebhook.objects.order_by("id"))
    assert [m.payload["case"]["status"] for m in messages] == ["submitted", "awaiting_merchant"]
    assert [m.source_key for m in messages] == [f"event:{e.pk}" for e in events if e.new.get("status")]


def test_delivery_is_signed_with_the_bodys_secret_and_carries_a_delivery_id(bodies):
    _post(bodies.api(bodies.odr_api), transfer_payload())
    status_messages_for_event(Complaint.objects.get().events.get().pk)  # what the event subscriber does
    message = BodyWebhook.objects.get()
    BodyWebhook.objects.filter(pk=message.pk).update(state=WebhookState.PENDING, attempts=0, next_attempt_at=None)
    sent = []

    def fake_post(url, body, headers):
        sent.append({"url": url, "body": body, "headers": headers})
        return 200

    with mock.patch.object(core_webhooks, "_post", fake_post):
        assert webhooks.body_webhook_deliver(message.pk) == WebhookState.DELIVERED
        assert webhooks.body_webhook_deliver(message.pk) == WebhookState.DELIVERED  # not sent twice
    assert len(sent) == 1 and sent[0]["url"] == "http://127.0.0.1:9/hook"
    headers, body = sent[0]["headers"], sent[0]["body"]
    expected = hmac.new(b"s3cret", headers["X-Weiquan-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Weiquan-Signature"] == f"sha256={expected}"
    assert headers["X-Weiquan-Delivery"] == str(message.delivery_id) == json.loads(body)["delivery_id"]
    assert json.loads(body)["data"]["reference"] == "12315-2026-000123"


def test_failed_deliveries_are_retried_by_the_outbox_with_backoff(bodies, settings):
    """No sweep of its own: the message's one outbox task fails, waits the outbox's backoff, and succeeds later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.TASK_RETRY_BASE_SECONDS = 60
    _post(bodies.api(bodies.odr_api), transfer_payload())
    with mock.patch.object(core_webhooks, "_post", side_effect=OSError("refused")) as refused:
        # the event subscriber writes one message and its task; that delivery fails
        assert drain(queues=["webhooks"], worker="w1") == (2, 1)
        assert drain(queues=["webhooks"], worker="w1") == (0, 0)  # not due yet: not tried again
    message = BodyWebhook.objects.get()
    task = OutboxTask.objects.get(key=f"body_webhook:{message.pk}")
    assert (task.queue, task.args) == ("webhooks", [message.pk])
    assert refused.call_count == 1
    message.refresh_from_db()
    task.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == (WebhookState.FAILED, 1, "OSError")
    assert (task.state, task.attempts, task.last_error) == ("pending", 1, "WebhookDeliveryFailed: OSError")
    assert 59 <= (task.available_at - timezone.now()).total_seconds() <= 60  # the outbox's first backoff
    OutboxTask.objects.filter(pk=task.pk).update(available_at=timezone.now())
    with mock.patch.object(core_webhooks, "_post", return_value=204) as accepted:
        assert drain(queues=["webhooks"], worker="w1") == (1, 0)
        assert webhooks.body_webhook_deliver(message.pk) == WebhookState.DELIVERED  # run again: nothing sent
    assert accepted.call_count == 1
    message.refresh_from_db()
    task.refresh_from_db()
    assert (message.state, message.attempts, message.response_status, task.state) == (
        WebhookState.DELIVERED, 2, 204, "done")
    assert not OutboxTask.objects.filter(task_path__contains="agencies_sweep").exists()


def test_a_body_without_a_status_url_keeps_the_message_and_says_so(bodies):
    type(bodies.odr).objects.filter(pk=bodies.odr.pk).update(webhook_url="")
    _post(bodies.api(bodies.odr_api), transfer_payload())
    status_messages_for_event(Complaint.objects.get().events.get().pk)  # what the event subscriber does
    message = BodyWebhook.objects.get()
    assert webhooks.body_webhook_deliver(message.pk) == WebhookState.NO_ENDPOINT
    message.refresh_from_db()
    assert (message.state, message.last_error) == (WebhookState.NO_ENDPOINT,
                                                    "the body has no status URL: kept, sent nowhere")


def test_a_status_change_of_a_case_not_transferred_sends_nothing(bodies, cast, complaint):
    accepted = act(cast.agent, complaint, "accept")
    assert sum(status_messages_for_event(e.pk) for e in accepted.events.all()) == 0
    assert accepted.status == Status.AWAITING_MERCHANT and BodyWebhook.objects.count() == 0
