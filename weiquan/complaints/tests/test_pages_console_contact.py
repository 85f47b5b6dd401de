"""The consumer's contact details on the console's case page: masked by default; one field shown whole after a
reveal with a reason, logged in the personal-data access log for that viewer, never kept for the next page."""

import pytest
from django.urls import reverse

from weiquan.privacy.models import PersonalDataAccess
from weiquan.testing.cases import clock_fixture, fast_passwords, login, media_in_tmp, new_case  # noqa: F401

PHONE, ADDRESS_PART, NAME = "13812341234", "世纪大道", "张三"


def reveal(client, complaint, field="phone", reason="电话回访消费者", htmx=False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("complaints:console_contact_reveal", args=[complaint.pk]),
                       {"field": field, "reveal_reason": reason}, **headers)


@pytest.mark.django_db
def test_reveal_shows_one_field_whole_and_logs_who_and_why(cast, clock):
    complaint = new_case(cast)
    client = login(cast.agent)
    response = reveal(client, complaint)
    assert response.status_code == 200
    html = response.content.decode()
    assert PHONE in html and ADDRESS_PART not in html and f"{NAME}</dd>" not in html
    entry = PersonalDataAccess.objects.get()
    assert (entry.viewer_id, entry.subject_id, entry.fields) == (cast.agent.pk, cast.consumer.pk, ["phone"])
    assert entry.purpose == f"{complaint.reference}: 电话回访消费者"
    # Nothing is kept: the next view of the case is masked again.
    again = client.get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert PHONE not in again and "138****1234" in again


@pytest.mark.django_db
def test_reveal_by_htmx_returns_the_card_alone(cast, clock):
    complaint = new_case(cast)
    response = reveal(login(cast.supervisor), complaint, field="address", reason="核对退货地址", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="card contact-card"')
    assert ADDRESS_PART in html and PHONE not in html
    assert PersonalDataAccess.objects.get().fields == ["address"]


@pytest.mark.django_db
@pytest.mark.parametrize("field,reason,expected", [
    ("phone", "", "请写明查看的理由"),
    ("phone", "看看", "请写明查看的理由"),
    ("phone", "x" * 151, "内容过长"),
    ("id_number", "电话回访消费者", "填写的内容无效"),
])
def test_refused_reveal_shows_why_and_logs_nothing(cast, clock, field, reason, expected):
    complaint = new_case(cast)
    response = reveal(login(cast.agent), complaint, field=field, reason=reason)
    html = response.content.decode()
    assert response.status_code == 422 and expected in html
    assert PHONE not in html and PersonalDataAccess.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("consumer", 403), ("merchant", 403), ("other_merchant", 403),
                                         ("compliance", 403), ("other_consumer", 403)])
def test_only_case_workers_may_reveal(cast, clock, role, status):
    complaint = new_case(cast)
    response = reveal(login(getattr(cast, role)), complaint)
    assert response.status_code == status and PHONE.encode() not in response.content
    assert PersonalDataAccess.objects.count() == 0


@pytest.mark.django_db
def test_reveal_needs_post_and_a_known_case(cast, clock):
    complaint = new_case(cast)
    client = login(cast.agent)
    assert client.get(reverse("complaints:console_contact_reveal", args=[complaint.pk])).status_code == 405
    assert client.post(reverse("complaints:console_contact_reveal", args=[999999]),
                       {"field": "phone", "reveal_reason": "电话回访消费者"}).status_code == 404
    assert PersonalDataAccess.objects.count() == 0


@pytest.mark.django_db
def test_reveal_page_in_english(cast, clock):
    complaint = new_case(cast)
    client = login(cast.agent)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("complaints:console_case", args=[complaint.pk])).content.decode()
    assert "Show phone number" in html and "Reason for viewing" in html
