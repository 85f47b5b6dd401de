"""The one idempotency mechanism: keyed answers are replayed once, a reused key is refused, a natural key's race
yields the row the other request wrote, an upsert that lost its insert race runs again as the update."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from weiquan.core.errors import DomainError
from weiquan.core.idempotency import IdempotencyConflict, first_or_create, retry_after_race, run_idempotent
from weiquan.core.models import CalendarYear, IdempotencyRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create(username="finance-1")


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return 201, {"n": len(calls), "name": "张三"}

    return calls, compute


def test_the_same_key_and_request_replays_the_first_answer(user):
    calls, compute = _counter()
    first = run_idempotent(user=user, key="k-1", scope="s", payload={"a": 1}, compute=compute)
    again = run_idempotent(user=user, key="k-1", scope="s", payload={"a": 1}, compute=compute)
    assert first == again == (201, {"n": 1, "name": "张三"})
    assert len(calls) == 1
    # The stored answer is sealed: the personal data in it is not readable from the row.
    assert "张三" not in str(IdempotencyRecord.objects.get().response)


@pytest.mark.parametrize(("scope", "payload"), [("s", {"a": 2}), ("other", {"a": 1})])
def test_the_same_key_for_another_request_is_refused_and_changes_nothing(user, scope, payload):
    calls, compute = _counter()
    run_idempotent(user=user, key="k-1", scope="s", payload={"a": 1}, compute=compute)
    with pytest.raises(IdempotencyConflict) as info:
        run_idempotent(user=user, key="k-1", scope=scope, payload=payload, compute=compute)
    assert isinstance(info.value, DomainError)
    assert (info.value.status, info.value.code) == (422, "idempotency_key_reused")
    assert len(calls) == 1 and IdempotencyRecord.objects.count() == 1


def test_a_key_is_per_user(user):
    other = get_user_model().objects.create(username="finance-2")
    calls, compute = _counter()
    run_idempotent(user=user, key="k-1", scope="s", payload={}, compute=compute)
    assert run_idempotent(user=other, key="k-1", scope="s", payload={}, compute=compute) == (201, {"n": 2,
                                                                                               "name": "张三"})


def test_a_refusal_is_not_remembered(user):
    def refuse():
        CalendarYear.objects.create(year=2031)
        raise DomainError("invalid", "no")

    with pytest.raises(DomainError):
        run_idempotent(user=user, key="k-1", scope="s", payload={}, compute=refuse)
    assert not IdempotencyRecord.objects.exists() and not CalendarYear.objects.filter(year=2031).exists()
    _calls, compute = _counter()
    assert run_idempotent(user=user, key="k-1", scope="s", payload={}, compute=compute)[0] == 201


def test_no_key_computes_every_time_and_a_long_key_is_refused(user):
    calls, compute = _counter()
    run_idempotent(user=user, key=None, scope="s", payload={}, compute=compute)
    run_idempotent(user=user, key="", scope="s", payload={}, compute=compute)
    assert len(calls) == 2 and not IdempotencyRecord.objects.exists()
    with pytest.raises(IdempotencyConflict):
        run_idempotent(user=user, key="k" * 129, scope="s", payload={}, compute=compute)
    assert len(calls) == 2


def test_first_or_create_returns_the_row_a_parallel_insert_wrote():
    """The other request's insert committed between our look-up and our insert: its row is the answer."""
    winner = CalendarYear.objects.create(year=2032)
    looks = iter([None, winner])

    def create():
        return CalendarYear.objects.create(year=2032)  # the unique index refuses the second insert

    assert first_or_create(lambda: next(looks), create) == (winner, False)
    assert CalendarYear.objects.filter(year=2032).count() == 1


def test_first_or_create_creates_once_and_finds_it_after():
    def find():
        return CalendarYear.objects.filter(year=2033).first()

    row, created = first_or_create(find, lambda: CalendarYear.objects.create(year=2033))
    assert created and first_or_create(find, lambda: CalendarYear.objects.create(year=2033)) == (row, False)


def test_first_or_create_does_not_hide_another_constraint():
    CalendarYear.objects.create(year=2034)
    with pytest.raises(IntegrityError):
        first_or_create(lambda: None, lambda: CalendarYear.objects.create(year=2034))


def test_retry_after_race_runs_the_write_again_once():
    attempts = []

    def write():
        attempts.append(1)
        if len(attempts) == 1:
            CalendarYear.objects.create(year=2035)
            CalendarYear.objects.create(year=2035)  # the parallel insert that won
        return CalendarYear.objects.update_or_create(year=2035, defaults={"source": "second"})[0]

    row = retry_after_race(write)
    assert len(attempts) == 2 and row.source == "second"
    assert CalendarYear.objects.filter(year=2035).count() == 1
