"""Erasure leaves nothing of the person in the database and the record still verifies: every text column of every
table is scanned for what they typed or were called (PIPL Art.47; docs/decisions/0014)."""

import base64
import json
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from weiquan.accounts.services import user_set_personal_data
from weiquan.agencies.models import AgencyMembership, Body, TransferAttachment
from weiquan.agencies.services import transfer_receive
from weiquan.complaints.models import Evidence
from weiquan.complaints.services import evidence_add, message_post
from weiquan.complaints.services.enquiry import enquiry_record
from weiquan.notifications.models import Notification
from weiquan.privacy.erasure import personal_data_erase
from weiquan.privacy.export import personal_data_export
from weiquan.testing.cases import PNG, act, drive_to, fast_passwords, media_in_tmp, new_case  # noqa: F401
from weiquan.testing.factories import make_user

pytestmark = pytest.mark.django_db

NAME, PHONE, ADDRESS, MAIL = "欧阳娜娜", "13966665555", "幸福路88弄7号", "ouyang.nana.planted"
TYPED = {
    "description": "在海棠花园小区收货时发现破损", "message": "我的电话13966665555，晚上联系",
    "withdraw": "撤回理由：已与商家庭外和解甲乙", "reject_offer": "拒绝方案理由：补偿太少丙丁",
    "escalate": "升级理由：商家一直推脱戊己", "appeal": "申诉理由：裁决没考虑运费庚辛",
    "evidence": "欧阳娜娜的发票照片.png", "enquiry": "咨询：海棠花园的快递丢件怎么办壬癸",
    "transfer": "转办：羽绒服跑绒严重子丑寅", "attachment": "欧阳娜娜-购物小票.pdf",
}
PLANTED = [NAME, PHONE, ADDRESS, MAIL, *TYPED.values()]


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings):
    """The events' subscribers (notifications, analytics, bodies) run where they are enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default"]}}


def _forms(text: str) -> set[str]:
    """How a text may be stored: as it is, or inside JSON with non-ASCII escaped."""
    return {text, json.dumps(text)[1:-1]}


def _find_planted() -> list[tuple[str, str, str]]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            names = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(names, row, strict=True):
                    if value is None or isinstance(value, int | float):
                        continue
                    text = (bytes(value).decode("utf-8", "ignore") if isinstance(value, bytes | memoryview)
                            else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str))
                    found += [(table, column, p) for p in PLANTED if any(f in text for f in _forms(p))]
    return found


def _body_account():
    body = Body.objects.create(code="sh-12315", name="上海市12315", kind="hotline", region="上海市",
                               answer_working_days=10)
    account = make_user("agency_api", username="sh_api")
    AgencyMembership.objects.create(user=account, body=body)
    return account


def test_after_erasure_verify_events_passes_and_nothing_of_the_person_is_left_anywhere(
        cast, django_capture_on_commit_callbacks):
    person = cast.consumer
    user_set_personal_data(user=person, display_name=NAME, phone=PHONE, address=ADDRESS)
    person.email, person.external_id = f"{MAIL}@example.com", "buyer-planted-1"
    person.save()

    with django_capture_on_commit_callbacks(execute=True):  # notifications, analytics: what the events cause
        offered = drive_to("merchant_responded", cast)
        act(person, offered, "reject_offer", reason=TYPED["reject_offer"])
        escalated = drive_to("merchant_responded", cast)
        act(person, escalated, "escalate", reason=TYPED["escalate"])
        decided = drive_to("decided", cast, upheld=False)
        act(person, decided, "appeal", reasons=TYPED["appeal"])
        mine = new_case(cast, description=TYPED["description"])
        message_post(actor=person, complaint_id=mine.pk, body=TYPED["message"])
        evidence_add(actor=person, complaint_id=mine.pk, name=TYPED["evidence"], content=PNG)
        act(person, mine, "withdraw", reason=TYPED["withdraw"])
        enquiry_record(actor=cast.agent, phone=PHONE, question=TYPED["enquiry"], answer="建议先联系快递公司",
                       advice="answered", received_at=timezone.now())
        cast.shop.uscc = "91310115MA1K4XYZ7Q"
        cast.shop.save(update_fields=["uscc"])
        received = transfer_receive(actor=_body_account(), data={
            "reference": "12315-2026-777", "kind": "complaint", "problem_class": "质量", "received_on": "2026-11-30",
            "consumer": {"name": NAME, "phone": PHONE}, "merchant": {"uscc": cast.shop.uscc, "name": cast.shop.name},
            "title": "羽绒服跑绒", "text": TYPED["transfer"], "remedies_wanted": ["refund"], "amount_claimed": "599.00",
            "attachments": [{"filename": TYPED["attachment"], "content_type": "application/pdf",
                             "content_base64": base64.b64encode(b"%PDF-1.4 receipt").decode()}]})
    assert received.transfer.complaint.consumer_id == person.pk
    assert Notification.objects.filter(recipient=cast.merchant).exists()  # the events' subscribers ran
    files = [Evidence.objects.get(complaint=mine).file.name, TransferAttachment.objects.get().file.name]
    assert all(default_storage.exists(name) for name in files)
    # the person's own copy lists the phone enquiry too (decision 0022)
    assert [e["question"] for e in personal_data_export(person)["enquiries"]] == [TYPED["enquiry"]]
    assert {p for _, _, p in _find_planted()} >= set(TYPED.values()) - {TYPED["evidence"], TYPED["attachment"]}

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the erasure commits
        erasure = personal_data_erase(actor=cast.compliance, subject=person, reason="test: erasure is complete")

    out = StringIO()
    call_command("verify-events", stdout=out)  # raises (exit 1) on any broken chain or row
    assert out.getvalue().startswith("OK: 5 cases")
    assert _find_planted() == []
    assert not any(default_storage.exists(name) for name in files)
    assert (erasure.counts["cases"], erasure.counts["transfers"], erasure.counts["enquiries"]) == (5, 1, 1)
