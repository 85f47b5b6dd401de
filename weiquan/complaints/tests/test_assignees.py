"""Only people who can act on a case are offered as its assignee: an appeal goes to a supervisor (agents cannot
review appeals)."""

import pytest

from weiquan.complaints.models import Complaint, Status
from weiquan.complaints.selectors_pages import assignable_staff
from weiquan.testing.cases import new_case

pytestmark = pytest.mark.django_db


def test_an_appeal_is_assignable_to_supervisors_only(cast):
    case = new_case(cast)
    assert {cast.agent, cast.agent2, cast.supervisor, cast.supervisor2} <= set(assignable_staff(case))
    Complaint.objects.filter(pk=case.pk).update(status=Status.APPEALED)
    case.refresh_from_db()
    offered = set(assignable_staff(case))
    assert {cast.supervisor, cast.supervisor2} <= offered
    assert cast.agent not in offered and cast.agent2 not in offered
