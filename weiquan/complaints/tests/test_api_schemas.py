"""The complaint API's typed answers carry every field the case presents, to every viewer: declaring the schemas
dropped nothing (a field a schema forgot would silently vanish from the answer)."""

import json

import pytest

from weiquan.complaints import present
from weiquan.complaints.models import Complaint, Status
from weiquan.complaints.services import evidence_add, message_post
from weiquan.core.api_json import UtcJSONEncoder
from weiquan.testing.cases import (
    api_client,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    media_in_tmp,  # noqa: F401
    post_json,
    user_for,
)

pytestmark = pytest.mark.django_db


def _as_json(value) -> dict:
    return json.loads(json.dumps(value, cls=UtcJSONEncoder))


@pytest.mark.parametrize("role", ["consumer", "merchant", "agent", "supervisor", "integration"])
def test_the_case_over_the_api_is_everything_the_case_presents_to_that_viewer(cast, role):
    complaint = drive_to(Status.APPEALED, cast)
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="内部备注", staff_only=True)
    evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="photo.png",
                 content=b"\x89PNG\r\n\x1a\n" + b"0" * 64, description="照片", staff_only=False)
    user = user_for(role, cast)
    answer = api_client(role, cast).get(f"/api/v1/complaints/{complaint.pk}")
    assert answer.status_code == 200
    expected = _as_json(present.detail(user, Complaint.objects.get(pk=complaint.pk)))
    assert answer.json() == expected
    staff = role in ("agent", "supervisor")
    assert ("event_chain_intact" in answer.json()) is staff
    assert all(("data" in event) is staff for event in answer.json()["events"])
    assert answer.json()["decisions"] and answer.json()["remedies"] and answer.json()["evidence"]


def test_an_action_and_the_facts_answer_the_same_typed_case(cast):
    complaint = drive_to(Status.SUBMITTED, cast)
    client = api_client("agent", cast)
    acted = post_json(client, f"/api/v1/complaints/{complaint.pk}/actions/accept", {})
    assert acted.status_code == 200
    assert acted.json() == _as_json(present.detail(cast.agent, Complaint.objects.get(pk=complaint.pk)))
    assert acted.json()["status"] == Status.AWAITING_MERCHANT


def test_assessment_versions_keep_their_keys(cast):
    complaint = drive_to(Status.SUBMITTED, cast)
    answer = api_client("consumer", cast).get(f"/api/v1/complaints/{complaint.pk}/assessments")
    assert answer.status_code == 200
    expected = _as_json([present.assessment_version_item(v) for v in complaint.assessment_versions.order_by("version")])
    assert answer.json() == expected
