"""Races that only a real database with row locks can settle: two people deciding one case, a retried request arriving
twice at once, a remedy confirmed twice, two sweeps. Real threads, each with its own connection, started together."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections

from weiquan.complaints.events import verify_complaint_chain
from weiquan.complaints.models import Complaint, ComplaintEvent, Decision, Remedy, SlaBreach, Status
from weiquan.complaints.services import ComplaintError, complaint_act, sla_sweep
from weiquan.complaints.workflow import TransitionNotAllowed
from weiquan.core.models import IdempotencyRecord
from weiquan.testing.cases import (
    DECISION,
    api_client,
    clock_fixture,  # noqa: F401
    drive_to,
    fast_passwords,  # noqa: F401
    owed_remedy_id,
    post_json,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="concurrency needs PostgreSQL row locks (SQLite serialises whole-database writes); "
               "run with DATABASE_URL=postgres://...",
    ),
    # These tests commit for real; serialized_rollback brings back what the migrations load (the calendar, the SLA
    # policy) after a flush, as every transactional test here does, so that they pass in any order.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Each race runs a few times on fresh cases (inside one test: every transactional test costs a database flush), so
# that a lucky interleaving does not hide a missing lock.
ROUNDS = 3


def together(*calls):
    """Run the calls in parallel threads released at the same instant; returns ("ok", value) or ("error", exc)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:  # the loser's refusal is part of the result
            results[index] = ("error", exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results


def outcomes(results) -> list[str]:
    return sorted(kind for kind, _ in results)


def test_two_decisions_on_one_case_exactly_one_wins(cast, clock):
    for _ in range(ROUNDS):
        _two_decisions(cast)


def _two_decisions(cast):
    complaint = drive_to(Status.IN_MEDIATION, cast)  # assigned to the agent

    def decide(outcome):
        return lambda: complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="decide",
                                     data={**DECISION, "outcome": outcome,
                                           "remedies": DECISION["remedies"] if outcome == "upheld" else [],
                                           "rule_ids": DECISION["rule_ids"] if outcome == "upheld" else
                                           ["R-CIVPRO67-EVIDENCE"]})

    results = together(decide("upheld"), decide("rejected"))
    assert outcomes(results) == ["error", "ok"]
    loser = next(value for kind, value in results if kind == "error")
    assert isinstance(loser, TransitionNotAllowed) and loser.code == "illegal_transition"
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.DECIDED
    assert Decision.objects.filter(complaint=complaint).count() == 1
    assert complaint.events.filter(type="decide").count() == 1
    winner = Decision.objects.get(complaint=complaint).outcome
    assert complaint.remedies.filter(state=Remedy.State.ORDERED).count() == (1 if winner == "upheld" else 0)
    assert verify_complaint_chain(complaint) is None


def test_decision_and_withdrawal_at_once_exactly_one_wins(cast, clock):
    for _ in range(ROUNDS):
        _decision_and_withdrawal(cast)


def _decision_and_withdrawal(cast):
    complaint = drive_to(Status.IN_MEDIATION, cast)
    results = together(
        lambda: complaint_act(actor=cast.agent, complaint_id=complaint.pk, action="decide", data=dict(DECISION)),
        lambda: complaint_act(actor=cast.consumer, complaint_id=complaint.pk, action="withdraw", data={}),
    )
    assert outcomes(results) == ["error", "ok"]
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status in (Status.DECIDED, Status.WITHDRAWN)
    seqs = list(ComplaintEvent.objects.filter(complaint=complaint).values_list("seq", flat=True).order_by("seq"))
    assert seqs == list(range(1, complaint.event_count + 1))
    assert verify_complaint_chain(complaint) is None


def test_same_idempotency_key_at_once_files_one_complaint(cast, order, clock):
    for round_ in range(ROUNDS):
        _same_key_twice(cast, order, round_)


def _same_key_twice(cast, order, round_):
    body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "外套开线",
            "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund"], "amount_claimed": "299.00"}
    before = Complaint.objects.count()
    clients = [api_client("consumer", cast), api_client("consumer", cast)]  # the same user, two connections
    key = f"retry-{round_}"
    results = together(*(lambda c=c: post_json(c, "/api/v1/complaints", body, idempotency_key=key) for c in clients))
    assert outcomes(results) == ["ok", "ok"]
    responses = [value for _, value in results]
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert Complaint.objects.count() == before + 1
    assert IdempotencyRecord.objects.filter(key=key).count() == 1


def test_two_filings_with_one_external_ref_at_once_file_one(cast, order, clock):
    for round_ in range(ROUNDS):
        body = {"order_no": order.order_no, "line_nos": [1], "category": "quality", "title": "外套开线",
                "description": "收到的外套袖口开线，要求退货退款。", "remedies_wanted": ["refund"],
                "external_ref": f"EXT-AT-ONCE-{round_}"}
        clients = [api_client("integration", cast), api_client("integration", cast)]
        results = together(*(lambda c=c, b=body: post_json(c, "/api/v1/complaints", b) for c in clients))
        assert sorted(value.status_code for _, value in results) == [201, 409]
        assert Complaint.objects.filter(external_ref=body["external_ref"]).count() == 1


def test_same_action_retried_at_once_is_taken_once(cast, clock):
    for _ in range(ROUNDS):
        _same_action_twice(cast)


def _same_action_twice(cast):
    complaint = drive_to(Status.SUBMITTED, cast)
    clients = [api_client("agent", cast), api_client("agent", cast)]
    url = f"/api/v1/complaints/{complaint.pk}/actions/request_info"
    results = together(*(lambda c=c: post_json(c, url, {"message": "请补充照片"}, idempotency_key=f"once-{complaint.pk}")
                         for c in clients))
    responses = [value for _, value in results]
    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].json() == responses[1].json()
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert (complaint.status, complaint.event_count, complaint.messages.count()) == (Status.NEEDS_INFO, 2, 1)


def test_one_remedy_confirmed_twice_at_once_is_executed_once(cast, clock):
    for _ in range(ROUNDS):
        _confirm_twice(cast)


def _confirm_twice(cast):
    complaint = drive_to(Status.DECIDED, cast)
    remedy_id = owed_remedy_id(complaint)

    def confirm(user, reference):
        return lambda: complaint_act(actor=user, complaint_id=complaint.pk, action="confirm_remedy",
                                     data={"remedy_id": remedy_id, "reference": reference})

    results = together(confirm(cast.merchant, "RF-A"), confirm(cast.agent, "RF-B"))
    assert outcomes(results) == ["error", "ok"]
    loser = next(value for kind, value in results if kind == "error")
    assert isinstance(loser, TransitionNotAllowed | ComplaintError)
    remedy = Remedy.objects.get(pk=remedy_id)
    assert remedy.state == Remedy.State.EXECUTED and remedy.execution_reference in ("RF-A", "RF-B")
    assert Complaint.objects.get(pk=complaint.pk).events.filter(type="confirm_remedy").count() == 1


def test_two_sweeps_at_once_act_once(cast, clock):
    cases = [drive_to(Status.AWAITING_MERCHANT, cast) for _ in range(3)]
    clock.set(cases[0].deadline + timedelta(seconds=1))
    results = together(sla_sweep, sla_sweep)
    assert outcomes(results) == ["ok", "ok"]
    escalated = sorted(pk for _, report in results for pk in report.escalated)
    assert escalated == sorted(c.pk for c in cases)  # each case escalated by one sweep or the other, not both
    assert sum(report.breaches for _, report in results) == 3
    for case in cases:
        case = Complaint.objects.get(pk=case.pk)
        assert case.status == Status.IN_MEDIATION
        assert case.events.filter(type="auto_escalated").count() == 1
        assert SlaBreach.objects.filter(complaint=case).count() == 1
        assert verify_complaint_chain(case) is None
