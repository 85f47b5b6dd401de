"""Cases out: staff refer a case with its signed bundle; a body's staff see only the cases referred to their own body
(404 for every other, over every page), their views are logged, their messages and outcome go onto the case, and a
refused call changes nothing. Statutory statistics by 12315 class for a region and period, as CSV and Excel."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from weiquan.agencies.models import AgencyAccessLog, Referral, ReferralStatus
from weiquan.agencies.services import AgencyError
from weiquan.agencies.services.referrals import referral_create
from weiquan.complaints.models import Status
from weiquan.testing.cases import drive_to, media_in_tmp  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(cast, bodies):
    bodies.odr.kind = "regulator"  # the referral goes to a regulator; reuse the fixture's body
    bodies.odr.save(update_fields=["kind"])
    complaint = drive_to(Status.IN_MEDIATION, cast)
    referral = referral_create(actor=cast.supervisor, complaint=complaint, body=bodies.odr, note="调解不成，申请移送")
    return complaint, referral


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_referral_keeps_the_bundle_digest_and_writes_an_event(referred):
    complaint, referral = referred
    assert len(referral.bundle_sha256) == 64
    event = complaint.events.order_by("-seq").first()
    assert event.type == "referred" and event.data["body"] == "sh-12315-odr"


def test_referring_twice_to_the_same_body_is_refused(referred, cast):
    complaint, referral = referred
    with pytest.raises(AgencyError) as error:
        referral_create(actor=cast.supervisor, complaint=complaint, body=referral.body)
    assert error.value.status == 409 and Referral.objects.count() == 1


def test_only_staff_refer(cast, bodies):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    with pytest.raises(AgencyError):
        referral_create(actor=cast.merchant, complaint=complaint, body=bodies.other)
    assert _login(cast.consumer).post(f"/agencies/refer/{complaint.pk}/", {"body": bodies.other.pk}).status_code == 403
    assert Referral.objects.count() == 0


def test_the_bodys_staff_see_the_referred_case_and_their_views_are_logged(referred, bodies):
    complaint, _ = referred
    client = _login(bodies.odr_staff)
    assert complaint.reference in client.get("/agencies/cases/").content.decode()
    page = client.get(f"/agencies/cases/{complaint.pk}/")
    assert page.status_code == 200 and complaint.title in page.content.decode()
    bundle = client.get(f"/agencies/cases/{complaint.pk}/bundle.zip")
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/zip"
    assert list(AgencyAccessLog.objects.order_by("id").values_list("what", flat=True)) == ["list", "case", "bundle"]


def test_every_other_case_is_404_for_a_body_and_refused_calls_change_nothing(referred, bodies, cast):
    complaint, _ = referred
    unreferred = drive_to(Status.AWAITING_MERCHANT, cast)
    own, other = _login(bodies.odr_staff), _login(bodies.bj_staff)
    complaint.refresh_from_db()
    for path in (f"/agencies/cases/{unreferred.pk}/", f"/agencies/cases/{unreferred.pk}/bundle.zip"):
        assert own.get(path).status_code == 404
    for path in (f"/agencies/cases/{complaint.pk}/", f"/agencies/cases/{complaint.pk}/bundle.zip"):
        assert other.get(path).status_code == 404
    before = complaint.event_count
    assert other.post(f"/agencies/cases/{complaint.pk}/post/", {"action": "message", "text": "x"}).status_code == 404
    assert own.post(f"/agencies/cases/{unreferred.pk}/post/", {"action": "conclude", "outcome": "mediated",
                                                               "text": "x"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.event_count == before and Referral.objects.get().messages.count() == 0
    # The complaints API and pages answer 404 for the unreferred case too, and refuse to act on the referred one.
    api = bodies.api(bodies.odr_staff)
    assert api.get(f"/api/v1/complaints/{unreferred.pk}").status_code == 404
    assert api.post(f"/api/v1/complaints/{complaint.pk}/actions/pause_clock", {"reason": "等待检测"},
                    content_type="application/json").status_code in (403, 404)
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_MEDIATION and complaint.event_count == before


@pytest.mark.parametrize("who", ["consumer", "merchant", "agent"])
def test_the_agency_pages_are_for_a_bodys_staff_only(referred, cast, who):
    complaint, _ = referred
    assert _login(getattr(cast, who)).get(f"/agencies/cases/{complaint.pk}/").status_code == 403


def test_messages_document_requests_and_the_outcome_go_onto_the_case(referred, bodies, cast):
    complaint, referral = referred
    client = _login(bodies.odr_staff)
    client.post(f"/agencies/cases/{complaint.pk}/post/", {"action": "document_request", "text": "请提供商家进货凭证"})
    client.post(f"/agencies/cases/{complaint.pk}/post/", {"action": "conclude", "outcome": "mediated",
                                                          "text": "经调解，商家同意全额退款。"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONCLUDED and referral.outcome == "mediated"
    types = list(complaint.events.order_by("seq").values_list("type", flat=True))[-3:]
    assert types == ["referred", "referral_document_request", "referral_outcome"]
    staff_page = _login(cast.supervisor).get(f"/agencies/refer/{complaint.pk}/").content.decode()
    assert "请提供商家进货凭证" in staff_page and "经调解，商家同意全额退款。" in staff_page


def test_statistics_by_12315_class_for_the_bodys_region_as_csv_and_excel(referred, bodies, cast):
    complaint, _ = referred
    month = complaint.received_at.astimezone().strftime("%Y-%m")
    client = _login(bodies.odr_staff)
    response = client.get("/agencies/statistics/", {"from": month, "to": month, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [{"month": month, "kind": "complaint", "problem_class": "quality", "count": "1", "responded": "1",
                     "responded_on_time": "1", "median_response_hours": rows[0]["median_response_hours"],
                     "resolved": "0", "median_resolution_days": ""}]
    sheet = load_workbook(io.BytesIO(client.get("/agencies/statistics/", {"from": month, "to": month,
                                                                          "format": "xlsx"}).content)).active
    assert [c.value for c in sheet[3]][:4] == [month, "投诉", "质量", 1]
    # Beijing's association sees nothing of a Shanghai merchant.
    other = _login(bodies.bj_staff).get("/agencies/statistics/", {"from": month, "to": month, "format": "csv"})
    assert other.content.decode("utf-8-sig").strip().count("\n") == 0
    assert _login(cast.merchant).get("/agencies/statistics/").status_code == 403
    page = client.get("/agencies/statistics/", {"from": month, "to": month}).content.decode()
    assert "统计截至" in page and "（北京时间）" in page  # counted as the page is asked, and it says so


@pytest.mark.parametrize(("language", "said"), [("zh-hans", "请填写内容。"), ("en", "Please write the text.")])
def test_a_refused_message_is_told_in_the_readers_language_and_changes_nothing(referred, bodies, language, said):
    complaint, referral = referred
    client = _login(bodies.odr_staff)
    client.cookies["django_language"] = language
    events_before = complaint.events.count()
    page = client.post(f"/agencies/cases/{complaint.pk}/post/", {"action": "message", "text": "  "}, follow=True)
    text = page.content.decode()
    assert said in text and "text is required" not in text
    assert complaint.events.count() == events_before and not referral.messages.exists()
    concluded = client.post(f"/agencies/cases/{complaint.pk}/post/", {"action": "conclude", "outcome": "nonsense",
                                                                      "text": "x"}, follow=True).content.decode()
    assert ("请选择办理结果。" if language == "zh-hans" else "Please choose an outcome.") in concluded
    referral.refresh_from_db()
    assert referral.status != ReferralStatus.CONCLUDED
