"""The shared state-machine kernel and the one mapping of domain refusals to API errors."""

from types import SimpleNamespace

import pytest

from weiquan.core.errors import as_api_error
from weiquan.core.statemachine import StateMachine, TransitionNotAllowed, transition


def _open_now(obj, user, kind):
    return None if obj.open else "closed_now"


MACHINE = StateMachine([
    transition("start", {"new"}, "running", {"owner"}),
    transition("note", {"new", "running"}, None, {"owner", "helper"}, _open_now),
], subject="job", actor_kind=lambda obj, user: user)


def job(state="new", open_=True):
    return SimpleNamespace(status=state, open=open_)


def test_find_answers_the_row_and_apply_sets_the_state():
    obj = job()
    row = MACHINE.find(obj, "owner", "start")
    assert MACHINE.apply(obj, row) == ("new", "running")
    assert obj.status == "running"


def test_a_row_without_target_keeps_the_state():
    obj = job("running")
    assert MACHINE.apply(obj, MACHINE.find(obj, "helper", "note")) == ("running", "running")


@pytest.mark.parametrize(("state", "user", "action", "code", "status"), [
    ("new", "owner", "fly", "unknown_action", 404),
    ("running", "owner", "start", "illegal_transition", 409),
    ("new", "helper", "start", "actor_not_allowed", 403),
    ("new", None, "start", "actor_not_allowed", 403),
])
def test_refusals_carry_a_code_and_the_status_the_api_answers(state, user, action, code, status):
    obj = job(state)
    with pytest.raises(TransitionNotAllowed) as refused:
        MACHINE.find(obj, user, action)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert obj.status == state
    assert as_api_error(refused.value).body() == {"code": code, "message": refused.value.message}


def test_a_failing_guard_names_its_refusal_and_is_not_offered():
    obj = job(open_=False)
    with pytest.raises(TransitionNotAllowed) as refused:
        MACHINE.find(obj, "helper", "note")
    assert refused.value.code == "closed_now"
    assert MACHINE.allowed_actions(obj, "owner") == ["start"]
    assert MACHINE.allowed_actions(job(), "owner") == ["note", "start"]
