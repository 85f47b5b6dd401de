"""Bounded counts: exact up to the bound, "more than the bound" after it, every count in one statement."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from weiquan.core import counting
from weiquan.core.counting import bounded_counts, count_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """Nine groups: seven "consumer" ones and two "agent" ones."""
    Group.objects.bulk_create([Group(name=f"counted-{'consumer' if i < 7 else 'agent'}-{i}") for i in range(9)])
    return Group.objects.filter(name__startswith="counted-")


def test_counts_are_exact_up_to_the_bound_and_stop_one_past_it(people):
    with CaptureQueriesContext(connection) as captured:
        counts = bounded_counts({"all": people, "consumers": people.filter(name__contains="consumer"),
                                 "agents": people.filter(name__contains="agent"), "none": people.filter(pk__in=[])}, cap=5)
    assert counts == {"all": 6, "consumers": 6, "agents": 2, "none": 0}
    assert len(captured) == 1 and captured[0]["sql"].count("LIMIT 6") == 3  # the empty filter never reaches SQL
    assert bounded_counts({"all": people}, cap=9) == {"all": 9}
    assert bounded_counts({"all": people}, cap=8) == {"all": 9}
    assert bounded_counts({}) == {}


def test_the_default_bound_is_read_when_counting(people, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_CAP", 3)
    assert bounded_counts({"all": people}) == {"all": 4}
    assert (count_label(4), count_label(3), count_label(0)) == ("3+", "3", "0")


def test_labels_group_thousands():
    assert (count_label(1001), count_label(1000), count_label(999)) == ("1,000+", "1,000", "999")
    assert count_label(12345, cap=20000) == "12,345"
