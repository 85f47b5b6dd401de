"""The case page and the API hand out a piece of evidence with one set of headers (weiquan.core.downloads)."""

import pytest
from django.test import Client
from django.urls import reverse

from weiquan.complaints.services import evidence_add
from weiquan.core.downloads import CSP_IMAGE, CSP_OTHER, CSP_PDF, content_disposition
from weiquan.testing.cases import PNG, api_client

HEADERS = ("Content-Type", "Content-Disposition", "X-Content-Type-Options", "Cache-Control",
           "Content-Security-Policy")
PDF = b"%PDF-1.4 invoice"


def _page(user, complaint, evidence, query=""):
    client = Client()
    client.force_login(user)
    return client.get(reverse("complaints:case_evidence", args=[complaint.pk, evidence.pk]) + query)


def _both(cast, complaint, evidence):
    page = _page(cast.consumer, complaint, evidence)
    api = api_client("consumer", cast).get(f"/api/v1/complaints/{complaint.pk}/evidence/{evidence.pk}")
    assert (page.status_code, api.status_code) == (200, 200)
    return page, api


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "kind", "csp", "disposition"), [
    ("发票照片.png", PNG, "image/png", CSP_IMAGE,
     "inline; filename=\"download.png\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%E7%85%A7%E7%89%87.png"),
    ("invoice.pdf", PDF, "application/pdf", CSP_PDF, 'inline; filename="invoice.pdf"'),
])
def test_the_page_and_the_api_answer_with_the_same_headers(cast, complaint, name, content, kind, csp, disposition):
    evidence = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name=name, content=content)
    page, api = _both(cast, complaint, evidence)
    assert {h: page[h] for h in HEADERS} == {h: api[h] for h in HEADERS} == {
        "Content-Type": kind, "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store", "Content-Security-Policy": csp}
    # The stored file is encrypted at rest; both answers carry the decrypted bytes.
    assert evidence.file.storage.open(evidence.file.name).read() == content
    assert b"".join(page.streaming_content) == b"".join(api.streaming_content) == content


@pytest.mark.django_db
def test_the_page_can_force_a_download_with_the_same_name(cast, complaint):
    evidence = evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="发票.png", content=PNG)
    forced = _page(cast.consumer, complaint, evidence, "?download=1")
    assert forced["Content-Disposition"] == "attachment; filename=\"download.png\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8.png"
    assert forced["Cache-Control"] == "private, no-store" and forced["X-Content-Type-Options"] == "nosniff"


def test_content_disposition_names():
    assert content_disposition("报告.pdf") == "attachment; filename=\"download.pdf\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf"
    assert content_disposition("a b.zip") == 'attachment; filename="a b.zip"'
    # Quotes, backslashes and line breaks cannot end the header or start another.
    assert content_disposition('x"\r\nSet-Cookie: a=1\\.txt', inline=True) == 'inline; filename="x___Set-Cookie: a=1_.txt"'
    assert content_disposition("") == 'attachment; filename="download"'
    assert CSP_OTHER.endswith("sandbox")
