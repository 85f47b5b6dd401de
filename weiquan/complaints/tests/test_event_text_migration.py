"""Migration 0015: typed reasons leave existing events' data and the chain is hashed again from there; a chain that
already failed verification is left exactly as stored (rehashing it would hide the tampering)."""

import importlib

import pytest
from django.apps import apps

from weiquan.complaints.events import GENESIS, event_digest, verify_case
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.testing.cases import act, new_case

pytestmark = pytest.mark.django_db
migration = importlib.import_module("weiquan.complaints.migrations.0015_event_text_out_of_data")


def _as_written_before(case, seq: int, key: str, text: str) -> None:
    """Put the text back into one event's data as the code before 0015 wrote it, with the chain hashed over it."""
    prev = GENESIS
    for event in ComplaintEvent.objects.filter(complaint=case).order_by("seq"):
        if event.seq == seq:
            event.data = {**event.data, key: text}
        event.prev_hash = prev
        event.hash = event_digest(complaint_id=case.pk, seq=event.seq, type=event.type, actor_id=event.actor_id,
                                  actor_role=event.actor_role, at=event.at, old=event.old, new=event.new,
                                  data=event.data, visible_to_parties=event.visible_to_parties, prev_hash=prev,
                                  hash_version=event.hash_version, content=event.content)
        ComplaintEvent.objects.filter(pk=event.pk).update(data=event.data, prev_hash=prev, hash=event.hash)
        prev = event.hash
    Complaint.objects.filter(pk=case.pk).update(event_head=prev)


def test_old_events_lose_their_typed_text_and_the_chain_still_verifies(cast):
    case = act(cast.consumer, new_case(cast), "withdraw", reason="不想投诉了，电话13800001111")
    withdraw = case.events.get(type="withdraw")
    _as_written_before(case, withdraw.seq, "reason", "不想投诉了，电话13800001111")
    tampered = act(cast.consumer, new_case(cast), "withdraw", reason="另一件，电话13800002222")
    _as_written_before(tampered, tampered.events.get(type="withdraw").seq, "reason", "另一件，电话13800002222")
    ComplaintEvent.objects.filter(complaint=tampered, seq=1).update(actor_role="platform")  # broken before
    case.refresh_from_db()
    old_head = case.event_head
    assert verify_case(case) == [] and case.events.get(type="withdraw").data["reason"].startswith("不想")

    migration.move_text_out(apps, None)

    case.refresh_from_db()
    assert case.event_head != old_head and verify_case(case) == []
    assert "reason" not in case.events.get(type="withdraw").data
    assert case.close_reason == "不想投诉了，电话13800001111"  # the text stays where the chain commits to it
    kept = ComplaintEvent.objects.get(complaint=tampered, type="withdraw")
    assert kept.data["reason"] == "另一件，电话13800002222"  # left as stored, and still reported
    assert [p.seq for p in verify_case(Complaint.objects.get(pk=tampered.pk)) if p.row is None] == [1]
