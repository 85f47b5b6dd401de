"""Loading a calendar year gives the refused clocks of open cases their exact deadline, in the case's chain; the
warning staff see from 1 November; the staff page that loads a year.

The 2027 schedule is made up for the tests (see core/tests/test_calendar_load.py): Fri Jan 1 off, Sat Jan 2 a
make-up working day; Mon Feb 8 - Fri Feb 12 off, Sun Feb 7 and Sat Feb 20 make-up working days.
"""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from weiquan.complaints.events import verify_case
from weiquan.complaints.models import Complaint, Status
from weiquan.complaints.selectors_calendar import refused_clock_count
from weiquan.complaints.services import sla_sweep
from weiquan.complaints.services.clocks import complaints_fill_refused_deadlines
from weiquan.core.calendar_notice import notice_check
from weiquan.core.hashchain import plain
from weiquan.core.models import CalendarChange, CalendarYear
from weiquan.core.services import calendar_load_year
from weiquan.testing.cases import SH, act, fast_passwords, frozen, login  # noqa: F401
from weiquan.testing.factories import file_complaint, make_order

pytestmark = pytest.mark.django_db

NOTICE_2027 = {"year": 2027, "source": "国办发明电〔2026〕99号（测试）", "title": "2027年部分节假日安排",
               "rest_days": ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"],
               "work_days": ["2027-01-02", "2027-02-07", "2027-02-20"]}


def at(y, m, d, hh=10) -> datetime:
    return datetime(y, m, d, hh, tzinfo=SH)


def end_of(y, m, d) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=SH)


def hashchain_time(when: datetime) -> str:
    return plain({"t": when})["t"]


def fresh(complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def case_at(cast, when):
    order = make_order(consumer=cast.consumer, merchant=cast.shop, received_at=when - timedelta(days=5), lines=1)
    with frozen(when):
        return file_complaint(consumer=cast.consumer, order=order)


def step(user, complaint, action, when, **data):
    with frozen(when):
        act(user, complaint, action, **data)
    return fresh(complaint)


@pytest.fixture
def operator():
    return get_user_model().objects.create_superuser(username="ops_admin", password="pass-1234-word",
                                                     email="ops@example.com")


def load_2027(actor, when=at(2026, 12, 20)):
    with frozen(when):
        return calendar_load_year(actor=actor, notice=notice_check(**NOTICE_2027))


@pytest.fixture
def refused(cast):
    """Open cases whose clocks reached into 2027 before it was loaded, and one closed and one in 2026 alone."""
    merchant = step(cast.agent, case_at(cast, at(2026, 12, 30, 9)), "accept", at(2026, 12, 30))
    intake = case_at(cast, at(2026, 12, 31))
    mediation = step(cast.consumer, step(cast.agent, case_at(cast, at(2026, 12, 28, 9)), "accept",
                                         at(2026, 12, 28, 9, )), "escalate", at(2026, 12, 28))
    paused = step(cast.consumer, step(cast.agent, case_at(cast, at(2026, 12, 21, 8)), "accept", at(2026, 12, 21, 9)),
                  "escalate", at(2026, 12, 21))
    paused = step(cast.agent, paused, "pause_clock", at(2026, 12, 22), reason="送检")
    paused = step(cast.agent, paused, "resume_clock", at(2026, 12, 31))
    still_paused = step(cast.consumer, step(cast.agent, case_at(cast, at(2026, 12, 28, 8)), "accept",
                                            at(2026, 12, 28, 8)), "escalate", at(2026, 12, 28))
    still_paused = step(cast.agent, still_paused, "pause_clock", at(2026, 12, 29), reason="送检")
    withdrawn = step(cast.consumer, case_at(cast, at(2026, 12, 31, 11)), "withdraw", at(2026, 12, 31, 12),
                     reason="已与商家私下解决。")
    in_2026 = step(cast.agent, case_at(cast, at(2026, 12, 14, 9)), "accept", at(2026, 12, 14))
    return {"merchant": merchant, "intake": intake, "mediation": mediation, "paused": paused,
            "still_paused": still_paused, "withdrawn": withdrawn, "in_2026": in_2026}


def test_the_cases_start_refused(refused):
    assert {name: c.deadline for name, c in refused.items()} == {
        "merchant": None, "intake": None, "mediation": None, "paused": None, "still_paused": None,
        "withdrawn": None, "in_2026": end_of(2026, 12, 16)}
    assert refused_clock_count() == 5


def test_loading_the_year_sets_the_exact_deadlines_in_the_chain(refused, operator):
    events_before = {name: c.event_count for name, c in refused.items()}
    change = load_2027(operator)
    assert change.rearmed["complaints_fill_refused_deadlines"] == 5
    assert CalendarChange.objects.get().rearmed == change.rearmed
    got = {name: fresh(c) for name, c in refused.items()}
    assert {name: c.deadline for name, c in got.items()} == {
        "merchant": end_of(2027, 1, 2),  # Wed Dec 30: Thu 31, then Sat Jan 2, a make-up working day
        "intake": end_of(2027, 1, 2),  # Thu Dec 31: Fri Jan 1 off, Sat Jan 2 works
        "mediation": end_of(2027, 1, 4),  # Mon Dec 28: 29, 30, 31, Sat Jan 2, Mon Jan 4
        "paused": end_of(2027, 1, 6),  # Dec 28 moved on by the 7 working days lost from Dec 22 to 31
        "still_paused": end_of(2027, 1, 4),  # from the phase's start; resuming moves it on
        "withdrawn": None,  # closed: no clock
        "in_2026": end_of(2026, 12, 16),  # never refused: untouched
    }
    assert got["still_paused"].clock_paused_at == at(2026, 12, 29)
    for name in ("merchant", "intake", "mediation", "paused", "still_paused"):
        complaint = got[name]
        assert complaint.event_count == events_before[name] + 1
        event = complaint.events.get(seq=complaint.event_count)
        assert (event.type, event.actor, event.old, event.new) == (
            "deadline_set", operator, {"deadline": None}, {"deadline": complaint.deadline.astimezone(SH).isoformat()})
        assert event.data == {"phase": complaint.phase, "calendar_year": 2027,
                              "counted_from": hashchain_time(complaint.phase_started_at)}
        assert verify_case(complaint) == []  # written in the chain, not around it
    assert got["withdrawn"].event_count == events_before["withdrawn"]
    assert got["in_2026"].event_count == events_before["in_2026"]
    assert refused_clock_count() == 0


def test_the_set_deadlines_are_enforced_by_the_sweep(refused, operator):
    load_2027(operator)
    with frozen(at(2027, 1, 3)):  # Sunday: the merchant's deadline (Sat Jan 2) has passed
        report = sla_sweep()
    assert report.escalated == [refused["in_2026"].pk, refused["merchant"].pk]  # by deadline
    assert fresh(refused["merchant"]).status == Status.IN_MEDIATION


def test_filling_again_changes_nothing(refused, operator):
    load_2027(operator)
    counts = {name: fresh(c).event_count for name, c in refused.items()}
    assert complaints_fill_refused_deadlines(actor=None) == 0
    assert {name: fresh(c).event_count for name, c in refused.items()} == counts


def test_a_clock_that_needs_a_later_year_stays_refused(cast, operator):
    complaint = step(cast.agent, case_at(cast, at(2026, 12, 30, 9)), "accept", at(2026, 12, 30))
    with frozen(at(2026, 12, 20)):
        calendar_load_year(actor=operator, notice=notice_check(
            **{**NOTICE_2027, "year": 2028, "rest_days": ["2028-01-03"], "work_days": []}))
    assert fresh(complaint).deadline is None and fresh(complaint).event_count == complaint.event_count


def test_a_denied_load_sets_no_deadline(refused, cast):
    with pytest.raises(PermissionError):
        load_2027(cast.supervisor)
    assert fresh(refused["merchant"]).deadline is None
    assert not CalendarYear.objects.filter(year=2027).exists() and not CalendarChange.objects.exists()


# -- the staff page -----------------------------------------------------------------------------------------------

FORM = {"year": "2027", "source": NOTICE_2027["source"], "title": NOTICE_2027["title"],
        "rest_days": "\n".join(NOTICE_2027["rest_days"]), "work_days": ", ".join(NOTICE_2027["work_days"])}


def test_staff_load_a_year_on_the_admin_page(refused, operator):
    client = login(operator)
    with frozen(at(2026, 12, 5)):
        page = client.get(reverse("admin:core_calendaryear_changelist"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "2027 年的官方节假日安排尚未载入。" in html and "5 件未结案件因日历年份未载入而没有处理时限。" in html
        assert reverse("admin:core_calendaryear_load") in html
        response = client.post(reverse("admin:core_calendaryear_load"), FORM)
    assert response.status_code == 302 and response["Location"] == reverse("admin:core_calendaryear_changelist")
    assert fresh(refused["merchant"]).deadline == end_of(2027, 1, 2)
    assert CalendarYear.objects.get(year=2027).loaded_by == operator
    with frozen(at(2026, 12, 5)):
        assert "calendar-warning" not in client.get(reverse("admin:core_calendaryear_changelist")).content.decode()


@pytest.mark.parametrize("field,value,message", [
    ("rest_days", "2027-01-09", "rest_days 中的 2027-01-09 是星期六"),
    ("work_days", "2027-01-04", "work_days 中的 2027-01-04 是星期一"),
    ("rest_days", "2026-10-01", "rest_days 中的 2026-10-01 不在 2027 年。"),
    ("source", "", "这个字段是必填项。"),
])
def test_the_admin_page_refuses_a_bad_notice(refused, operator, field, value, message):
    response = login(operator).post(reverse("admin:core_calendaryear_load"), {**FORM, field: value})
    assert response.status_code == 200 and message in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists() and fresh(refused["merchant"]).deadline is None


def test_the_admin_page_refuses_a_second_load_unless_reload(operator):
    client = login(operator)
    assert client.post(reverse("admin:core_calendaryear_load"), FORM).status_code == 302
    response = client.post(reverse("admin:core_calendaryear_load"), {**FORM, "source": "另一份通知"})
    assert response.status_code == 200 and "2027 年的日历已经载入" in response.content.decode()
    assert CalendarYear.objects.get(year=2027).source == NOTICE_2027["source"]
    assert client.post(reverse("admin:core_calendaryear_load"), {**FORM, "source": "另一份通知", "reload": "on"}
                       ).status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "另一份通知"


@pytest.mark.parametrize("who", ["anonymous", "consumer", "supervisor", "staff_without_permission"])
def test_the_admin_page_is_denied_to_others(refused, cast, who):
    user = {"anonymous": None, "consumer": cast.consumer, "supervisor": cast.supervisor,
            "staff_without_permission": get_user_model().objects.create_user(username="plain_staff", is_staff=True)
            }[who]
    response = login(user).post(reverse("admin:core_calendaryear_load"), FORM)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")
    assert not CalendarYear.objects.filter(year=2027).exists() and fresh(refused["merchant"]).deadline is None


# -- the warning --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_supervisors_see_the_warning_from_1_november(refused, cast, language):
    client = login(cast.supervisor)
    client.cookies["django_language"] = language
    with frozen(at(2026, 10, 31)):
        page = client.get(reverse("complaints:console_supervisor")).content.decode()
    assert 'id="calendar-warning"' in page  # five open cases have no deadline: said at any time
    assert "2027" not in page.split('id="calendar-warning"')[1].split("</div>")[0]
    with frozen(at(2026, 11, 1, 0)):
        page = client.get(reverse("complaints:console_supervisor")).content.decode()
    warning = page.split('id="calendar-warning"')[1].split("</div>")[0]
    if language == "en":
        assert "The official holiday schedule for 2027 is not loaded yet." in warning
        assert "5 open cases have no deadline because a calendar year is not loaded." in warning
    else:
        assert "2027 年的官方节假日安排尚未载入。" in warning
        assert "5 件未结案件因日历年份未载入而没有处理时限。" in warning


def test_no_warning_before_1_november_when_nothing_waits(cast):
    client = login(cast.supervisor)
    with frozen(at(2026, 10, 31, 23)):
        assert "calendar-warning" not in client.get(reverse("complaints:console_supervisor")).content.decode()
    with frozen(at(2026, 11, 1, 0)):  # midnight in Shanghai, still 31 October in UTC
        assert "calendar-warning" in client.get(reverse("complaints:console_supervisor")).content.decode()


def test_readyz_carries_the_warning_without_failing(refused, client):
    with frozen(at(2026, 10, 31)):
        body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["warnings"] == {"calendar_years_missing": [],
                                "deadlines_refused": {"refused_clock_count": 5, "dsr_refused_deadline_count": 0}}
    with frozen(at(2026, 11, 1)):
        body = client.get("/readyz").json()
    assert body["status"] == "ready" and body["warnings"]["calendar_years_missing"] == [2027]
