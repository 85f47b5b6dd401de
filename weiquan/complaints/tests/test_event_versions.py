"""Event digest versions: version 2 covers `visible_to_parties` and the version itself; chains written before it
(version 1) still verify as they were written, and a chain's versions never go down."""

import csv
import hashlib
import json
from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from weiquan.complaints.events import GENESIS, event_digest, verify_all_chains, verify_complaint_chain
from weiquan.complaints.models import EVENT_HASH_VERSION, Complaint, ComplaintEvent, Status
from weiquan.intake.cfpb_import import COLUMNS, import_cfpb
from weiquan.testing.cases import (
    act,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def frozen_v1_digest(event: ComplaintEvent, prev_hash: str) -> str:
    """The digest as every event was hashed before versions existed, written out here on purpose: deployed chains
    hold these, so `event_digest(hash_version=1)` must keep giving exactly this."""
    body = json.dumps(
        {
            "complaint": event.complaint_id,
            "seq": event.seq,
            "type": event.type,
            "actor": event.actor_id,
            "role": event.actor_role,
            "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "old": event.old,
            "new": event.new,
            "data": event.data,
            "prev": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def store_as_version_1(complaint: Complaint) -> None:
    """What a database written before versions holds for this case: every event version 1, hashed without its
    visibility, and the head on the case to match."""
    prev = GENESIS
    for event in complaint.events.order_by("seq"):
        digest = frozen_v1_digest(event, prev)
        ComplaintEvent.objects.filter(pk=event.pk).update(hash_version=1, prev_hash=prev, hash=digest)
        prev = digest
    Complaint.objects.filter(pk=complaint.pk).update(event_head=prev)


def check(complaint: Complaint):
    return verify_complaint_chain(Complaint.objects.get(pk=complaint.pk))


def versions(complaint: Complaint) -> list[int]:
    return list(complaint.events.order_by("seq").values_list("hash_version", flat=True))


def where(problem) -> tuple:
    return (problem.seq, problem.problem)


@pytest.fixture
def mediated(cast, clock):
    """Five events: submitted, accept, respond, escalate, assign (the last one staff-only)."""
    complaint = drive_to(Status.IN_MEDIATION, cast)
    assert list(complaint.events.order_by("seq").values_list("type", "visible_to_parties")) == [
        ("submitted", True),
        ("accept", True),
        ("respond", True),
        ("escalate", True),
        ("assign", False),
    ]
    return complaint


@pytest.fixture
def mixed(cast, clock):
    """A case begun before versions (submitted, accept: version 1) and carried on since (respond, escalate)."""
    complaint = drive_to(Status.AWAITING_MERCHANT, cast)
    assert complaint.event_count == 2
    store_as_version_1(complaint)
    complaint = act(
        cast.merchant, Complaint.objects.get(pk=complaint.pk), "respond", kind="refusal", reasons="商品已超过退货期限。"
    )
    complaint = act(cast.consumer, complaint, "escalate", reason="申请平台介入。")
    assert versions(complaint) == [1, 1, 3, 3]
    return Complaint.objects.get(pk=complaint.pk)


def test_the_digest_formats_are_fixed():
    """Version 1 gives what the code gave before versions (value computed with that code); version 2 changes with
    the visibility, version 1 does not."""
    fields = dict(
        complaint_id=42,
        seq=3,
        type="priority_changed",
        actor_id=7,
        actor_role="agent",
        at=datetime(2026, 3, 4, 9, 30, 0, 123456, tzinfo=ZoneInfo("Asia/Shanghai")),
        old={"priority": "normal"},
        new={"priority": "urgent"},
        data={"reason": "安全隐患"},
        prev_hash="ab" * 32,
    )
    v1 = "1104c955561ec423c434765b0aabbf4927f388a4a98b1e40dff08585ee02839c"
    assert event_digest(**fields, visible_to_parties=False, hash_version=1) == v1
    assert event_digest(**fields, visible_to_parties=True, hash_version=1) == v1
    assert event_digest(**fields, visible_to_parties=False, hash_version=2) == (
        "941b85ef6af7e4ca91dfd6fa105df7fb60156d34d84a3901b3ab3bbd7a844ddc"
    )
    assert event_digest(**fields, visible_to_parties=True, hash_version=2) == (
        "26f9aa184f4ff6ce9484bdda60ce1c088127972c053501e15784730a2c124928"
    )
    # Version 3 also covers the content digests: the same event with or without them differs.
    assert event_digest(**fields, visible_to_parties=True, content={}) != event_digest(
        **fields, visible_to_parties=True, content={"message:1": "ab" * 32})
    assert event_digest(**fields, visible_to_parties=True, hash_version=3, content={}) != (
        "26f9aa184f4ff6ce9484bdda60ce1c088127972c053501e15784730a2c124928")
    assert EVENT_HASH_VERSION == 3
    with pytest.raises(ValueError, match="unknown event hash version 4"):
        event_digest(**fields, visible_to_parties=True, hash_version=4)


def test_new_events_are_version_3_and_verify(mediated):
    assert versions(mediated) == [3, 3, 3, 3, 3]
    assert check(mediated) is None


@pytest.mark.parametrize("seq, visible", [(5, True), (4, False), (1, False)])
def test_flipping_visibility_of_a_new_event_is_detected_naming_it(mediated, seq, visible):
    """Showing a staff-only event to the parties (or hiding one they saw) breaks the chain at that event."""
    assert ComplaintEvent.objects.filter(complaint=mediated, seq=seq).update(visible_to_parties=visible) == 1
    assert where(check(mediated)) == (seq, "content was changed")
    assert [(p.complaint_id, p.seq) for p in verify_all_chains()] == [(mediated.pk, seq)]
    with pytest.raises(CommandError) as caught:
        call_command("verify-events", stdout=StringIO())
    assert caught.value.returncode == 1
    assert str(caught.value) == (
        f"event chain broken: {mediated.reference} (complaint {mediated.pk}): event #{seq}: content was changed"
    )
    ComplaintEvent.objects.filter(complaint=mediated, seq=seq).update(visible_to_parties=not visible)
    assert check(mediated) is None


def test_an_old_style_version_1_chain_still_verifies(mediated):
    store_as_version_1(mediated)
    assert versions(mediated) == [1, 1, 1, 1, 1]
    assert check(mediated) is None
    out = StringIO()
    call_command("verify-events", stdout=out)
    assert out.getvalue().startswith("OK: 1 cases, 5 events checked; ")
    assert out.getvalue().endswith("every chain is intact\n")
    # Version 1 still catches what it always covered.
    ComplaintEvent.objects.filter(complaint=mediated, seq=3).update(data={"reasons": "改过的理由"})
    assert where(check(mediated)) == (3, "content was changed")


def test_version_1_events_keep_their_old_limit(mediated):
    """Their digests never covered visibility, and are not rewritten: a flip there stays unseen, as before."""
    store_as_version_1(mediated)
    ComplaintEvent.objects.filter(complaint=mediated, seq=5).update(visible_to_parties=True)
    assert check(mediated) is None


def test_a_chain_of_versions_1_1_3_3_verifies(mixed):
    events = list(mixed.events.order_by("seq"))
    assert events[2].prev_hash == events[1].hash  # the first new event follows on from the old chain
    assert check(mixed) is None
    assert list(verify_all_chains()) == []


def test_visibility_is_covered_from_the_first_version_2_event_on(mixed):
    ComplaintEvent.objects.filter(complaint=mixed, seq=3).update(visible_to_parties=False)
    assert where(check(mixed)) == (3, "content was changed")


def test_downgrading_a_version_2_event_is_detected(mixed):
    ComplaintEvent.objects.filter(complaint=mixed, seq=4).update(hash_version=1)
    assert where(check(mixed)) == (4, "hash version went down (1 after 3)")
    ComplaintEvent.objects.filter(complaint=mixed, seq=4).update(hash_version=3)
    # The first version 2 event relabelled: its digest no longer matches.
    ComplaintEvent.objects.filter(complaint=mixed, seq=3).update(hash_version=1)
    assert where(check(mixed)) == (3, "content was changed")


def test_a_downgrade_with_the_old_digest_recomputed_is_still_refused(mixed):
    """Someone relabels the newest event as version 1, hashes it the old way (so visibility is free to change) and
    moves the case's head to match: versions going down along the chain gives it away."""
    event = mixed.events.get(seq=4)
    digest = frozen_v1_digest(event, event.prev_hash)
    ComplaintEvent.objects.filter(pk=event.pk).update(hash_version=1, hash=digest, visible_to_parties=False)
    Complaint.objects.filter(pk=mixed.pk).update(event_head=digest)
    assert where(check(mixed)) == (4, "hash version went down (1 after 3)")


def test_downgrading_the_first_event_of_a_new_chain_is_detected(mediated):
    ComplaintEvent.objects.filter(complaint=mediated, seq=1).update(hash_version=1)
    assert where(check(mediated)) == (1, "content was changed")


@pytest.mark.parametrize("bad", [0, 4])
def test_an_unknown_version_is_refused(mediated, bad):
    ComplaintEvent.objects.filter(complaint=mediated, seq=2).update(hash_version=bad)
    assert where(check(mediated)) == (2, f"unknown hash version {bad}")


def test_a_cfpb_imported_case_is_version_3_and_verifies(cast, tmp_path):
    path = tmp_path / "export.csv"
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "2019-09-24",
            "Debt collection",
            "I do not know",
            "Communication tactics",
            "Frequent or repeated calls",
            "They keep calling me.",
            "",
            "ACME COLLECTIONS",
            "FL",
            "335XX",
            "",
            "Consent provided",
            "Web",
            "2019-09-24",
            "Closed with explanation",
            "Yes",
            "N/A",
            "3001",
        ]
    )
    path.write_text(out.getvalue(), encoding="utf-8")
    assert import_cfpb(str(path), actor=cast.platform).imported == 1

    case = Complaint.objects.get(external_ref="CFPB-3001")
    event = case.events.get()
    assert (event.seq, event.type, event.hash_version, event.visible_to_parties) == (1, "submitted", 3, True)
    assert (
        event.hash
        == case.event_head
        == event_digest(
            complaint_id=case.pk,
            seq=1,
            type="submitted",
            actor_id=cast.platform.pk,
            actor_role=cast.platform.role,
            at=event.at,
            old=event.old,
            new=event.new,
            data=event.data,
            visible_to_parties=True,
            prev_hash=GENESIS,
            hash_version=3,
            content=event.content,
        )
    )
    assert check(case) is None and list(verify_all_chains()) == []
    ComplaintEvent.objects.filter(pk=event.pk).update(visible_to_parties=False)
    assert where(check(case)) == (1, "content was changed")
