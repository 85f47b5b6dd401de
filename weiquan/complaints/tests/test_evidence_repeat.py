"""The same evidence file sent twice. The same party on the same case gets the item already there: one row, one file on
disk, one event, and both answers name the same id. Another party, another case, or the other visibility (staff-only
or not) gets an item of its own. Every event chain stays intact."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from weiquan.complaints.models import Complaint, ComplaintEvent, Evidence, Status
from weiquan.complaints.services import evidence_add
from weiquan.testing.cases import (
    PNG,
    api_client,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    media_in_tmp,  # noqa: F401
    new_case,
)

pytestmark = pytest.mark.django_db

SHA = hashlib.sha256(PNG).hexdigest()
REPEAT_NOTE = "收据-副本.png：案件中已有相同的文件，没有重复保存。"


def files_on_disk(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def evidence_events(complaint) -> list[int]:
    """The evidence ids named by the case's evidence_added events, oldest first."""
    events = ComplaintEvent.objects.filter(complaint=complaint, type="evidence_added").order_by("seq")
    return [e.data["evidence"] for e in events]


def chains_intact() -> str:
    out = StringIO()
    call_command("verify-events", stdout=out)
    return out.getvalue()


def all_intact() -> str:
    from weiquan.merchants.models import Merchant, MerchantEvent

    cases, events = Complaint.objects.count(), ComplaintEvent.objects.count()
    merchants, merchant_events = Merchant.objects.count(), MerchantEvent.objects.count()
    return (f"OK: {cases} cases, {events} events checked; {merchants} merchants, {merchant_events} merchant events "
            "checked; every chain is intact\n")


def api_upload(client, complaint, name: str, content: bytes = PNG, **fields):
    return client.post(
        f"/api/v1/complaints/{complaint.pk}/evidence", data={"file": SimpleUploadedFile(name, content), **fields}
    )


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_upload(client, complaint, name: str, content: bytes = PNG, **headers):
    url = reverse("complaints:case_evidence_add", args=[complaint.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content, "image/png")}, **headers)


# -- the same party, the same case: one item ---------------------------------------------------------------------


def test_the_same_file_twice_over_the_api_is_one_item(cast, complaint, settings):
    client = api_client("consumer", cast)
    first = api_upload(client, complaint, "收据.png", description="付款收据")
    again = api_upload(client, complaint, "收据-副本.png", description="再传一次")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()  # the item already there, as it was first stored
    assert (first.json()["name"], first.json()["description"], first.json()["sha256"]) == ("收据.png", "付款收据", SHA)
    assert list(Evidence.objects.filter(complaint=complaint).values_list("pk", flat=True)) == [first.json()["id"]]
    assert files_on_disk(settings) == [f"evidence/{SHA[:2]}/{SHA}"]
    assert evidence_events(complaint) == [first.json()["id"]]
    assert chains_intact() == all_intact()


def test_two_staff_of_one_store_are_one_party(cast, complaint, settings):
    from weiquan.testing.factories import make_user

    colleague = make_user(role="merchant", merchant=cast.shop)
    first = evidence_add(actor=cast.merchant, complaint_id=complaint.pk, name="发货单.png", content=PNG)
    again = evidence_add(actor=colleague, complaint_id=complaint.pk, name="发货单.png", content=PNG)

    assert (first.already_on_case, again.already_on_case, again.pk) == (False, True, first.pk)
    assert Evidence.objects.filter(complaint=complaint).count() == 1
    assert len(files_on_disk(settings)) == 1
    assert evidence_events(complaint) == [first.pk]


def test_the_case_page_uploader_answers_the_item_already_there(cast, complaint, settings):
    client = page_client(cast.consumer)
    first = page_upload(client, complaint, "收据.png", HTTP_ACCEPT="application/json")
    again = page_upload(client, complaint, "收据-副本.png", HTTP_ACCEPT="application/json")

    assert (first.status_code, again.status_code) == (201, 200)
    (stored,), (repeat,) = first.json()["files"], again.json()["files"]
    assert (stored["already_on_case"], repeat["already_on_case"]) == (False, True)
    assert repeat["id"] == stored["id"] and repeat["name"] == "收据.png"

    # Without the script (a plain form post) and with htmx, the page says so instead of counting an upload.
    plain = page_upload(client, complaint, "收据-副本.png", follow=True)
    said = [str(m) for m in plain.context["messages"]]
    assert REPEAT_NOTE in said and not any(m.startswith("已上传") for m in said)
    htmx = page_upload(client, complaint, "收据-副本.png", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and f'<p class="notice" role="status">{REPEAT_NOTE}</p>' in htmx.content.decode()

    assert Evidence.objects.filter(complaint=complaint).count() == 1
    assert files_on_disk(settings) == [f"evidence/{SHA[:2]}/{SHA}"]
    assert evidence_events(complaint) == [stored["id"]]
    assert chains_intact() == all_intact()


def test_a_merchant_answer_with_the_same_file_twice_stores_it_once(cast, clock, settings):
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    files = [
        SimpleUploadedFile("签收照片.png", PNG, "image/png"),
        SimpleUploadedFile("收据-副本.png", PNG, "image/png"),
    ]
    client = page_client(cast.merchant)
    response = client.post(
        reverse("complaints:merchant_respond", args=[complaint.pk]),
        {
            "kind": "refusal",
            "reasons": "商品已超过七天且吊牌已剪。",
            "file": files,
            "next": reverse("complaints:merchant_case", args=[complaint.pk]),
        },
        follow=True,
    )

    said = [str(m) for m in response.context["messages"]]
    assert said == ["已提交答复，并上传 1 个证据文件。", REPEAT_NOTE]
    assert list(Evidence.objects.filter(complaint=complaint).values_list("original_name", flat=True)) == [
        "签收照片.png"
    ]
    assert len(evidence_events(complaint)) == 1
    assert chains_intact() == all_intact()


# -- otherwise: an item of its own ---------------------------------------------------------------------------------


def test_another_party_with_the_same_bytes_gets_its_own_item(cast, complaint, settings):
    mine = api_upload(api_client("consumer", cast), complaint, "收据.png")
    theirs = api_upload(api_client("merchant", cast), complaint, "收据.png")

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    rows = Evidence.objects.filter(complaint=complaint).order_by("pk")
    assert [(e.pk, e.uploader_party, e.sha256) for e in rows] == [
        (mine.json()["id"], "consumer", SHA),
        (theirs.json()["id"], "merchant", SHA),
    ]
    assert len(files_on_disk(settings)) == 2
    assert evidence_events(complaint) == [mine.json()["id"], theirs.json()["id"]]
    assert chains_intact() == all_intact()


def test_the_same_bytes_on_another_case_is_a_new_item(cast, complaint, settings):
    other = new_case(cast)
    client = api_client("consumer", cast)
    here = api_upload(client, complaint, "收据.png")
    there = api_upload(client, other, "收据.png")

    assert (here.status_code, there.status_code) == (201, 201)
    assert here.json()["id"] != there.json()["id"]
    assert Evidence.objects.filter(sha256=SHA).count() == 2
    assert [evidence_events(complaint), evidence_events(other)] == [[here.json()["id"]], [there.json()["id"]]]
    assert chains_intact() == all_intact()


def test_a_staff_only_copy_and_a_shared_copy_are_two_items(cast, complaint):
    # Answering the internal item for a shared upload would hide from the parties what staff meant them to see.
    client = api_client("agent", cast)
    internal = api_upload(client, complaint, "检测.png", staff_only="true")
    shared = api_upload(client, complaint, "检测.png")

    assert (internal.status_code, shared.status_code) == (201, 201)
    assert (internal.json()["staff_only"], shared.json()["staff_only"]) == (True, False)
    assert Evidence.objects.filter(complaint=complaint).count() == 2
    assert chains_intact() == all_intact()
