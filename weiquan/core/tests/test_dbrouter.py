"""The replica router: only reads that ask for it go to the replica, and only while it streams within the lag bound;
otherwise, and after a failure on it, the primary answers."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from weiquan.core import dbrouter
from weiquan.core.dbrouter import ReplicaRouter, reads_from_replica, replica_reads
from weiquan.core.models import OutboxTask

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")  # only the router reads the alias


@pytest.fixture
def replica(settings, monkeypatch):
    """A configured replica whose lag the test sets (None: not streaming / not answering)."""
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}
    settings.REPLICA_MAX_LAG_SECONDS = 10
    state = {"lag": 0.0, "asked": 0}

    def lag():
        state["asked"] += 1
        return state["lag"]

    monkeypatch.setattr(dbrouter, "replica_lag_seconds", lag)
    dbrouter.forget_replica_health()
    yield state
    dbrouter.forget_replica_health()


def route() -> str | None:
    return ReplicaRouter().db_for_read(OutboxTask)


def test_reads_go_to_the_replica_only_inside_replica_reads(replica):
    assert route() is None
    with replica_reads():
        assert route() == "replica"
    assert route() is None


@pytest.mark.parametrize(("lag", "expected"), [(0.0, "replica"), (10.0, "replica"), (10.5, None), (None, None)])
def test_a_replica_behind_the_bound_or_not_streaming_sends_reads_to_the_primary(replica, lag, expected):
    replica["lag"] = lag
    with replica_reads():
        assert route() == expected


def test_the_lag_is_checked_at_most_every_few_seconds(replica):
    with replica_reads():
        for _ in range(5):
            route()
    assert replica["asked"] == 1
    assert dbrouter.replica_usable(now=10**9) is True
    assert replica["asked"] == 2


def test_without_a_replica_nothing_is_routed(settings, monkeypatch):
    monkeypatch.setattr(dbrouter, "replica_lag_seconds", lambda: pytest.fail("no replica to ask"))
    assert "replica" not in settings.DATABASES
    with replica_reads():
        assert route() is None


def test_writes_and_migrations_stay_on_the_primary(replica):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(OutboxTask) is None
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is True


def test_a_view_whose_replica_read_fails_runs_again_on_the_primary(replica):
    calls = []

    @reads_from_replica
    def view(request):
        calls.append(route())
        if calls[-1] == "replica":
            raise OperationalError("the replica went away")
        return "answered"

    assert view(RequestFactory().get("/insight/")) == "answered"
    assert calls == ["replica", None]


def test_a_failure_on_the_primary_is_not_retried(replica):
    replica["lag"] = None  # the replica is not used, so the error is the primary's

    @reads_from_replica
    def view(request):
        raise OperationalError("the primary went away")

    with pytest.raises(OperationalError):
        view(RequestFactory().get("/insight/"))


def test_a_post_never_reads_from_the_replica(replica):
    @reads_from_replica
    def view(request):
        return route()

    assert view(RequestFactory().post("/insight/")) is None
    assert view(RequestFactory().get("/insight/")) == "replica"
