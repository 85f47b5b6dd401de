"""The evidence size and type check lives in the service that stores evidence: the case page, the API and a body's
transfer (agencies/tests/test_transfers.py) are refused by the same check, in the same words, and a refusal writes nothing (no row, no file, no event)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from weiquan.complaints.models import Evidence
from weiquan.complaints.services import ComplaintError, evidence_add, evidence_file_check
from weiquan.testing.cases import PNG, api_client, snapshot

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 invoice"


def _web(user, complaint, name, content):
    client = Client()
    client.force_login(user)
    return client.post(reverse("complaints:case_evidence_add", args=[complaint.pk]),
                       {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT="application/json")


def _api(cast, complaint, name, content):
    return api_client("consumer", cast).post(f"/api/v1/complaints/{complaint.pk}/evidence",
                                             data={"file": SimpleUploadedFile(name, content)})


def _stored_files(complaint) -> list[str]:
    return list(Evidence.objects.filter(complaint=complaint).values_list("file", flat=True))


@pytest.mark.parametrize(("name", "content", "code", "words"), [
    ("big.pdf", PDF + b"x" * 200, "file_too_large", "文件太大。"),
    ("tool.exe", b"MZ\x90\x00", "file_type", "不支持这种文件类型，或文件内容与扩展名不符。"),
    ("photo.pdf", PNG, "file_type", "不支持这种文件类型，或文件内容与扩展名不符。"),  # a PNG named .pdf
    ("empty.pdf", b"", "empty_file", "文件是空的。"),
])
def test_the_page_and_the_api_refuse_alike_and_store_nothing(cast, complaint, settings, name, content, code, words):
    settings.EVIDENCE_MAX_BYTES = 100
    before = snapshot(complaint.pk)
    api = _api(cast, complaint, name, content)
    assert (api.status_code, api.json()["code"], api.json()["field"]) == (422, code, "file")
    page = _web(cast.consumer, complaint, name, content)
    assert page.status_code == 422
    assert json.loads(page.content)["errors"] == [f"{name}: 文件：{words}"]
    assert snapshot(complaint.pk) == before and _stored_files(complaint) == []


def test_the_page_and_the_api_accept_the_same_file(cast, complaint, settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF)  # exactly at the limit is allowed
    api = _api(cast, complaint, "发票.pdf", PDF)
    assert api.status_code == 201 and api.json()["name"] == "发票.pdf"
    page = _web(cast.merchant, complaint, "invoice.pdf", PDF)
    assert page.status_code == 201
    assert sorted(Evidence.objects.filter(complaint=complaint).values_list("uploader_party", "content_type")) == [
        ("consumer", "application/pdf"), ("merchant", "application/pdf")]


class _Oversized:
    """An upload that says it is too large and must not be read to find out."""

    size = 10**9

    def read(self, *_args):
        raise AssertionError("an oversized upload was read into memory")

    def seek(self, *_args):
        raise AssertionError("an oversized upload was read into memory")


def test_an_upload_is_judged_by_its_declared_size_before_it_is_read(cast, complaint):
    with pytest.raises(ComplaintError) as info:
        evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="huge.mp4", content=_Oversized())
    assert info.value.code == "file_too_large" and not Evidence.objects.exists()


def test_a_smaller_limit_of_the_caller_applies_and_the_type_comes_from_the_bytes():
    checked = evidence_file_check("报告.pdf", PDF, max_bytes=len(PDF))
    assert (checked.name, checked.content_type, checked.content) == ("报告.pdf", "application/pdf", PDF)
    with pytest.raises(ComplaintError) as info:
        evidence_file_check("报告.pdf", PDF, max_bytes=len(PDF) - 1)
    assert info.value.code == "file_too_large"

