"""The case record is tamper-evident: any edit to a stored event, a removed event (middle or newest) or a rewritten
chain is detected and named."""

from datetime import timedelta

import pytest
from django.db.models import F

from weiquan.complaints.events import GENESIS, ChainBreak, event_digest, verify_all_chains, verify_complaint_chain
from weiquan.complaints.models import Complaint, ComplaintEvent, Status
from weiquan.testing.cases import (
    act,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast, clock):
    """A decided case with seven events: submitted, accept, respond, escalate, assign, decide, message."""
    complaint = drive_to(Status.DECIDED, cast)
    from weiquan.complaints.services import message_post

    message_post(actor=cast.consumer, complaint_id=complaint.pk, body="请尽快退款，谢谢。")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.event_count == 7
    assert list(complaint.events.values_list("type", flat=True)) == [
        "submitted", "accept", "respond", "escalate", "assign", "decide", "message"]
    return complaint


def check(complaint) -> ChainBreak | None:
    return verify_complaint_chain(Complaint.objects.get(pk=complaint.pk))


def test_intact_chain_verifies(case, cast):
    assert check(case) is None
    events = list(case.events.order_by("seq"))
    assert events[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:], strict=False))
    assert case.event_head == events[-1].hash
    assert list(verify_all_chains()) == []


def test_chain_survives_a_round_trip_through_the_database(case):
    """What the hash covers is exactly what is stored: reading every event back reproduces its hash."""
    for event in ComplaintEvent.objects.filter(complaint=case).order_by("seq"):
        assert event_digest(
            complaint_id=case.pk, seq=event.seq, type=event.type, actor_id=event.actor_id, actor_role=event.actor_role,
            at=event.at, old=event.old, new=event.new, data=event.data, visible_to_parties=event.visible_to_parties,
            prev_hash=event.prev_hash, hash_version=event.hash_version, content=event.content,
        ) == event.hash


TAMPERING = {
    "type": {"type": "withdraw"},
    "old": {"old": {"status": "submitted"}},
    "new": {"new": {"status": "decided", "outcome": "rejected"}},
    "data": {"data": {"reasons": "改过的理由"}},
    "data_emptied": {"data": {}},
    "at": {"at": F("at") + timedelta(seconds=1)},
    "actor_role": {"actor_role": "supervisor"},
    "actor": {"actor": None},
    "visible_to_parties": {"visible_to_parties": False},  # 1, 4, 6 and 7 are shown to the parties
}


@pytest.mark.parametrize("field", sorted(TAMPERING))
def test_editing_any_field_of_an_event_is_detected_naming_that_event(case, field):
    for seq in (1, 4, 6, 7):  # the first, a middle one, the decision, the newest
        original = ComplaintEvent.objects.filter(complaint=case, seq=seq).values(
            "type", "old", "new", "data", "at", "actor_role", "actor", "visible_to_parties").get()
        assert ComplaintEvent.objects.filter(complaint=case, seq=seq).update(**TAMPERING[field]) == 1
        problem = check(case)
        assert (problem.complaint_id, problem.seq, problem.problem) == (case.pk, seq, "content was changed")
        assert str(problem) == f"{case.reference} (complaint {case.pk}): event #{seq}: content was changed"
        assert [p.seq for p in verify_all_chains()] == [seq]
        ComplaintEvent.objects.filter(complaint=case, seq=seq).update(**original)  # put it back: intact again
        assert check(case) is None


def test_an_edit_with_a_recomputed_hash_breaks_the_link_to_the_next_event(case):
    event = case.events.get(seq=3)
    forged = dict(type=event.type, actor_id=event.actor_id, actor_role=event.actor_role, at=event.at, old=event.old,
                  new=event.new, data={**event.data, "reasons": "伪造"}, visible_to_parties=event.visible_to_parties,
                  prev_hash=event.prev_hash, content=event.content)
    digest = event_digest(complaint_id=case.pk, seq=3, **forged)
    ComplaintEvent.objects.filter(pk=event.pk).update(data=forged["data"], hash=digest)
    problem = check(case)
    assert (problem.seq, problem.problem) == (4, "does not follow its predecessor")


def test_a_rewritten_tail_is_caught_by_the_head_kept_on_the_case(case):
    """Someone rewrites the last event and recomputes its hash: the case row still holds the old head."""
    event = case.events.get(seq=7)
    data = {"message": 0}
    digest = event_digest(complaint_id=case.pk, seq=7, type=event.type, actor_id=event.actor_id,
                          actor_role=event.actor_role, at=event.at, old=event.old, new=event.new, data=data,
                          visible_to_parties=event.visible_to_parties, prev_hash=event.prev_hash,
                          content=event.content)
    ComplaintEvent.objects.filter(pk=event.pk).update(data=data, hash=digest)
    problem = check(case)
    assert (problem.seq, problem.problem) == (None, "newest events are missing (deleted?)")


@pytest.mark.parametrize("seq", [2, 4, 6])
def test_deleting_a_middle_event_is_detected(case, seq):
    ComplaintEvent.objects.filter(complaint=case, seq=seq).delete()
    problem = check(case)
    assert (problem.seq, problem.problem) == (seq, "missing (deleted?)")


def test_deleting_the_first_event_is_detected(case):
    ComplaintEvent.objects.filter(complaint=case, seq=1).delete()
    assert (check(case).seq, check(case).problem) == (1, "missing (deleted?)")


def test_deleting_the_newest_event_is_detected(case):
    ComplaintEvent.objects.filter(complaint=case, seq=7).delete()
    problem = check(case)
    assert (problem.seq, problem.problem) == (None, "newest events are missing (deleted?)")
    assert str(problem) == f"{case.reference} (complaint {case.pk}): the chain head: newest events are missing (deleted?)"


def test_deleting_every_event_is_detected(case):
    ComplaintEvent.objects.filter(complaint=case).delete()
    assert check(case).problem == "newest events are missing (deleted?)"


def test_swapping_two_events_is_detected(case):
    first, second = case.events.get(seq=2), case.events.get(seq=3)
    ComplaintEvent.objects.filter(pk=first.pk).update(seq=99)
    ComplaintEvent.objects.filter(pk=second.pk).update(seq=2)
    ComplaintEvent.objects.filter(pk=first.pk).update(seq=3)
    assert check(case).seq == 2


def test_only_the_broken_case_is_reported(case, cast):
    other = drive_to(Status.AWAITING_MERCHANT, cast)
    ComplaintEvent.objects.filter(complaint=other, seq=2).update(data={"x": 1})
    assert [(p.complaint_id, p.seq) for p in verify_all_chains(batch_size=1)] == [(other.pk, 2)]


def test_events_keep_being_chained_after_later_moves(case, cast):
    complaint = act(cast.consumer, case, "appeal", reasons="金额不足以弥补损失。")
    assert complaint.event_count == 8
    assert check(complaint) is None
