"""The case record proves the content it shows: every kind of row edit, deletion or insertion outside the services
is caught by `weiquan verify-events` and named; a later service action does not launder an earlier edit; every
broken case is reported, not only the first; a chain from before content commitments is snapshotted."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from weiquan.complaints import content as case_content
from weiquan.complaints.events import verify_all_chains, verify_case
from weiquan.complaints.models import (
    Complaint,
    ComplaintEvent,
    Decision,
    Evidence,
    MerchantResponse,
    Message,
    Remedy,
    Status,
)
from weiquan.complaints.services import evidence_add, message_post
from weiquan.testing.cases import (
    PNG,
    act,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    media_in_tmp,  # noqa: F401
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast, clock):
    """A decided case (offer, escalation, decision with a refund ordered) with a staff note, a message, a file."""
    complaint = drive_to(Status.DECIDED, cast)
    message_post(actor=cast.agent, complaint_id=complaint.pk, body="内部：商家有前科。", staff_only=True)
    message_post(actor=cast.consumer, complaint_id=complaint.pk, body="请尽快退款。")
    evidence_add(actor=cast.consumer, complaint_id=complaint.pk, name="photo.png", content=PNG)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert verify_case(complaint) == []
    return complaint


def problems(complaint) -> list[str]:
    return [str(p) for p in verify_case(Complaint.objects.get(pk=complaint.pk))]


def verify_command() -> str:
    with pytest.raises(CommandError) as caught:
        call_command("verify-events", stdout=StringIO())
    assert caught.value.returncode == 1
    return str(caught.value)


def test_the_staff_note_made_public_by_sql_is_caught_and_named(case):
    note = Message.objects.get(complaint=case, staff_only=True)
    with connection.cursor() as cursor:  # exactly what the issue describes, bypassing the ORM
        cursor.execute("UPDATE complaints_message SET staff_only = %s WHERE id = %s", [False, note.pk])
    expected = f"{case.reference} (complaint {case.pk}): message {note.pk}: changed outside the services"
    assert problems(case) == [expected]
    assert verify_command() == f"event chain broken: {expected}"
    Message.objects.filter(pk=note.pk).update(staff_only=True)  # put back: intact again
    assert problems(case) == []
    out = StringIO()
    call_command("verify-events", stdout=out)
    assert out.getvalue().startswith("OK: 1 cases,")


def row_edits(case):
    remedy = Remedy.objects.filter(complaint=case, state=Remedy.State.ORDERED).get()
    decision = Decision.objects.get(complaint=case)
    response = MerchantResponse.objects.get(complaint=case)
    message = Message.objects.filter(complaint=case, staff_only=False).latest("id")
    evidence = Evidence.objects.get(complaint=case)
    return [
        (Message, message.pk, {"body": "改过的留言"}, f"message {message.pk}"),
        (Remedy, remedy.pk, {"amount": Decimal("2990.00")}, f"remedy {remedy.pk}"),
        (Remedy, remedy.pk, {"state": Remedy.State.EXECUTED}, f"remedy {remedy.pk}"),
        (Decision, decision.pk, {"reasons": "改过的裁决理由，支持全额退款。"}, f"decision {decision.pk}"),
        (Decision, decision.pk, {"outcome": "rejected"}, f"decision {decision.pk}"),
        (MerchantResponse, response.pk, {"reasons": "改过的答复"}, f"response {response.pk}"),
        (MerchantResponse, response.pk, {"outcome": "accepted"}, f"response {response.pk}"),
        (Evidence, evidence.pk, {"sha256": "0" * 64}, f"evidence {evidence.pk}"),
        (Evidence, evidence.pk, {"file": "evidence/00/other"}, f"evidence {evidence.pk}"),
        (Evidence, evidence.pk, {"staff_only": True}, f"evidence {evidence.pk}"),
        (Complaint, case.pk, {"status": Status.RESOLVED}, "the case's status and clock"),
        (Complaint, case.pk, {"next_party": "none"}, "the case's status and clock"),
        (Complaint, case.pk, {"deadline": None}, "the case's status and clock"),
        (Complaint, case.pk, {"description": "改过的投诉内容"}, "the case's content"),
        (Complaint, case.pk, {"amount_claimed": Decimal("9999.00")}, "the case's content"),
    ]


def test_every_kind_of_row_edit_is_caught_and_named(case):
    for model, pk, change, label in row_edits(case):
        original = model.objects.filter(pk=pk).values(*change).get()
        assert model.objects.filter(pk=pk).update(**change) == 1
        assert problems(case) == [f"{case.reference} (complaint {case.pk}): {label}: changed outside the services"], \
            (model.__name__, change)
        model.objects.filter(pk=pk).update(**original)
        assert problems(case) == [], (model.__name__, change)


def test_a_deleted_row_is_caught_and_named(case):
    message = Message.objects.filter(complaint=case, staff_only=False).latest("id")
    pk = message.pk
    message.delete()
    assert problems(case) == [f"{case.reference} (complaint {case.pk}): message {pk}: deleted outside the services"]


def test_an_inserted_row_is_caught_and_named(case, cast):
    forged = Message.objects.create(complaint=case, author=cast.merchant, author_party="merchant", body="同意全额退款")
    remedy = Remedy.objects.create(complaint=case, kind="compensation", amount=Decimal("500.00"),
                                   state=Remedy.State.ORDERED)
    assert problems(case) == [
        f"{case.reference} (complaint {case.pk}): message {forged.pk}: added outside the services",
        f"{case.reference} (complaint {case.pk}): remedy {remedy.pk}: added outside the services",
    ]


def test_an_edit_is_not_laundered_by_the_next_service_action(case, cast):
    """The next event commits only what its own transaction changed: the edited note stays caught."""
    note = Message.objects.get(complaint=case, staff_only=True)
    Message.objects.filter(pk=note.pk).update(staff_only=False)
    message_post(actor=cast.consumer, complaint_id=case.pk, body="还有一个问题。")
    act(cast.consumer, Complaint.objects.get(pk=case.pk), "appeal", reasons="裁决金额不足。")
    assert problems(case) == [f"{case.reference} (complaint {case.pk}): message {note.pk}: changed outside the services"]


def test_a_service_that_changes_a_row_commits_its_new_content(case, cast):
    remedy = Remedy.objects.filter(complaint=case, state=Remedy.State.ORDERED).get()
    act(cast.merchant, case, "confirm_remedy", remedy_id=remedy.pk, reference="RF-1")
    event = Complaint.objects.get(pk=case.pk).events.latest("seq")
    assert f"remedy {remedy.pk}".replace(" ", ":") in event.content
    assert f"state:{case.pk}" in event.content  # next party changed with it
    assert problems(case) == []


def test_every_broken_case_is_reported_not_only_the_first(case, cast):
    other = drive_to(Status.MERCHANT_RESPONDED, cast)
    Message.objects.filter(complaint=case, staff_only=True).update(staff_only=False)
    MerchantResponse.objects.filter(complaint=other).update(reasons="改过")
    Complaint.objects.filter(pk=other.pk).update(status=Status.CLOSED)
    found = [(p.complaint_id, p.row) for p in verify_all_chains()]
    response = MerchantResponse.objects.get(complaint=other)
    note = Message.objects.get(complaint=case, staff_only=False, author=cast.agent)
    assert found == [(case.pk, f"message {note.pk}"), (other.pk, f"response {response.pk}"),
                     (other.pk, "the case's status and clock")]
    assert len(verify_command().splitlines()) == 3


def test_the_salt_keeps_a_short_text_from_being_guessed(case):
    """The digest of a message is not the digest of its text: without the row's salt it confirms nothing."""
    message = Message.objects.filter(complaint=case, staff_only=False).latest("id")
    values = Message.objects.filter(pk=message.pk).values(*case_content.ROW_KINDS[0][2]).get()
    assert case_content.row_digest(message.content_salt, values) == case_content.content_map(case.pk)[
        f"message:{message.pk}"]
    assert case_content.row_digest("", values) != case_content.row_digest(message.content_salt, values)
    salts = [m.content_salt for m in Message.objects.filter(complaint=case)]
    assert len(salts) == len(set(salts)) == 3 and all(len(s) == 32 for s in salts)


def test_the_snapshot_migration_commits_a_legacy_case(case, cast):
    """A chain without content commitments (as before this version) gets a "snapshot" event; from then on edits are
    caught; the snapshot itself is staff-only."""
    import importlib

    from django.apps import apps

    ComplaintEvent.objects.filter(complaint=case).update(content={})
    snapshot = importlib.import_module("weiquan.complaints.migrations.0009_content_commitments").snapshot_content
    # Rebuild the chain as a legacy version 2 one, so that it verifies before the snapshot.
    from weiquan.complaints.events import event_digest

    prev = "0" * 64
    for event in case.events.order_by("seq"):
        digest = event_digest(complaint_id=case.pk, seq=event.seq, type=event.type, actor_id=event.actor_id,
                              actor_role=event.actor_role, at=event.at, old=event.old, new=event.new,
                              data=event.data, visible_to_parties=event.visible_to_parties, prev_hash=prev,
                              hash_version=2)
        ComplaintEvent.objects.filter(pk=event.pk).update(hash_version=2, prev_hash=prev, hash=digest)
        prev = digest
    Complaint.objects.filter(pk=case.pk).update(event_head=prev)
    Message.objects.filter(complaint=case, staff_only=True).update(staff_only=False)
    assert problems(case) == []  # a version 2 chain commits to no content: the gap this closes
    Message.objects.filter(complaint=case, author=cast.agent).update(staff_only=True)
    snapshot(apps, None)
    case = Complaint.objects.get(pk=case.pk)
    last = case.events.latest("seq")
    assert (last.type, last.hash_version, last.visible_to_parties, last.actor_id) == ("snapshot", 3, False, None)
    assert set(last.content) == set(case_content.content_map(case.pk))
    assert problems(case) == []
    note = Message.objects.get(complaint=case, staff_only=True)
    Message.objects.filter(pk=note.pk).update(staff_only=False)
    assert problems(case) == [f"{case.reference} (complaint {case.pk}): message {note.pk}: changed outside the services"]


def test_an_edited_content_commitment_breaks_the_chain(case):
    event = case.events.get(seq=1)
    ComplaintEvent.objects.filter(pk=event.pk).update(content={**event.content, f"case:{case.pk}": "0" * 64})
    assert problems(case)[0] == f"{case.reference} (complaint {case.pk}): event #1: content was changed"


def test_an_uploaded_file_path_is_committed(case, cast):
    evidence = Evidence.objects.get(complaint=case)
    evidence.file.save("other", ContentFile(b"x"), save=False)
    Evidence.objects.filter(pk=evidence.pk).update(file=evidence.file.name)
    assert problems(case) == [
        f"{case.reference} (complaint {case.pk}): evidence {evidence.pk}: changed outside the services"]


def test_the_case_page_names_the_row_that_does_not_match(case, cast):
    from django.test import Client
    from django.urls import reverse

    note = Message.objects.get(complaint=case, staff_only=True)
    Message.objects.filter(pk=note.pk).update(staff_only=False)
    client = Client()
    client.force_login(cast.agent)
    page = client.get(reverse("complaints:console_case", args=[case.pk])).content.decode()
    assert 'class="chain-broken"' in page
    assert f"内容与记录不符：留言 #{note.pk}" in page and "changed outside the services" in page


def test_parties_see_their_own_event_numbers_without_gaps(case, cast):
    """The assign event and the staff note are internal: the consumer's numbers run 1..n with no hole there."""
    client_for = {}
    for user in (cast.consumer, cast.agent):
        from django.test import Client

        client_for[user] = Client()
        client_for[user].force_login(user)
    consumer = client_for[cast.consumer].get(f"/api/v1/complaints/{case.pk}").json()["events"]
    staff = client_for[cast.agent].get(f"/api/v1/complaints/{case.pk}").json()["events"]
    assert [e["seq"] for e in consumer] == list(range(1, len(consumer) + 1))
    assert [e["seq"] for e in staff] == list(range(1, case.event_count + 1)) and len(staff) > len(consumer)
